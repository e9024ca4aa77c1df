// The write-retry loop: read, apply the rule, replace on the etag; a stale etag means someone wrote
// first, so read again and re-apply. The store is in memory; "someone" is a hook that writes the
// ticket between our read and our replace, exactly where a concurrent request would.
import { writeTicket, type TicketUpdate } from '../../../shared/app/ticket-writes';
import { DomainError } from '../../../shared/domain/errors';
import { addInternalNote, updateTicket } from '../../../shared/domain/lifecycle';
import type { Ticket } from '../../../shared/domain/model';
import { MemoryTickets } from '../../support/in-memory';
import { T0, agent, at, directory, newTicket } from '../../support/mothers';

const d = directory();
const john = agent(d, 'john'); // Support, expanded access
const admin = agent(d, 'admin');

function storeWith(ticket: Ticket = newTicket(d)) {
  const tickets = new MemoryTickets();
  tickets.seed(ticket);
  return { tickets, number: ticket.number };
}

/** Another request's write, landing between our read and our replace. */
function interfere(tickets: MemoryTickets, number: string, change: (t: Ticket) => Ticket, times = 1): void {
  for (let i = 0; i < times; i++) tickets.before('replace', () => void tickets.seed(change(tickets.stored(number))));
}

const adminNote = (t: Ticket) => addInternalNote(t, 'Looking into it', admin, d, at(T0));
const johnRaisesPriority: TicketUpdate = (t) => updateTicket(t, { priority: 'high' }, john, d, at(T0));

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(err)}`);
  return err;
}

beforeEach(() => {
  // No back-off wait between attempts: the loop's logic is under test, not its pacing.
  jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

test('a writer that collides three times re-reads each time and lands on the fourth attempt, losing nobody\'s change', async () => {
  const { tickets, number } = storeWith();
  interfere(tickets, number, adminNote, 3);

  const saved = await writeTicket(tickets, number, johnRaisesPriority);

  expect(tickets.outcomes('replace')).toEqual(['precondition_failed', 'precondition_failed', 'precondition_failed', 'ok']);
  expect(tickets.outcomes('get')).toHaveLength(4);
  const stored = tickets.stored(number);
  expect(stored.priority).toBe('high');
  expect(stored.thread.filter((e) => e.type === 'note')).toHaveLength(3);
  expect(saved.value).toEqual(stored);
});

test('after 25 collisions in a row the writer gives up with 503 "too busy", having written nothing', async () => {
  const { tickets, number } = storeWith();
  interfere(tickets, number, adminNote, 30);

  const err = await refusal(writeTicket(tickets, number, johnRaisesPriority));

  expect(err.code).toBe('unavailable');
  expect(err.message).toBe(`Ticket #${number} is too busy right now; try again`);
  expect(tickets.outcomes('replace')).toEqual(Array(25).fill('precondition_failed'));
  expect(tickets.stored(number).priority).toBe('normal');
});

test('the rule is applied again to the fresh ticket: moved meanwhile to a department John cannot see, his change is refused', async () => {
  const { tickets, number } = storeWith();
  interfere(tickets, number, (t) => updateTicket(t, { departmentId: 'sysadmin' }, admin, d, at(T0)).ticket);

  const err = await refusal(writeTicket(tickets, number, johnRaisesPriority));

  expect(err.code).toBe('forbidden');
  expect(tickets.outcomes('replace')).toEqual(['precondition_failed']);
  expect(tickets.stored(number)).toMatchObject({ departmentId: 'sysadmin', priority: 'normal' });
});

test('an error other than a stale etag is not retried: it reaches the caller as it is', async () => {
  const { tickets, number } = storeWith();
  tickets.failNext('replace', new DomainError('unavailable', 'The ticket store cannot be reached'));

  const err = await refusal(writeTicket(tickets, number, johnRaisesPriority));

  expect(err.message).toBe('The ticket store cannot be reached');
  expect(tickets.outcomes('replace')).toEqual(['unavailable']);
  expect(tickets.outcomes('get')).toHaveLength(1);
});

test('with the client\'s If-Match, a write that goes stale between read and replace answers 412 and does not retry', async () => {
  const { tickets, number } = storeWith();
  const read = await tickets.get(number);
  interfere(tickets, number, adminNote);

  const err = await refusal(writeTicket(tickets, number, johnRaisesPriority, read!.etag));

  expect(err.code).toBe('precondition_failed');
  expect(err.message).toBe(`Ticket #${number} has changed since you read it; reload it and try again`);
  expect(tickets.outcomes('get')).toHaveLength(2); // the test's own read, then the writer's one
  expect(tickets.outcomes('replace')).toEqual(['precondition_failed']);
  expect(tickets.stored(number)).toMatchObject({ priority: 'normal', thread: expect.arrayContaining([expect.objectContaining({ type: 'note' })]) });
});

test('an If-Match that is already stale when read is refused before anything is written', async () => {
  const { tickets, number } = storeWith();
  const err = await refusal(writeTicket(tickets, number, johnRaisesPriority, '"an-old-version"'));
  expect(err.code).toBe('precondition_failed');
  expect(tickets.outcomes('replace')).toEqual([]);
});

test('a change that changes nothing writes nothing and answers the stored version', async () => {
  const { tickets, number } = storeWith();
  const before = await tickets.get(number);

  const saved = await writeTicket(tickets, number, (t) => updateTicket(t, { priority: 'normal' }, john, d, at(T0)));

  expect(saved).toEqual(before);
  expect(tickets.outcomes('replace')).toEqual([]);
});

test('re-applied after a collision, a change another writer already made changes nothing: nothing more is written', async () => {
  const { tickets, number } = storeWith();
  interfere(tickets, number, (t) => updateTicket(t, { priority: 'high' }, admin, d, at(T0)).ticket);

  const saved = await writeTicket(tickets, number, johnRaisesPriority);

  expect(tickets.outcomes('replace')).toEqual(['precondition_failed']); // our one try; the retry found nothing to do
  expect(tickets.outcomes('get')).toHaveLength(2);
  expect(saved).toEqual(await tickets.get(number)); // the other writer's version, as it is stored
});
