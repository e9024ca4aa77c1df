// Errors the emulator reports to clients, with the AMQP conditions and management status codes
// Service Bus uses, so the SDK turns them into the same ServiceBusError codes it would in Azure
// (MessageLockLost, MessageNotFound, MessagingEntityNotFound, ...).

export type BrokerCondition =
  | 'com.microsoft:message-lock-lost'
  | 'com.microsoft:message-not-found'
  | 'com.microsoft:argument-error'
  | 'amqp:not-found'
  | 'amqp:not-implemented'
  | 'amqp:not-allowed'
  | 'amqp:internal-error';

const STATUS: Record<BrokerCondition, number> = {
  'com.microsoft:message-lock-lost': 410,
  'com.microsoft:message-not-found': 404,
  'com.microsoft:argument-error': 400,
  'amqp:not-found': 404,
  'amqp:not-implemented': 501,
  'amqp:not-allowed': 400,
  'amqp:internal-error': 500,
};

export class BrokerError extends Error {
  readonly statusCode: number;
  constructor(
    readonly condition: BrokerCondition,
    message: string,
  ) {
    super(message);
    this.name = 'BrokerError';
    this.statusCode = STATUS[condition];
  }
}

export function lockLost(): BrokerError {
  return new BrokerError(
    'com.microsoft:message-lock-lost',
    'The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.',
  );
}

export function entityNotFound(endpoint: string, path: string): BrokerError {
  return new BrokerError(
    'amqp:not-found',
    `The messaging entity '${endpoint}${path}' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.`,
  );
}

export function asBrokerError(err: unknown): BrokerError {
  if (err instanceof BrokerError) return err;
  return new BrokerError('amqp:internal-error', err instanceof Error ? err.message : String(err));
}
