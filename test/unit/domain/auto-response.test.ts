// The auto-response goes to whatever address a stranger typed, so it must carry nothing they wrote
// (issue 19): with the subject or name in it, the help desk would relay their text from its own
// domain. It says what the help desk chose instead: the number, the topic, the customer's link.
import { openTicket } from '../../../shared/domain/lifecycle';
import { notificationsFor } from '../../../shared/domain/notifications';
import { T0, at, directory } from '../../support/mothers';

const d = directory();
const SPAM = 'WIN A PRIZE at prizes.example';

const opened = openTicket(
  {
    number: '100777',
    customer: { name: `${SPAM} now`, email: 'victim@example.org', phone: null },
    topicId: 'other',
    subject: `${SPAM}, click https://prizes.example`,
    message: `${SPAM}: the body`,
    source: 'web',
    accessTokenHash: 'h',
    idempotencyKeyHash: null,
  },
  d,
  at(T0),
);

const [autoResponse] = notificationsFor(opened.outbox.at(-1)!, {
  directory: d,
  ticket: opened,
  from: { name: 'Help desk', email: 'helpdesk@example.com' },
  messageIdDomain: 'example.com',
  customerLink: (n: string) => `https://help.example.com/#ticket=${n}&token=tok`,
  staffLink: (n: string) => `https://help.example.com/staff#ticket=${n}`,
}).filter((n) => n.kind === 'autoResponse');

test('no word the requester wrote reaches the auto-response: subject, text or recipient name', () => {
  const { mail } = autoResponse!;
  expect(JSON.stringify([mail.subject, mail.text, mail.html, mail.to])).not.toMatch(/PRIZE|prizes/i);
  expect(mail.to).toEqual({ name: '', email: 'victim@example.org' });
});

test('it names the ticket number, the topic and the customer link, and says what to do if it was not them', () => {
  const { mail } = autoResponse!;
  expect(mail.subject).toBe('[#100777] We received your request');
  expect(mail.text).toContain('Ticket #100777 (Other) has been opened');
  expect(mail.text).toContain('https://help.example.com/#ticket=100777&token=tok');
  expect(mail.text).toContain('If you did not write to us');
});
