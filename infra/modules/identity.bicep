metadata name = 'User-assigned managed identity'
metadata description = 'The identity the function app uses for every service it reaches (storage, Cosmos DB, Service Bus, mail, monitoring).'

@description('Required. Name of the user-assigned managed identity.')
param name string

@description('Optional. Location for the identity.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource.')
param tags object?

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('The name of the identity.')
output name string = identity.name

@description('The resource ID of the identity.')
output resourceId string = identity.id

@description('The principal (object) ID of the identity, for role assignments.')
output principalId string = identity.properties.principalId

@description('The client ID of the identity, for AZURE_CLIENT_ID and identity-based connections.')
output clientId string = identity.properties.clientId
