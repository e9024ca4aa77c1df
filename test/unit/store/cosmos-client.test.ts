// The Cosmos DB client module's error mapping (shared/store/cosmos/client.ts): every adapter's
// failures reach the application in the domain's vocabulary, and only those it knows.
import { ErrorResponse } from '@azure/cosmos';
import { isDomainError, mapError } from '../../../shared/store/cosmos/client';
import { DomainError } from '../../../shared/domain/errors';

function sdkError(code: number | string): ErrorResponse {
  const err = new ErrorResponse(`status ${code}`);
  err.code = code;
  return err;
}

function mapped(err: unknown): unknown {
  try {
    mapError(err, 'Ticket #100001');
  } catch (thrown) {
    return thrown;
  }
  throw new Error('mapError returned');
}

test.each([
  [409, 'conflict', 'Ticket #100001 already exists'],
  [412, 'precondition_failed', 'Ticket #100001 was changed by someone else'],
  [429, 'unavailable', 'The ticket store is unavailable; try again shortly'],
  [503, 'unavailable', 'The ticket store is unavailable; try again shortly'],
  ['ECONNREFUSED', 'unavailable', 'The ticket store is unavailable; try again shortly'],
])('status %s is the domain error %s', (status, code, message) => {
  const err = mapped(sdkError(status));
  expect(err).toBeInstanceOf(DomainError);
  expect(err).toMatchObject({ code, message });
});

test('a dropped connection the SDK reports only in its message is unavailable too', () => {
  expect(mapped(new Error('request to http://127.0.0.1:1 failed, reason: socket hang up'))).toMatchObject({ code: 'unavailable' });
});

test('anything else (a 400, a bug) reaches the caller as it is', () => {
  const bad = sdkError(400);
  expect(mapped(bad)).toBe(bad);
  const bug = new TypeError('x is undefined');
  expect(mapped(bug)).toBe(bug);
});

test('isDomainError tells the adapters\' "someone came first" cases by code', () => {
  expect(isDomainError(new DomainError('conflict', 'taken'), 'conflict')).toBe(true);
  expect(isDomainError(new DomainError('conflict', 'taken'), 'precondition_failed')).toBe(false);
  expect(isDomainError(sdkError(409), 'conflict')).toBe(false);
});
