metadata name = 'Key Vault'
metadata description = 'The vault that keeps the one help-desk secret (issue 18): Azure RBAC, soft delete on and purge protection off (teardown purges it, so the same environment name deploys again), Key Vault Secrets User for the app identity and Key Vault Secrets Officer for the operator who deploys.'

@description('Required. Name of the vault (3-24 letters, digits and hyphens, starting with a letter).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Location for the vault.')
param location string = resourceGroup().location

@description('Optional. Tags of the vault.')
param tags object?

@description('Required. Principal ID of the app identity: Key Vault Secrets User, so the platform resolves the app setting\'s Key Vault reference.')
param secretsUserPrincipalId string

@description('Optional. Object ID of the operator who deploys: Key Vault Secrets Officer, so the deploy can write the secret once. Empty grants nothing.')
param operatorPrincipalId string = ''

@description('Optional. Kind of the operator principal.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Optional. Days a deleted vault stays recoverable (7-90); teardown purges it at once anyway.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 7

// Built-in data-plane roles for vaults in the Azure RBAC permission model (learn.microsoft.com/
// azure/key-vault/general/rbac-guide, "Azure built-in roles for Key Vault data plane operations").
var roleIds = {
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User: read secret contents
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer: any action on secrets, no permissions
}

var roleAssignments = concat(
  [{ principalId: secretsUserPrincipalId, roleId: roleIds.secretsUser, principalType: 'ServicePrincipal' }],
  empty(operatorPrincipalId) ? [] : [{ principalId: operatorPrincipalId, roleId: roleIds.secretsOfficer, principalType: operatorPrincipalType }]
)

// Properties as in the Microsoft.KeyVault/vaults template reference (learn.microsoft.com/azure/
// templates/microsoft.keyvault/vaults). enablePurgeProtection is left out, not set false: "Enabling
// this functionality is irreversible - that is, the property does not accept false as its value"
// (KeyVaultProperties.EnablePurgeProtection), and a vault without it can be purged by teardown.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // The Flex Consumption app has no virtual network here, and the deploy writes the secret from
    // the operator's machine: both reach the vault over its public endpoint, with Entra tokens.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource secretRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(vault.id, assignment.principalId, assignment.roleId)
    scope: vault
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
      principalId: assignment.principalId
      principalType: assignment.principalType
    }
  }
]

@description('The name of the vault.')
output name string = vault.name

@description('The resource ID of the vault.')
output resourceId string = vault.id

@description('The vault URI, e.g. https://kv-abc.vault.azure.net/.')
output uri string = vault.properties.vaultUri
