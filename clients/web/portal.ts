// The customer portal. Three views in one page, chosen by the URL fragment:
//   (none)                 the "Open a new ticket" form
//   #ticket=N&token=T      the ticket with its public thread and a reply form
// The access token lives only in the fragment, which browsers never send to a server; the page
// sends it solely as the Authorization header of its own API calls, file downloads included.
import type { CustomerMessage, CustomerTicket, NewTicket, NewTicketAnswer, Topic } from '../shapes';
import { alertBox, attachmentsOf, call, errorText, field, fileInput, fileList, filesField, h, loadFileLimits, show, when } from './dom';

const app = document.getElementById('app')!;

function accessLink(number: string, token: string): string {
  return `${location.origin}/#${new URLSearchParams({ ticket: number, token }).toString()}`;
}

async function newTicketForm(): Promise<void> {
  document.title = 'Open a new ticket · Help desk';
  const topic = h('select', { attrs: { name: 'topicId', required: '' } }, h('option', { attrs: { value: '' } }, 'Choose a help topic'));
  const status = h('div');
  // The files' limits are checked as they are chosen, and again when the form is sent.
  const files = fileInput(status);
  const form = h(
    'form',
    { class: 'card', attrs: { id: 'new-ticket', novalidate: '' } },
    h('h1', {}, 'Open a new ticket'),
    h('p', { class: 'muted' }, 'Tell us what happened. You will get a link to follow your ticket.'),
    field('Your name', h('input', { attrs: { name: 'name', required: '', maxlength: '128', autocomplete: 'name' } })),
    field('E-mail', h('input', { attrs: { name: 'email', type: 'email', required: '', maxlength: '254', autocomplete: 'email' } })),
    field('Phone', h('input', { attrs: { name: 'phone', type: 'tel', maxlength: '32', autocomplete: 'tel' } }), 'optional'),
    field('Help topic', topic),
    field('Subject', h('input', { attrs: { name: 'subject', required: '', maxlength: '255' } })),
    field('Message', h('textarea', { attrs: { name: 'message', required: '', rows: '8', maxlength: '100000' } })),
    filesField(files),
    status,
    h('button', { attrs: { type: 'submit' } }, 'Open ticket'),
  );
  show(app, form);
  try {
    const { body } = await call<{ topics: Topic[] }>('GET', '/topics');
    for (const t of body.topics) topic.append(h('option', { attrs: { value: t.id } }, t.name));
  } catch (err) {
    show(status, alertBox(`The help topics could not be loaded: ${errorText(err)}`));
  }
  // One key per filled-in form: pressing the button twice, or a retry after a timeout, never opens a second ticket.
  const idempotencyKey = crypto.randomUUID();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const value = (k: string) => String(data.get(k) ?? '').trim();
    const ticket: NewTicket = { name: value('name'), email: value('email'), topicId: value('topicId'), subject: value('subject'), message: value('message') };
    if (value('phone')) ticket.phone = value('phone');
    const button = form.querySelector('button')!;
    button.disabled = true;
    show(status, h('p', { class: 'muted' }, 'Sending …'));
    attachmentsOf(files)
      .then((attachments) => {
        if (attachments.length) ticket.attachments = attachments;
        return call<NewTicketAnswer>('POST', '/tickets', { body: ticket, headers: { 'Idempotency-Key': idempotencyKey } });
      })
      .then(({ body }) => opened(body))
      .catch((err: unknown) => {
        button.disabled = false;
        show(status, alertBox(errorText(err)));
      });
  });
}

function opened(answer: NewTicketAnswer): void {
  document.title = `Ticket ${answer.number} opened · Help desk`;
  const link = accessLink(answer.number, answer.accessToken);
  show(
    app,
    h(
      'section',
      { class: 'card', attrs: { id: 'opened' } },
      h('h1', {}, 'Thank you — your ticket is open'),
      h('p', {}, 'Your ticket number is ', h('strong', { attrs: { id: 'ticket-number' } }, answer.number), '.'),
      h(
        'p',
        {},
        'Keep this link: with it you can add to your ticket and follow its status. Our answers appear here once you have opened the link we e-mailed you, which shows that the address is yours.',
      ),
      h('p', { class: 'access' }, h('a', { attrs: { href: link, id: 'access-link' } }, link)),
      h('p', {}, h('a', { class: 'button', attrs: { href: link } }, 'View your ticket')),
    ),
  );
}

