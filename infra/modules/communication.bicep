metadata name = 'Azure Communication Services Email'
metadata description = 'An Email Communication Service with an Azure-managed sender domain, linked to a Communication Service with key authentication disabled, and the sender role.'

@description('Required. Name of the Email Communication Service.')
param emailServiceName string

@description('Required. Name of the Communication Service.')
param communicationServiceName string

@description('Optional. Where the services keep data at rest (a geography, not a region).')
param dataLocation string = 'United States'

@description('Optional. Tags of the resources.')
param tags object?

@description('Required. Principal ID allowed to send mail through the Communication Service (the function app identity).')
param senderPrincipalId string

// Communication Services has no narrower built-in data role for sending e-mail with an Entra
// identity; Microsoft's managed-identity guidance grants Contributor, scoped here to this one
// Communication Service resource only.
var contributorRoleId = 'b24988ac-6180-42a0-ab88-20f7382dd24c'

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource azureManagedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    disableLocalAuth: true
    linkedDomains: [
      azureManagedDomain.id
    ]
  }
}

resource senderRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, senderPrincipalId, contributorRoleId)
  scope: communicationService
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributorRoleId)
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('The name of the Communication Service.')
output name string = communicationService.name

@description('The resource ID of the Communication Service.')
output resourceId string = communicationService.id

@description('The endpoint the e-mail client sends to, e.g. https://acs-abc.unitedstates.communication.azure.com.')
output endpoint string = 'https://${communicationService.properties.hostName}'

@description('The sender address of the Azure-managed domain.')
output senderAddress string = 'DoNotReply@${azureManagedDomain.properties.mailFromSenderDomain}'
