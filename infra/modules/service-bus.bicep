metadata name = 'Service Bus'
metadata description = 'A Standard Service Bus namespace with key (SAS) authentication disabled, the lifecycle-events topic with its subscriptions, the queues, and the data-plane roles.'

@description('Required. Name of the namespace.')
param name string

@description('Optional. Location for the namespace.')
param location string = resourceGroup().location

@description('Optional. Tags of the resources.')
param tags object?

@description('Required. Topics, each with its subscriptions.')
param topics topicType[]

@description('Required. Queue names.')
param queueNames string[]

@description('Required. Principal ID of the app identity: Azure Service Bus Data Owner, so the Flex Consumption scale controller can read message counts.')
param appPrincipalId string

@description('Optional. Object ID of the operator: Data Sender and Data Receiver, for `npm run dead-letters` (list and resubmit). Empty grants nothing.')
param operatorPrincipalId string = ''

@description('Optional. Kind of the operator principal.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Optional. Duplicate detection window (ISO 8601 duration).')
param duplicateDetectionWindow string = 'PT10M'

@description('Optional. Deliveries before a message goes to the dead-letter queue.')
param maxDeliveryCount int = 10

@description('Optional. Peek-lock duration (ISO 8601 duration).')
param lockDuration string = 'PT30S'

@export()
@description('A topic and the names of its subscriptions.')
type topicType = {
  @description('Required. Topic name.')
  name: string

  @description('Required. Subscription names.')
  subscriptions: string[]
}

var roleIds = {
  dataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419' // Azure Service Bus Data Owner
  dataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender
  dataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // Azure Service Bus Data Receiver
}

var subscriptionList = flatten(map(topics, topic => map(topic.subscriptions, sub => { topic: topic.name, name: sub })))

// The app gets Data Owner, as the official Flex Consumption + Service Bus sample grants: with
// Sender + Receiver only, target-based scaling cannot read message counts (it needs Manage) and
// falls back to peeking, where scheduled SLA timers at the head of sla-timers hide due ones.
// The operator may list and resubmit dead letters, nothing more.
var roleAssignments = concat(
  [{ principalId: appPrincipalId, roleId: roleIds.dataOwner, principalType: 'ServicePrincipal' }],
  empty(operatorPrincipalId) ? [] : [
    { principalId: operatorPrincipalId, roleId: roleIds.dataSender, principalType: operatorPrincipalType }
    { principalId: operatorPrincipalId, roleId: roleIds.dataReceiver, principalType: operatorPrincipalType }
  ]
)

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource sbTopics 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = [
  for topic in topics: {
    parent: namespace
    name: topic.name
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      supportOrdering: false
    }
  }
]

resource sbSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for sub in subscriptionList: {
    name: '${name}/${sub.topic}/${sub.name}'
    properties: {
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      maxDeliveryCount: maxDeliveryCount
      lockDuration: lockDuration
    }
    dependsOn: [
      sbTopics
    ]
  }
]

resource sbQueues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queueName in queueNames: {
    parent: namespace
    name: queueName
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      deadLetteringOnMessageExpiration: true
      maxDeliveryCount: maxDeliveryCount
      lockDuration: lockDuration
    }
  }
]

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(namespace.id, assignment.principalId, assignment.roleId)
    scope: namespace
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleId)
      principalId: assignment.principalId
      principalType: assignment.principalType
    }
  }
]

@description('The name of the namespace.')
output name string = namespace.name

@description('The resource ID of the namespace.')
output resourceId string = namespace.id

@description('The fully qualified namespace, e.g. sb-abc.servicebus.windows.net.')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