async function ticketView(number: string, token: string): Promise<void> {
  document.title = `Ticket ${number} · Help desk`;
  show(app, h('p', { class: 'muted' }, 'Loading your ticket …'));
  let ticket: CustomerTicket;
  try {
    ticket = (await call<CustomerTicket>('GET', `/tickets/${encodeURIComponent(number)}`, { token })).body;
  } catch (err) {
    show(app, h('section', { class: 'card' }, h('h1', {}, `Ticket ${number}`), alertBox(errorText(err)), h('p', {}, h('a', { attrs: { href: '/' } }, 'Open a new ticket'))));
    return;
  }
  render(ticket);

  function render(t: CustomerTicket, notice?: HTMLElement): void {
    const message = h('textarea', { attrs: { name: 'message', required: '', rows: '5', maxlength: '100000' } });
    const status = h('div', {}, notice);
    const files = fileInput(status);
    const send = h('button', { attrs: { type: 'submit' } }, 'Send');
    const reply = h(
      'form',
      { class: 'reply', attrs: { id: 'reply' } },
      field(t.status === 'open' || t.status === 'pending' ? 'Add a message' : 'Add a message (this reopens the ticket)', message),
      filesField(files),
      status,
      send,
    );
    reply.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = message.value.trim();
      if (!text) return show(status, alertBox('Write a message first'));
      send.disabled = true;
      show(status, h('p', { class: 'muted' }, 'Sending …'));
      attachmentsOf(files)
        .then((attachments) => {
          const body: CustomerMessage = { message: text, ...(attachments.length ? { attachments } : {}) };
          return call<CustomerTicket>('POST', `/tickets/${encodeURIComponent(t.number)}/messages`, { token, body });
        })
        // A new form, empty, under the thread that now holds the message.
        .then(({ body }) => render(body, alertBox('Your message was sent', 'ok')))
        .catch((err: unknown) => {
          send.disabled = false;
          show(status, alertBox(errorText(err)));
        });
    });
    const downloadFailed = (err: unknown) => show(status, alertBox(`The file could not be downloaded: ${errorText(err)}`));
    show(
      app,
      h(
        'section',
        { class: 'card', attrs: { id: 'ticket' } },
        h('h1', { attrs: { id: 'subject' } }, t.subject),
        h(
          'p',
          { class: 'meta' },
          `Ticket ${t.number} · opened ${when(t.createdAt)} · `,
          h('span', { class: `status ${t.status}`, attrs: { id: 'status' } }, t.status),
        ),
        t.addressVerified
          ? null
          : h(
              'div',
              { class: 'alert info', attrs: { id: 'replies-hidden', role: 'status' } },
              t.repliesHidden > 0 ? `${t.repliesHidden === 1 ? 'One answer from us is' : `${t.repliesHidden} answers from us are`} not shown here yet. ` : 'Our answers will not be shown here yet. ',
              `To see them, open the link in the e-mail we sent to ${t.customer.email}: it shows the address is yours. `,
              'This keeps your conversation private if someone else opened a ticket in your name.',
            ),
        h(
          'ol',
          { class: 'thread', attrs: { id: 'thread' } },
          ...t.thread.map((e) =>
            h(
              'li',
              { class: `entry ${e.type}` },
              h('div', { class: 'who' }, e.type === 'response' ? `${e.author.name} (support)` : e.author.name, h('time', { attrs: { datetime: e.createdAt } }, when(e.createdAt))),
              h('div', { class: 'body' }, e.body),
              fileList(e.attachments, () => token, downloadFailed),
            ),
          ),
        ),
        reply,
      ),
    );
  }
}

function route(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  const number = params.get('ticket');
  const token = params.get('token');
  if (number && token) void ticketView(number, token);
  else void newTicketForm();
}

window.addEventListener('hashchange', route);
void loadFileLimits().then(route);
