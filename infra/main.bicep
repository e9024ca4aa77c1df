metadata name = 'Help desk environment'
metadata description = 'One environment of the serverless help desk: a resource group with a Flex Consumption function app, Cosmos DB (serverless), Service Bus, Storage, Communication Services Email, Application Insights, a Key Vault for the one help-desk secret, and the managed identity that reaches them all without keys.'

targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Required. Name of the environment (e.g. dev, prod); names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Required. Azure region of every regional resource. Flex Consumption must be offered there.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional. Object ID of the operator who deploys; granted Cosmos DB data access so the deploy can seed the directory, Service Bus Data Sender and Receiver for `npm run dead-letters`, and Key Vault Secrets Officer so the deploy can write the help-desk secret. Empty grants nothing.')
param principalId string = ''

@description('Optional. Kind of the operator principal.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Optional. Entra tenant whose tokens the API accepts.')
param entraTenantId string = tenant().tenantId

@description('Optional. Application (client) ID of the help desk API app registration; agents\' tokens must carry it as audience.')
param entraApiClientId string = ''

@description('Optional. Public base URL of the help desk for links in e-mails; defaults to the function app URL.')
param publicBaseUrl string = ''

@description('Optional. Geography where Communication Services keeps e-mail data at rest.')
param mailDataLocation string = 'United States'

@description('Optional. A domain of your own to send mail from (npm run deploy -- --mail-domain); empty uses the Azure-managed domain only.')
param mailDomain string = ''

@description('Optional. True once that domain is verified; the deploy sets it from the domain\'s verification states.')
param mailDomainVerified bool = false

@description('Comma-separated authserv-ids of the mail services whose Authentication-Results headers inbound mail is judged by (issue 18); empty: no mail counts as authentic')
param inboundTrustedAuthservIds string = ''

@description('Optional. Name of the resource group; defaults to rg-<environmentName>.')
param resourceGroupName string = ''

@description('Optional. Largest attachment accepted, in bytes.')
@minValue(1)
@maxValue(104857600)
param attachmentMaxBytes int = 10485760

@description('Optional. Most files on one message, response or note.')
@minValue(0)
@maxValue(20)
param attachmentMaxCount int = 5

@description('Optional. Media types accepted as attachments, comma-separated; `image/*` or a trailing `*` matches a family.')
param attachmentTypes string = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/zip,application/x-zip-compressed,message/rfc822,application/msword,application/vnd.ms-excel,application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.*,application/vnd.oasis.opendocument.*'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'helpdesk'
  'created-by': 'helpdesk infra/main.bicep'
}
var functionAppName = '${abbrs.webSitesFunctions}helpdesk-${resourceToken}'
var deploymentContainerName = 'deployment-package'
// Where attachments are kept, by content hash (shared/store/blob-attachments.ts ATTACHMENTS_CONTAINER).
var attachmentsContainerName = 'attachments'
var cosmosDatabaseName = 'helpdesk'
// The one help-desk secret's name in the vault; the deploy writes it once (scripts/deploy.ts).
var helpdeskSecretName = 'helpdesk-secret'

// The same containers, partition keys, TTL and indexing policies as shared/store/containers.ts
// (test/infra compares the two).
var cosmosContainers = [
  {
    name: 'tickets'
    partitionKeyPath: '/id'
    indexingPolicy: {
      indexingMode: 'consistent'
      includedPaths: [
        { path: '/*' }
      ]
      excludedPaths: [
        { path: '/thread/*' }
        { path: '/outbox/*' }
        { path: '/"_etag"/?' }
      ]
      compositeIndexes: [
        [
          { path: '/status', order: 'ascending' }
          { path: '/lastActivityAt', order: 'descending' }
        ]
        [
          { path: '/status', order: 'ascending' }
          { path: '/dueAt', order: 'ascending' }
        ]
        [
          { path: '/status', order: 'ascending' }
          { path: '/updatedAt', order: 'descending' }
        ]
        [
          { path: '/status', order: 'ascending' }
          { path: '/assigneeId', order: 'ascending' }
          { path: '/lastActivityAt', order: 'descending' }
        ]
        [
          { path: '/status', order: 'ascending' }
          { path: '/answered', order: 'ascending' }
          { path: '/lastActivityAt', order: 'descending' }
        ]
      ]
    }
  }
  {
    name: 'directory'
    partitionKeyPath: '/kind'
    indexingPolicy: {
      indexingMode: 'consistent'
      includedPaths: [
        { path: '/*' }
      ]
      excludedPaths: [
        { path: '/"_etag"/?' }
      ]
    }
  }
  {
    name: 'idempotency'
    partitionKeyPath: '/id'
    defaultTtl: -1
    indexingPolicy: {
      indexingMode: 'consistent'
      includedPaths: []
      excludedPaths: [
        { path: '/*' }
      ]
    }
  }
  {
    name: 'audit'
    partitionKeyPath: '/id'
    indexingPolicy: {
      indexingMode: 'consistent'
      includedPaths: [
        { path: '/*' }
      ]
      excludedPaths: [
        { path: '/before/*' }
        { path: '/after/*' }
        { path: '/"_etag"/?' }
      ]
    }
  }
  {
    name: 'apiKeys'
    partitionKeyPath: '/id'
    indexingPolicy: {
      indexingMode: 'consistent'
      includedPaths: [
        { path: '/*' }
      ]
      excludedPaths: [
        { path: '/"_etag"/?' }
      ]
    }
  }
  {
    name: 'slaCounters'
    partitionKeyPath: '/id'
    indexingPolicy: {
      indexingMode: 'consistent'
      includedPaths: [
        { path: '/type/?' }
        { path: '/day/?' }
        { path: '/departmentId/?' }
      ]
      excludedPaths: [
        { path: '/*' }
      ]
    }
  }
  {
    // The change-feed leases of the events-publish function (Cosmos DB trigger): declared here,
    // since the app's data-plane role cannot create containers.
    name: 'leases'
    partitionKeyPath: '/id'
    indexingPolicy: {
      indexingMode: 'consistent'
      includedPaths: [
        { path: '/*' }
      ]
      excludedPaths: [
        { path: '/"_etag"/?' }
      ]
    }
  }
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// A user-assigned identity rather than the app's system-assigned one: it exists before the app,
// so every role assignment is in place when the app first starts and reads its package.
module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}helpdesk-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      deploymentContainerName
      attachmentsContainerName
    ]
    blobDataOwnerPrincipalId: identity.outputs.principalId
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    containers: cosmosContainers
    dataContributorPrincipalIds: concat([identity.outputs.principalId], empty(principalId) ? [] : [principalId])
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    topics: [
      {
        name: 'ticket-events'
        subscriptions: [
          'notifications'
          'sla'
          'stats'
        ]
      }
    ]
    queueNames: [
      'sla-timers'
    ]
    // A day: longer than the outbox retention (12 h, shared/domain/lifecycle.ts) plus the publisher's
    // lag alarm (1 h), so an event the change feed brings again is always recognised and dropped.
    duplicateDetectionWindow: 'P1D'
    maxDeliveryCount: 10
    lockDuration: 'PT30S'
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
}

