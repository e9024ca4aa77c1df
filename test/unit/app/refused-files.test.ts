// "A refused action stores no files": each use case that takes files tries its rule on the ticket
// as it is before storing them, so a refusal leaves nothing behind in storage. In memory: the file
// store counts what it holds, the ticket and idempotency stores record every call.
import { openCustomerTicket, addCustomerMessage, type NewTicketRequest } from '../../../shared/app/customer-tickets';
import { prepareUploads } from '../../../shared/app/attachments';
import { receiveEmail } from '../../../shared/app/email-intake';
import { noteOnTicket, replyToTicket } from '../../../shared/app/staff-tickets';
import type { Actor } from '../../../shared/app/actor';
import { DomainError } from '../../../shared/domain/errors';
import { MAX_TICKET_BYTES } from '../../../shared/domain/lifecycle';
import type { Agent, DirectoryEntry } from '../../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../../shared/seed/demo-directory';
import { memoryApp, TRUSTED_MX } from '../../support/in-memory';
import { agent, directory, inboundEmail } from '../../support/mothers';

/** An agent of Support who may look but not act (the demo's view-only role). */
const viewer: Agent = { ...agent(directory(), 'john'), id: 'vera', name: 'Vera Viewer', email: 'vera@example.com', roleId: 'view-only' };
const ENTRIES: DirectoryEntry[] = [...DEMO_DIRECTORY, viewer];

function setUp() {
  const app = memoryApp({ directory: ENTRIES });
  const d = directory(ENTRIES);
  const actorOf = (id: string): Actor => ({ agent: agent(d, id), directory: d });
  const files = () => prepareUploads(app.deps, [{ filename: 'printer-log.txt', contentType: 'text/plain', content: Buffer.from(`paper jam at tray 2 ${Math.random()}`) }]);
  return { app, actorOf, files };
}

function request(overrides: Partial<NewTicketRequest> = {}): NewTicketRequest {
  return {
    customer: { name: 'Maria Customer', email: 'maria@example.org', phone: null },
    topicId: 'other',
    subject: 'The printer on floor 2 jams',
    message: 'Every second page jams at tray 2.',
    source: 'api',
    ...overrides,
  };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(err)}`);
  return err;
}

test('accepted, an agent\'s reply stores its file (so the refusals below are told apart by what they leave)', async () => {
  const { app, actorOf, files } = setUp();
  const { ticket } = await openCustomerTicket(app.deps, request());

  await replyToTicket(app.deps, actorOf('john'), ticket.number, { message: 'Here is the driver log' }, undefined, files());

  expect(app.attachments.files.size).toBe(1);
});

test('a reply by an agent whose role may not reply is refused, and stores no file', async () => {
  const { app, actorOf, files } = setUp();
  const { ticket } = await openCustomerTicket(app.deps, request());

  const err = await refusal(replyToTicket(app.deps, actorOf('vera'), ticket.number, { message: 'Try turning it off and on' }, undefined, files()));

  expect(err.code).toBe('forbidden');
  expect(app.attachments.files.size).toBe(0);
  expect(app.tickets.outcomes('replace')).toEqual([]);
});

test('a note on a ticket the agent cannot see (another department) is refused, and stores no file', async () => {
  const { app, actorOf, files } = setUp();
  const { ticket } = await openCustomerTicket(app.deps, request()); // Support's ticket; Jane is in System Administrators

  const err = await refusal(noteOnTicket(app.deps, actorOf('jane'), ticket.number, 'Seen this before', undefined, files()));

  expect(err.code).toBe('forbidden');
  expect(app.attachments.files.size).toBe(0);
  expect(app.tickets.outcomes('replace')).toEqual([]);
});

test('a new ticket the rules refuse (an unknown topic) stores no file, no ticket and no idempotency record', async () => {
  const { app, files } = setUp();

  const err = await refusal(openCustomerTicket(app.deps, request({ topicId: 'no-such-topic', files: files() }), 'key-1'));

  expect(err.code).toBe('validation_failed');
  expect(app.attachments.files.size).toBe(0);
  expect(app.tickets.outcomes('create')).toEqual([]);
  expect(app.idempotency.outcomes('create')).toEqual([]);
});

/** The stored ticket filled to 200 bytes short of its size limit: any message is more than that. */
function fill(app: ReturnType<typeof memoryApp>, number: string): void {
  const ticket = app.tickets.stored(number);
  const [first, ...rest] = ticket.thread;
  const room = MAX_TICKET_BYTES - Buffer.byteLength(JSON.stringify(ticket)) - 200;
  app.tickets.seed({ ...ticket, thread: [{ ...first!, body: first!.body + 'x'.repeat(room) }, ...rest] });
}

test('a customer\'s message to a ticket at its size limit is refused, and stores no file', async () => {
  const { app, files } = setUp();
  const { ticket, accessToken } = await openCustomerTicket(app.deps, request());
  fill(app, ticket.number);

  const err = await refusal(addCustomerMessage(app.deps, ticket.number, accessToken, 'Still jamming, photo attached', files()));

  expect(err.code).toBe('ticket_full');
  expect(app.attachments.files.size).toBe(0);
  expect(app.tickets.outcomes('replace')).toEqual([]);
});

test('an authentic e-mail reply with a file to a ticket at its size limit is refused, and stores no file', async () => {
  const { app } = setUp();
  const { ticket } = await openCustomerTicket(app.deps, request());
  fill(app, ticket.number);
  const mail = inboundEmail({
    subject: `Re: [#${ticket.number}] The printer on floor 2 jams`,
    text: 'Still jamming, the log is attached.',
    attachments: [{ filename: 'printer-log.txt', contentType: 'text/plain', content: Buffer.from('paper jam at tray 2') }],
    authenticationResults: [`${TRUSTED_MX}; dkim=pass header.d=example.org; dmarc=pass header.from=example.org`],
  });

  const err = await refusal(receiveEmail(app.deps, mail));

  expect(err.code).toBe('ticket_full');
  expect(app.attachments.files.size).toBe(0);
  expect(app.tickets.outcomes('replace')).toEqual([]);
});
