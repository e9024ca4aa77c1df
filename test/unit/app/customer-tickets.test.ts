// Opening a ticket exactly once per Idempotency-Key, branch by branch. The stores are in memory and
// record every call with its outcome, so each test shows which branch ran, not only the result.
import { matchesHash } from '../../../shared/auth/customer-token';
import { openCustomerTicket, type NewTicketRequest } from '../../../shared/app/customer-tickets';
import { DomainError } from '../../../shared/domain/errors';
import { barrier, memoryApp } from '../../support/in-memory';
import { directory, newTicket } from '../../support/mothers';

const KEY = 'retry-me-7f3a';

function request(message = 'Since this morning the app says my password is wrong.'): NewTicketRequest {
  return {
    customer: { name: 'Maria Customer', email: 'maria@example.org', phone: null },
    topicId: 'other',
    subject: 'Mobile banking app will not log in',
    message,
    source: 'api',
  };
}

const storeDown = () => new DomainError('unavailable', 'The ticket store cannot be reached');

test('a twin request that writes the key\'s record first wins: the other uses that record and finds the ticket made', async () => {
  const app = memoryApp();
  let twin: Awaited<ReturnType<typeof openCustomerTicket>> | undefined;
  // Our request found no record; before its own record is written, the twin runs to the end.
  app.idempotency.before('create', async () => {
    twin = await openCustomerTicket(app.deps, request(), KEY);
  });

  const ours = await openCustomerTicket(app.deps, request(), KEY);

  expect(app.idempotency.outcomes('create')).toEqual(['ok', 'conflict']); // the twin's, then ours refused
  expect(app.tickets.outcomes('create')).toEqual(['ok', 'conflict']);
  expect(twin!.created).toBe(true);
  expect(ours).toMatchObject({ created: false, accessToken: twin!.accessToken, ticket: { number: twin!.ticket.number } });
  expect(app.tickets.all()).toHaveLength(1);
});

test('when the ticket create fails after the record is written, the retry creates the ticket the record names', async () => {
  const app = memoryApp();
  app.tickets.failNext('create', storeDown());

  await expect(openCustomerTicket(app.deps, request(), KEY)).rejects.toThrow('The ticket store cannot be reached');
  const [record] = app.idempotency.all();
  expect(record).toBeDefined();
  expect(app.tickets.all()).toEqual([]);

  const retried = await openCustomerTicket(app.deps, request(), KEY);

  expect(app.idempotency.outcomes('create')).toEqual(['ok']); // the retry wrote no second record
  expect(app.tickets.outcomes('create')).toEqual(['unavailable', 'ok']);
  expect(retried).toMatchObject({ created: true, ticket: { number: record!.ticketNumber } });
  expect(matchesHash(retried.accessToken, app.tickets.stored(record!.ticketNumber).accessTokenHash)).toBe(true);
  // A later retry answers the same token: derived from the secret, the key and the number, never stored.
  const again = await openCustomerTicket(app.deps, request(), KEY);
  expect(again).toMatchObject({ created: false, accessToken: retried.accessToken, ticket: { number: record!.ticketNumber } });
  expect(JSON.stringify([app.idempotency.all(), app.tickets.all()])).not.toContain(retried.accessToken);
});

test('when the record\'s number was taken by someone else\'s ticket meanwhile, the record moves to a fresh number', async () => {
  const app = memoryApp();
  app.tickets.failNext('create', storeDown());
  await expect(openCustomerTicket(app.deps, request(), KEY)).rejects.toThrow(DomainError);
  const taken = app.idempotency.all()[0]!.ticketNumber;
  const someoneElses = newTicket(directory(), { number: taken });
  app.tickets.seed(someoneElses);

  const retried = await openCustomerTicket(app.deps, request(), KEY);

  expect(app.tickets.outcomes('create')).toEqual(['unavailable', 'conflict', 'ok']);
  expect(app.idempotency.outcomes('replace')).toEqual(['ok']);
  const moved = app.idempotency.all()[0]!;
  expect(moved.ticketNumber).not.toBe(taken);
  expect(retried).toMatchObject({ created: true, ticket: { number: moved.ticketNumber } });
  expect(matchesHash(retried.accessToken, app.tickets.stored(moved.ticketNumber).accessTokenHash)).toBe(true);
  expect(app.tickets.stored(taken)).toEqual(someoneElses);
});

test('the same key sent with two different bodies at once: one ticket, and the other request is told the key is used', async () => {
  const app = memoryApp();
  const bothLooked = barrier(2);
  app.idempotency.before('get', bothLooked).before('get', bothLooked); // both find no record

  const results = await Promise.allSettled([openCustomerTicket(app.deps, request('First body'), KEY), openCustomerTicket(app.deps, request('Second body'), KEY)]);

  expect(app.idempotency.outcomes('create')).toEqual(['ok', 'conflict']);
  const opened = results.filter((r) => r.status === 'fulfilled');
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as DomainError] : []));
  expect(opened).toHaveLength(1);
  expect(refused.map((e) => e.code)).toEqual(['idempotency_key_reused']);
  expect(app.tickets.all()).toHaveLength(1);
  expect(app.tickets.outcomes('create')).toEqual(['ok']); // the loser created nothing
});
