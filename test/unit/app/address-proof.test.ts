// Who may read the agents' answers (issue 18). Anyone may open a ticket in anyone's name; the 201
// token proves only that. Until the requester uses a link e-mailed to the address for that ticket
// (or writes authentic mail from it), the 201 token sees the requester's own messages and the
// status, never the agents' replies or their files. Proof is per ticket, never per address.
import { addCustomerMessage, downloadCustomerAttachment, openCustomerTicket, readCustomerTicket, type NewTicketRequest } from '../../../shared/app/customer-tickets';
import { receiveEmail } from '../../../shared/app/email-intake';
import { replyToCustomer } from '../../../shared/domain/lifecycle';
import { memoryApp, TRUSTED_MX } from '../../support/in-memory';
import { agent, at, directory, inboundEmail } from '../../support/mothers';

const request = (email = 'maria@example.org'): NewTicketRequest => ({
  customer: { name: 'Maria Customer', email, phone: null },
  topicId: 'other',
  subject: 'Card blocked',
  message: 'My card was blocked this morning.',
  source: 'web',
});

/** An agent answers, with a file, as the console would. */
async function agentAnswers(app: ReturnType<typeof memoryApp>, number: string): Promise<string> {
  const d = directory();
  const file = { id: 'statement', filename: 'statement.pdf', contentType: 'application/pdf', size: 3, sha256: 'a'.repeat(64) };
  await app.attachments.put(file.sha256, Buffer.from('pdf'));
  app.tickets.seed(replyToCustomer(app.tickets.stored(number), { message: 'Your new PIN is on its way.', attachments: [file] }, agent(d, 'admin'), d, at('2026-11-24T09:05:00.000Z')));
  return file.id;
}

test('the 201 token alone sees the requester\'s own messages and the status, not the agents\' reply or its file', async () => {
  const app = memoryApp();
  const { ticket, accessToken } = await openCustomerTicket(app.deps, request());
  const fileId = await agentAnswers(app, ticket.number);

  const seen = await readCustomerTicket(app.deps, ticket.number, accessToken);
  expect(seen).toMatchObject({ status: 'open', addressVerified: false, repliesHidden: 1 });
  expect(seen.thread.map((e) => e.body)).toEqual(['My card was blocked this morning.']);
  await expect(downloadCustomerAttachment(app.deps, ticket.number, accessToken, fileId)).rejects.toThrow(/no attachment|not found|There is no/i);
  // It may still add to the ticket.
  const added = await addCustomerMessage(app.deps, ticket.number, accessToken, 'It is still blocked.');
  expect(added.thread.map((e) => e.type)).toEqual(['message', 'message']);
  expect(app.tickets.stored(ticket.number).addressVerifiedAt).toBeNull();
});

test('the e-mailed link proves the address for that ticket: it sees everything, and from then on so does the 201 token', async () => {
  const app = memoryApp();
  const { ticket, accessToken } = await openCustomerTicket(app.deps, request());
  const fileId = await agentAnswers(app, ticket.number);
  const emailed = app.deps.ticketTokens.mailLink(ticket.number);
  expect(emailed).not.toBe(accessToken);

  const seen = await readCustomerTicket(app.deps, ticket.number, emailed);
  expect(seen).toMatchObject({ addressVerified: true, repliesHidden: 0 });
  expect(seen.thread.map((e) => e.type)).toEqual(['message', 'response']);
  expect((await downloadCustomerAttachment(app.deps, ticket.number, emailed, fileId)).content.toString()).toBe('pdf');
  const stored = app.tickets.stored(ticket.number);
  expect(stored.addressVerifiedAt).toBe('2026-11-24T09:00:00.000Z');
  expect(stored.thread.at(-1)).toMatchObject({ type: 'event', body: "requester's address (opened the e-mailed link) not verified → verified" });

  expect((await readCustomerTicket(app.deps, ticket.number, accessToken)).thread).toHaveLength(2);
  // A second use records nothing more.
  await readCustomerTicket(app.deps, ticket.number, emailed);
  expect(app.tickets.stored(ticket.number).thread).toHaveLength(stored.thread.length);
});

test('proof is per ticket: a verified victim does not make an attacker\'s new ticket in the victim\'s name readable', async () => {
  const app = memoryApp();
  const victims = await openCustomerTicket(app.deps, request());
  await readCustomerTicket(app.deps, victims.ticket.number, app.deps.ticketTokens.mailLink(victims.ticket.number));

  const attackers = await openCustomerTicket(app.deps, request());
  await agentAnswers(app, attackers.ticket.number);
  expect(await readCustomerTicket(app.deps, attackers.ticket.number, attackers.accessToken)).toMatchObject({ addressVerified: false, repliesHidden: 1 });
  // Nor does one ticket's e-mailed token open another.
  await expect(readCustomerTicket(app.deps, attackers.ticket.number, app.deps.ticketTokens.mailLink(victims.ticket.number))).rejects.toThrow(/There is no ticket/);
});

describe('by mail', () => {
  const mail = inboundEmail;
  const AUTHENTIC = [`${TRUSTED_MX}; dkim=pass header.d=example.org; dmarc=pass header.from=example.org`];

  test('a forged sender with a guessed tag opens a ticket of its own, unverified; the old ticket gets nothing', async () => {
    const app = memoryApp();
    const { ticket } = await openCustomerTicket(app.deps, request());
    const before = app.tickets.stored(ticket.number);

    const forged = mail({ subject: `Re: [#${ticket.number}] Card blocked`, text: 'Please send the new PIN to this address instead.', messageId: '<forged@evil.example>' });
    const result = await receiveEmail(app.deps, forged);

    expect(result.action).toBe('created');
    expect(result.reason).toContain(`sender not verified, so not added to ticket #${ticket.number}`);
    expect(result.ticket!.number).not.toBe(ticket.number);
    expect(app.tickets.stored(ticket.number)).toEqual(before);
    expect(app.tickets.stored(result.ticket!.number).addressVerifiedAt).toBeNull();
  });

  test('a header that says pass from a server the help desk does not trust is forged like any other', async () => {
    const app = memoryApp();
    const { ticket } = await openCustomerTicket(app.deps, request());
    const result = await receiveEmail(app.deps, mail({ subject: `Re: [#${ticket.number}]`, authenticationResults: ['mx.attacker.example; dmarc=pass header.from=example.org'] }));
    expect(result.action).toBe('created');
  });

  test('an authentic reply is appended and proves the address for that ticket', async () => {
    const app = memoryApp();
    const { ticket, accessToken } = await openCustomerTicket(app.deps, request());
    const result = await receiveEmail(app.deps, mail({ subject: `Re: [#${ticket.number}] Card blocked`, text: 'Still blocked.', authenticationResults: AUTHENTIC }));

    expect(result).toMatchObject({ action: 'appended', ticket: { number: ticket.number } });
    expect(result.reason).toContain(`dmarc=pass for example.org (${TRUSTED_MX})`);
    expect(app.tickets.stored(ticket.number).addressVerifiedAt).not.toBeNull();
    expect((await readCustomerTicket(app.deps, ticket.number, accessToken)).addressVerified).toBe(true);
  });

  test('a new ticket by authentic mail starts verified; by unauthenticated mail, not', async () => {
    const app = memoryApp();
    const authentic = await receiveEmail(app.deps, mail({ authenticationResults: AUTHENTIC }));
    const unknown = await receiveEmail(app.deps, mail({ messageId: '<m2@mail.example.org>' }));
    expect(app.tickets.stored(authentic.ticket!.number).addressVerifiedAt).not.toBeNull();
    expect(app.tickets.stored(unknown.ticket!.number).addressVerifiedAt).toBeNull();
    expect(unknown.reason).toContain('sender not verified: no Authentication-Results header from a trusted server');
  });
});
