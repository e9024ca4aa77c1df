import type { AttachmentRef } from '../../../shared/domain/attachments';
import { addInternalNote, openTicket, replyToCustomer } from '../../../shared/domain/lifecycle';
import type { Ticket } from '../../../shared/domain/model';
import { notificationsFor } from '../../../shared/domain/notifications';
import { T0, agent, at, directory, hoursAfter, newTicket } from '../../support/mothers';

const d = directory();
const john = agent(d, 'john');

const ref = (filename: string, size: number): AttachmentRef => ({ id: `id-${filename}`, filename, contentType: 'text/plain', size, sha256: 'a'.repeat(64) });

const context = (ticket: Ticket) => ({
  directory: d,
  ticket,
  from: { name: 'Help desk', email: 'helpdesk@example.com' },
  messageIdDomain: 'example.com',
  customerLink: (n: string) => `https://help.example.com/#ticket=${n}&token=mail-link-token`,
  staffLink: (n: string) => `https://help.example.com/staff#ticket=${n}`,
});

/** The mails for the ticket's newest outbox event. */
const mailsFor = (ticket: Ticket) => notificationsFor(ticket.outbox.at(-1)!, context(ticket));

describe('files in notifications', () => {
  test('the reply notice brings the response\'s files to the customer and names them in the text', () => {
    const replied = replyToCustomer(newTicket(d), { message: 'Try this driver.', attachments: [ref('driver.txt', 100), ref('steps.pdf', 2000)] }, john, d, at(hoursAfter(T0, 1)));
    const [notice] = mailsFor(replied);
    expect(notice!.kind).toBe('replyNotice');
    expect(notice!.files.map((f) => f.filename)).toEqual(['driver.txt', 'steps.pdf']);
    expect(notice!.mail.text).toContain('Try this driver.\n\nAttached: driver.txt, steps.pdf');
  });

  test('files too large for one e-mail are named but not sent; those that fit still go', () => {
    const big = ref('scan.tiff', 7 * 1024 * 1024 - 10); // the README's 7 MB a mail, not the constant
    const replied = replyToCustomer(newTicket(d), { message: 'Scans.', attachments: [big, ref('more.png', 100), ref('note.txt', 5)] }, john, d, at(hoursAfter(T0, 1)));
    const [notice] = mailsFor(replied);
    expect(notice!.files.map((f) => f.filename)).toEqual(['scan.tiff', 'note.txt']);
    expect(notice!.mail.text).toContain('Attached: scan.tiff, more.png, note.txt');
  });

  test('agents\' alerts name the customer\'s files and carry none; a note\'s files go to nobody', () => {
    const opened = openTicket(
      { number: '100002', customer: { name: 'Maria', email: 'maria@example.org', phone: null }, topicId: 'other', subject: 'Broken', message: 'See the photo.', source: 'web', accessTokenHash: 'h', idempotencyKeyHash: null, attachments: [ref('photo.png', 100)] },
      d,
      at(T0),
    );
    const alerts = mailsFor(opened).filter((n) => n.kind === 'newTicketAlert');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.files.length === 0 && a.mail.text.includes('Attached: photo.png'))).toBe(true);
    const noted = addInternalNote(opened, 'Vendor case', john, d, at(hoursAfter(T0, 1)), [ref('case.pdf', 10)]);
    expect(mailsFor(noted)).toEqual([]);
  });
});

describe("osTicket's alert flag", () => {
  test('alert: false keeps the new-ticket alert from the agents; the auto-response still goes', () => {
    const quiet = openTicket(
      { number: '100003', customer: { name: 'Maria', email: 'maria@example.org', phone: null }, topicId: 'other', subject: 'Quiet', message: 'Hello', source: 'api', accessTokenHash: 'h', idempotencyKeyHash: null, alert: false },
      d,
      at(T0),
    );
    expect(mailsFor(quiet).map((n) => n.kind)).toEqual(['autoResponse']);
    expect(mailsFor(newTicket(d)).map((n) => n.kind)).toContain('newTicketAlert');
  });
});