module mail 'modules/communication.bicep' = {
  name: 'mail'
  scope: rg
  params: {
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    communicationServiceName: '${abbrs.communicationCommunicationServices}${resourceToken}'
    dataLocation: mailDataLocation
    customDomain: mailDomain
    customDomainVerified: mailDomainVerified
    tags: tags
    senderPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    secretsUserPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    cosmosEndpoint: cosmos.outputs.endpoint
    // Exactly the settings the code reads (shared/config.ts SETTINGS, scope azure or both);
    // test/infra/bicep.test.ts fails when the two disagree.
    appSettings: {
      COSMOS_ENDPOINT: cosmos.outputs.endpoint
      COSMOS_DATABASE: cosmosDatabaseName
      AUTH_MODE: 'entra'
      SERVICEBUS_NAMESPACE: serviceBus.outputs.fullyQualifiedNamespace
      ACS_EMAIL_ENDPOINT: mail.outputs.endpoint
      MAIL_FROM: mail.outputs.senderAddress
      PUBLIC_BASE_URL: !empty(publicBaseUrl) ? publicBaseUrl : 'https://${functionAppName}.azurewebsites.net'
      ENTRA_TENANT_ID: entraTenantId
      ENTRA_API_CLIENT_ID: entraApiClientId
      ATTACHMENTS_BLOB_ENDPOINT: storage.outputs.blobEndpoint
      ATTACHMENT_MAX_BYTES: string(attachmentMaxBytes)
      ATTACHMENT_MAX_COUNT: string(attachmentMaxCount)
      ATTACHMENT_TYPES: attachmentTypes
      // Intake limits (issue 19); an operator changes them on the app's settings.
      INTAKE_MAX_PER_REQUESTER: '10'
      INTAKE_MAX_PER_CLIENT: '30'
      INTAKE_LIMIT_LOOPBACK: 'false'
      MAX_OPEN_TICKETS_PER_USER: '0'
      // Whose Authentication-Results count (issue 18): npm run deploy -- --trusted-authserv-ids.
      INBOUND_TRUSTED_AUTHSERV_IDS: inboundTrustedAuthservIds
      // A Key Vault reference, resolved by the platform with the app identity (keyVaultReferenceIdentity
      // in modules/function-app.bicep): "Use Key Vault references as app settings in Azure App
      // Service and Azure Functions". No version: the latest, which the deploy writes only once.
      HELPDESK_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/${helpdeskSecretName})'
      // Where the secrets mailboxes name (secretRef) are read with the app identity (issue 24).
      KEY_VAULT_URI: keyVault.outputs.uri
    }
  }
  dependsOn: [
    // The app must not start before it may read its package and write host state.
    storage
  ]
}

@description('Region of the environment.')
output AZURE_LOCATION string = location

@description('Tenant of the environment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Name of the resource group that holds everything.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the HTTP API.')
output API_BASE_URL string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('Cosmos DB account endpoint.')
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint

@description('Cosmos DB database name.')
output COSMOS_DATABASE string = cosmos.outputs.databaseName

@description('Fully qualified Service Bus namespace.')
output SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace

@description('Communication Services endpoint for e-mail.')
output ACS_EMAIL_ENDPOINT string = mail.outputs.endpoint

@description('Sender address of outgoing e-mail.')
output MAIL_FROM string = mail.outputs.senderAddress
output MAIL_DOMAIN_RESOURCE_ID string = mail.outputs.customDomainResourceId
output MAIL_DOMAIN_RECORDS object = mail.outputs.customDomainRecords

@description('Name of the Application Insights component (logs and traces).')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Name of the Log Analytics workspace.')
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName

@description('Name of the Key Vault that keeps the help-desk secret.')
output KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the help-desk secret in that vault.')
output HELPDESK_SECRET_NAME string = helpdeskSecretName
