// Domain errors carry a stable code; only the HTTP edge maps codes to status codes.

export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'invalid_transition',
  'ticket_closed',
  'ticket_full',
  'too_large',
  'unsupported_media_type',
  'idempotency_key_reused',
  'unavailable',
  'rate_limited',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * Intake over one of its limits (issue 19): too many new tickets in the window (`rate_limited`,
 * with when to try again), or too many open tickets for one requester (`conflict`, no retry time).
 */
export class IntakeLimited extends DomainError {
  constructor(
    code: 'rate_limited' | 'conflict',
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(code, message);
    this.name = 'IntakeLimited';
  }
}

export const forbidden = (message: string): DomainError => new DomainError('forbidden', message);
export const notFound = (message: string): DomainError => new DomainError('not_found', message);
export const invalid = (message: string, details: ErrorDetail[] = []): DomainError =>
  new DomainError('validation_failed', message, details);
