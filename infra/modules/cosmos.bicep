metadata name = 'Cosmos DB for NoSQL (serverless)'
metadata description = 'A serverless Cosmos DB account with key authentication disabled, one database, its containers, and data-plane role assignments.'

@description('Required. Name of the Cosmos DB account.')
param name string

@description('Optional. Location for the account.')
param location string = resourceGroup().location

@description('Optional. Tags of the resources.')
param tags object?

@description('Required. Name of the SQL database.')
param databaseName string

@description('Required. The containers, with the partition keys and indexing policies the code expects (shared/store/containers.ts).')
param containers containerType[]

@description('Required. Principal IDs granted Cosmos DB Built-in Data Contributor on the account (data plane).')
param dataContributorPrincipalIds string[]

@export()
@description('A container as the code declares it.')
type containerType = {
  @description('Required. Container id.')
  name: string

  @description('Required. Partition key path, e.g. /id.')
  partitionKeyPath: string

  @description('Optional. -1 turns on per-item TTL with no default expiry.')
  defaultTtl: int?

  @description('Required. The indexing policy.')
  indexingPolicy: object
}

// Cosmos DB Built-in Data Contributor: a data-plane role, assigned with sqlRoleAssignments (not
// Microsoft.Authorization), scoped to this account.
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: union(
        {
          id: container.name
          partitionKey: {
            paths: [
              container.partitionKeyPath
            ]
            kind: 'Hash'
            version: 2
          }
          indexingPolicy: container.indexingPolicy
        },
        container.?defaultTtl != null ? { defaultTtl: container.defaultTtl } : {}
      )
    }
  }
]

resource dataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, cosmosDataContributorRoleId)
    properties: {
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
      principalId: principalId
      scope: account.id
    }
  }
]

@description('The name of the Cosmos DB account.')
output name string = account.name

@description('The resource ID of the Cosmos DB account.')
output resourceId string = account.id

@description('The account endpoint, e.g. https://cosmos-abc.documents.azure.com:443/.')
output endpoint string = account.properties.documentEndpoint

@description('The name of the database.')
output databaseName string = database.name
