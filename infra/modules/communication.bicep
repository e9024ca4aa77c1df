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

@description('Optional. A domain of your own to send from (e.g. help.contoso.com); empty sends from the Azure-managed domain only.')
param customDomain string = ''

@description('Optional. True once the custom domain is verified (its DNS records checked): then it is linked and mail goes out from it.')
param customDomainVerified bool = false

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

// A customer-managed domain: created on the first run with --mail-domain, verified once its DNS
// records exist ("Add custom verified email domains", Azure Communication Services docs), and only
// then linked, because a Communication Service refuses to link an unverified domain.
resource ownDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (!empty(customDomain)) {
  parent: emailService
  name: empty(customDomain) ? 'unused' : customDomain
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

var sendFromOwnDomain = !empty(customDomain) && customDomainVerified

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    disableLocalAuth: true
    linkedDomains: concat([azureManagedDomain.id], sendFromOwnDomain ? [ownDomain.id] : [])
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

@description('The sender address: the custom domain once it is verified and linked, else the Azure-managed domain.')
output senderAddress string = sendFromOwnDomain ? 'DoNotReply@${customDomain}' : 'DoNotReply@${azureManagedDomain.properties.mailFromSenderDomain}'

@description('The resource ID of the custom domain, or empty.')
output customDomainResourceId string = empty(customDomain) ? '' : ownDomain.id

@description('The DNS records the custom domain needs (Domain, SPF, DKIM, DKIM2, DMARC), or empty.')
output customDomainRecords object = empty(customDomain) ? {} : ownDomain!.properties.verificationRecords
