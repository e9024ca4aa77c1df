metadata name = 'Function app on Flex Consumption'
metadata description = 'A Linux Flex Consumption (FC1) plan and a Node.js function app that runs as a user-assigned identity, reads its deployment package from blob storage and resolves Key Vault references with that identity, and takes the app settings it is given plus the host settings below.'

@description('Required. Name of the function app.')
param name string

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Optional. Location for the plan and the app.')
param location string = resourceGroup().location

@description('Optional. Tags of the resources; the app also gets the azd-service-name tag.')
param tags object = {}

@description('Required. Resource ID of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Required. Client ID of that identity.')
param identityClientId string

@description('Required. Blob endpoint of the storage account (host storage and deployment package).')
param storageBlobEndpoint string

@description('Required. Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Required. Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Required. The settings the application code reads (shared/config.ts SETTINGS).')
param appSettings object

@description('Required. Fully qualified Service Bus namespace the triggers listen on.')
param serviceBusNamespace string

@description('Required. Cosmos DB account endpoint whose change feed the events-publish trigger reads.')
param cosmosEndpoint string

@description('Optional. Node.js version of the Functions runtime.')
param nodeVersion string = '22'

@description('Optional. Upper bound of instances; keeps a runaway bill in check.')
@minValue(1)
param maximumInstanceCount int = 40

@description('Optional. Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// Settings for the Functions host and the platform, not read by the application code. Flex
// Consumption rejects FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and
// WEBSITE_RUN_FROM_PACKAGE: functionAppConfig carries the runtime and the package instead.
// Settings the Functions host reads, not the code: identity-based connections for the storage
// it keeps state in, for the Service Bus triggers (connection name `ServiceBusConnection`) and the Cosmos DB trigger (`CosmosConnection`).
var hostSettings = {
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId
  // The Cosmos DB trigger (events-publish) reads the tickets' change feed and keeps its leases with
  // the same identity: its Cosmos DB Built-in Data Contributor role covers both containers.
  CosmosConnection__accountEndpoint: cosmosEndpoint
  CosmosConnection__credential: 'managedidentity'
  CosmosConnection__clientId: identityClientId
  // The web pages live at the site root; the host's own home page must not answer there.
  AzureWebJobsDisableHomepage: 'true'
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    // Key Vault references (HELPDESK_SECRET) are resolved with the user-assigned identity; without
    // this the platform uses a system-assigned one, which this app has not ("Use Key Vault
    // references as app settings", Access vaults with a user-assigned identity).
    keyVaultReferenceIdentity: identityResourceId
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    // Only what the official Flex Consumption samples set: ARM refuses the site properties the
    // "Flex Consumption plan deprecations" table lists (ftpsState among them, error 51021), and
    // FTP is off anyway through the publishing-credentials policies below.
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, hostSettings)
}

// No basic (publishing) credentials: FTP and SCM accept Entra sign-in only.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('The name of the function app.')
output name string = site.name

@description('The resource ID of the function app.')
output resourceId string = site.id

@description('The default host name, e.g. func-abc.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName
