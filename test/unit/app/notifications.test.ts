// Sending an event's e-mails once per recipient, and never losing one: each send is begun before
// and finished after; a redelivery skips what was finished and takes over what was begun but not
// finished (a failed send, or a process that died in between). In-memory claims, a recording mailer.
import { MAIL_TAKEOVER_MS, notify } from '../../../shared/app/notifications';
import { ManualClock, memoryApp } from '../../support/in-memory';
import { directory, newTicket } from '../../support/mothers';

/** A new ticket's `created` event: an auto-response to the customer and an alert to each Support agent. */
function appWithNewTicket() {
  const clock = new ManualClock();
  const app = { ...memoryApp({ clock }), clock };
  const ticket = app.tickets.seed(newTicket(directory())).value;
  return { ...app, event: ticket.outbox.find((e) => e.type === 'created')! };
}

const recipients = (mails: { to: { email: string } }[]) => mails.map((m) => m.to.email);

test('when one recipient\'s send fails, the redelivery sends to that one (and those not reached), never again to the others', async () => {
  const { deps, mailer, claims, event } = appWithNewTicket();
  mailer.before('send', () => undefined).failNext('send', new Error('SMTP 451: try again later'));

  await expect(notify(deps, event)).rejects.toThrow('SMTP 451');
  const [first, failed] = mailer.calls.map((c) => c.key);
  expect(mailer.outcomes('send')).toEqual(['ok', 'error']);
  expect([...claims.finished]).toEqual([expect.stringContaining(first!)]);
  expect(claims.calls.filter((c) => c.op === 'release')).toEqual([{ op: 'release', key: expect.stringContaining(failed!), outcome: 'ok' }]);

  const sent = await notify(deps, event); // the bus redelivers the event

  const everyone = recipients(mailer.sent);
  expect(everyone.length).toBeGreaterThanOrEqual(3); // the customer and at least two agents
  expect(sent).toBe(everyone.length - 1); // all but the first, which already had its mail
  expect(new Set(everyone).size).toBe(everyone.length); // nobody mailed twice
  expect(everyone[0]).toBe(first);
  expect(everyone).toContain(failed);
});

test('a process that dies between beginning a mail and sending it loses nothing: the redelivery sends it', async () => {
  const { deps, mailer, claims, event, clock } = appWithNewTicket();
  // The process dies inside the first send: the mail is begun, it never leaves.
  let dying!: () => void;
  const inSend = new Promise<void>((resolve) => (dying = resolve));
  mailer.before('send', () => {
    dying();
    return new Promise(() => {});
  });
  void notify(deps, event);
  await inSend;
  expect(claims.held.size).toBe(1);
  expect(claims.finished.size).toBe(0);
  const begunTo = [...claims.held][0]!.split(':').at(-1);

  mailer.before('send', () => undefined);
  clock.advance(MAIL_TAKEOVER_MS); // the redelivery comes after the restart
  const sent = await notify(deps, event); // redelivered, to a fresh instance with the same claims

  expect(sent).toBeGreaterThanOrEqual(3);
  expect(recipients(mailer.sent)).toContain(begunTo);
  expect(new Set(recipients(mailer.sent)).size).toBe(sent);
  expect(claims.finished.size).toBe(sent);
});

test('the same event delivered twice at once: the second waits for the first and sends nothing', async () => {
  const { deps, mailer, event } = appWithNewTicket();
  let release!: () => void;
  const firstSending = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  mailer.before('send', () => (++calls === 1 ? firstSending : undefined));
  const first = notify(deps, event);
  await new Promise((r) => setTimeout(r, 50));
  const second = notify(deps, event); // finds the first mail begun and young: waits
  setTimeout(release, 300);
  const [a, b] = await Promise.all([first, second]);
  expect(a + b).toBe(new Set(recipients(mailer.sent)).size);
  expect(recipients(mailer.sent)).toHaveLength(new Set(recipients(mailer.sent)).size); // nobody mailed twice
});

test('a mail sent while the claims store cannot record it is not sent again by a redelivery', async () => {
  const { deps, mailer, claims, event } = appWithNewTicket();
  claims.failNext('finish', new Error('Cosmos DB unavailable'));
  const first = await notify(deps, event);
  expect(first).toBeGreaterThanOrEqual(3);
  expect(await notify(deps, event)).toBe(0); // redelivered
  expect(new Set(recipients(mailer.sent)).size).toBe(recipients(mailer.sent).length);
});
