// The agent console. Views chosen by the URL fragment: #queue=<name>[&q=...] and #ticket=<number>.
// How agents sign in comes from GET /api/auth/config (agent-auth.ts): "Sign in with Microsoft"
// (MSAL) in Azure, a one-click choice of the seeded agents on the local help desk. The bearer token
// is sent only as the Authorization header and asked for afresh before each call (MSAL renews it
// silently); no token is ever pasted.
import {
  PRIORITIES,
  QUEUES,
  STATUSES,
  medianText,
  type Me,
  type QueueItem,
  type QueueName,
  type QueuePage,
  type SlaReport,
  type StaffDirectory,
  type StaffTicket,
  type ThreadEntry,
  type TicketPatch,
} from '../shapes';
import { agentAuth, type AgentAuth } from './agent-auth';
import { ApiError, alertBox, attachmentsOf, call, errorText, field, fileInput, fileList, filesField, h, loadFileLimits, show, when, type AttachmentView } from './dom';

const app = document.getElementById('app')!;
const who = document.getElementById('who')!;

let auth: AgentAuth;
/** The last token handed out, for the file downloads (which ask synchronously); each API call refreshes it. */
let token: string | null = null;
let me: Me | null = null;
let directory: StaffDirectory | null = null;

async function api<T>(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  token = auth.mode === 'unconfigured' ? null : await auth.token();
  if (!token) throw new ApiError(401, 'unauthenticated', 'Your sign-in has ended; sign in again');
  return call<T>(method, path, { ...init, token });
}

function signOut(message?: string): void {
  token = null;
  me = null;
  directory = null;
  show(who);
  if (auth.mode === 'unconfigured') return signIn(message);
  // A token the API refused (message) leaves MSAL's account be: signing in again may be all it
  // takes. A chosen sign-out in Entra mode goes through Microsoft's sign-out page and back here.
  if (auth.mode === 'entra' && message) return signIn(message);
  auth.signOut().then(
    () => signIn(message),
    (err: unknown) => signIn(errorText(err)),
  );
}

function signIn(message?: string): void {
  document.title = 'Sign in · Agent console';
  const status = h('div', { attrs: { id: 'sign-in-status' } }, message ? alertBox(message) : null);
  const failed = (err: unknown) => show(status, alertBox(errorText(err)));
  const card = h('section', { class: 'card narrow', attrs: { id: 'sign-in' } }, h('h1', {}, 'Sign in'));
  if (auth.mode === 'unconfigured') {
    card.append(alertBox(auth.message));
  } else if (auth.mode === 'entra') {
    const button = h('button', { class: 'microsoft', attrs: { type: 'button', id: 'sign-in-microsoft' } }, 'Sign in with Microsoft');
    button.addEventListener('click', () => {
      button.disabled = true;
      auth.mode === 'entra' && auth.signIn().catch((err: unknown) => ((button.disabled = false), failed(err)));
    });
    card.append(h('p', { class: 'muted' }, 'Agents sign in with their work account.'), status, button);
  } else {
    const dev = auth;
    const list = h('ul', { class: 'agents', attrs: { id: 'dev-agents' } }, h('li', { class: 'muted' }, 'Loading the agents …'));
    card.append(h('p', { class: 'muted' }, 'Local help desk (development mode): choose the agent to sign in as.'), status, list);
    dev.agents().then(
      (agents) =>
        show(
          list,
          ...agents.map((a) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  class: 'agent',
                  attrs: { type: 'button', 'data-email': a.email },
                  on: {
                    click: (e) => {
                      (e.currentTarget as HTMLButtonElement).disabled = true;
                      dev.signIn(a.email).then(start).catch(failed);
                    },
                  },
                },
                h('span', { class: 'name' }, a.name),
                h('span', { class: 'email' }, a.email),
                a.isAdmin ? h('span', { class: 'badge' }, 'Admin') : null,
              ),
            ),
          ),
        ),
      (err: unknown) => show(list, alertBox(errorText(err))),
    );
  }
  show(app, card);
}

async function start(): Promise<void> {
  me = (await api<Me>('GET', '/staff/me')).body;
  directory = (await api<StaffDirectory>('GET', '/staff/directory')).body;
  show(who, h('span', { attrs: { id: 'agent-name' } }, me.name), ' ', h('button', { class: 'link', attrs: { type: 'button', id: 'sign-out' }, on: { click: () => signOut() } }, 'Sign out'));
  if (!location.hash) location.hash = 'queue=open';
  else route();
}

function isOverdue(t: Pick<QueueItem, 'overdue' | 'status' | 'dueAt'>): boolean {
  return t.overdue || (t.status === 'open' && t.dueAt !== null && Date.parse(t.dueAt) < Date.now());
}

function overdueMark(t: Pick<QueueItem, 'overdue' | 'status' | 'dueAt'>): HTMLElement | null {
  return isOverdue(t) ? h('span', { class: 'badge overdue', attrs: { title: 'Past its due time' } }, 'Overdue') : null;
}

const label = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** Event lines carry ISO times ("due … → …"): shown in the agent's own time zone and format. */
function readableTimes(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z\b/g, (iso) => when(iso));
}

/** Business minutes as agents read them: "2 h 15 min". */
function duration(minutes: number): string {
  const m = Math.abs(minutes);
  if (m === 0) return 'under a minute';
  const hours = Math.floor(m / 60);
  return [hours ? `${hours} h` : '', m % 60 || !hours ? `${m % 60} min` : ''].filter(Boolean).join(' ');
}

type Target = NonNullable<StaffTicket['sla']['firstResponse']>;

/** One SLA target: its due time, then met / missed / the business time left or overrun. */
function targetView(name: string, id: string, target: Target | null): HTMLElement[] {
  let standing: HTMLElement | string;
  if (!target) standing = 'no target';
  else if (target.dueAt === null) standing = target.doneAt ? `done ${when(target.doneAt)}` : 'no due time';
  else if (target.met === true) standing = h('span', { class: 'badge met' }, 'Met');
  else if (target.met === false) {
    standing = h('span', {}, h('span', { class: 'badge overdue' }, 'Missed'), target.businessMinutesLeft !== null ? ` ${duration(target.businessMinutesLeft)} over` : ` done ${when(target.doneAt)}`);
  } else standing = `${duration(target.businessMinutesLeft ?? 0)} left`;
  return [h('dt', {}, name), h('dd', { attrs: { id } }, target?.dueAt ? `due ${when(target.dueAt)} · ` : '', standing)];
}

/** The queues, and the SLA report for agents who may read it (stats.agents). */
function tabs(current: string): HTMLElement {
  const report = me?.permissions.includes('stats.agents') ? [h('a', { class: current === 'sla' ? 'current' : '', attrs: { href: '#report=sla', id: 'tab-sla-report' } }, 'SLA report')] : [];
  return h('nav', { class: 'tabs' }, ...QUEUES.map((name) => h('a', { class: name === current ? 'current' : '', attrs: { href: `#queue=${name}` } }, label(name))), ...report);
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The SLA report: per plan and department, each target's due / met / breached and median business
 * time, over a range of UTC days (the last 30 by default) and optionally one department.
 */
async function slaReportView(params: URLSearchParams): Promise<void> {
  document.title = 'SLA report · Agent console';
  const to = params.get('to') ?? utcDay(Date.now());
  const from = params.get('from') ?? utcDay(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000);
  const department = params.get('department') ?? '';
  const fromInput = h('input', { attrs: { name: 'from', type: 'date', value: from, required: 'required' } });
  const toInput = h('input', { attrs: { name: 'to', type: 'date', value: to, required: 'required' } });
  const visible = new Set(me?.departments.map((d) => d.id) ?? []);
  const departments = select('department', [{ value: '', text: 'All my departments' }, ...(directory?.departments ?? []).filter((d) => visible.has(d.id)).map((d) => ({ value: d.id, text: d.name }))], department);
  const form = h(
    'form',
    { class: 'report-range', attrs: { id: 'sla-report-range' } },
    h('label', {}, h('span', {}, 'From'), fromInput),
    h('label', {}, h('span', {}, 'To'), toInput),
    h('label', {}, h('span', {}, 'Department'), departments),
    h('button', { attrs: { type: 'submit' } }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams({ report: 'sla', from: fromInput.value, to: toInput.value });
    if (departments.value) next.set('department', departments.value);
    location.hash = next.toString();
  });
  const status = h('div');
  const result = h('div', { attrs: { id: 'sla-report' } }, h('p', { class: 'muted' }, 'Loading the figures …'));
  show(app, tabs('sla'), h('h1', {}, 'SLA report'), form, status, result);
  const query = new URLSearchParams({ from, to });
  if (department) query.set('department', department);
  let report: SlaReport;
  try {
    report = (await api<SlaReport>('GET', `/staff/sla-report?${query.toString()}`)).body;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return signOut(err.message);
    show(result);
    return show(status, alertBox(errorText(err)));
  }
  if (report.rows.length === 0) return show(result, h('p', { class: 'muted' }, `No SLA figures from ${from} to ${to}: no target was met or breached in that time.`));
  const cells = (prefix: string, t: SlaReport['rows'][number]['firstResponse']) => [
    h('td', { class: 'num', attrs: { 'data-label': `${prefix} due` } }, String(t.due)),
    h('td', { class: `num ${t.met > 0 ? 'met' : ''}`, attrs: { 'data-label': `${prefix} met` } }, String(t.met)),
    h('td', { class: `num ${t.breached > 0 ? 'breached' : ''}`, attrs: { 'data-label': `${prefix} breached` } }, String(t.breached)),
    h('td', { class: 'num', attrs: { 'data-label': `${prefix} median`, title: t.median ? `${t.reached} timed; between ${t.median.from} and ${t.median.to ?? '…'} business minutes` : 'nothing timed' } }, medianText(t.median)),
  ];
  show(
    result,
    h(
      'table',
      { class: 'queue report', attrs: { id: 'sla-report-table' } },
      h(
        'thead',
        {},
        h('tr', {}, h('th', { attrs: { rowspan: '2' } }, 'SLA plan'), h('th', { attrs: { rowspan: '2' } }, 'Department'), h('th', { class: 'group', attrs: { colspan: '4' } }, 'First response'), h('th', { class: 'group', attrs: { colspan: '4' } }, 'Resolution')),
        h('tr', {}, ...['Due', 'Met', 'Breached', 'Median', 'Due', 'Met', 'Breached', 'Median'].map((c) => h('th', { class: 'num' }, c))),
      ),
      h(
        'tbody',
        {},
        ...report.rows.map((r) =>
          h(
            'tr',
            { attrs: { 'data-plan': r.slaPlanId, 'data-department': r.departmentId } },
            h('td', { class: 'name', attrs: { 'data-label': 'SLA plan' } }, r.slaPlanName),
            h('td', { attrs: { 'data-label': 'Department' } }, r.departmentName),
            ...cells('First response', r.firstResponse),
            ...cells('Resolution', r.resolution),
          ),
        ),
      ),
    ),
    h('p', { class: 'muted small' }, `UTC days ${report.from} to ${report.to}. Due = met + breached: a target counts on the day it was met, or on its due day when breached. Medians are business time, read from fixed buckets.`),
  );
}

async function queueView(queue: QueueName, q: string): Promise<void> {
  document.title = `${label(queue)} · Agent console`;
  const search = h('input', { attrs: { name: 'q', type: 'search', placeholder: 'Search subject or customer', value: q } });
  const searchForm = h('form', { class: 'search' }, search, h('button', { attrs: { type: 'submit' } }, 'Search'));
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = new URLSearchParams({ queue });
    if (search.value.trim()) params.set('q', search.value.trim());
    location.hash = params.toString();
  });
  const body = h('tbody');
  const more = h('div', { class: 'more' });
  const status = h('div');
  show(
    app,
    tabs(queue),
    searchForm,
    status,
    h(
      'table',
      { class: 'queue', attrs: { id: 'queue' } },
      h('thead', {}, h('tr', {}, ...['Number', 'Subject', 'Priority', 'Status', 'Department', 'Assignee', 'Due'].map((c) => h('th', {}, c)))),
      body,
    ),
    more,
  );
  const load = async (cursor?: string) => {
    const params = new URLSearchParams({ queue, limit: '25' });
    if (q) params.set('q', q);
    if (cursor) params.set('cursor', cursor);
    const page = (await api<QueuePage>('GET', `/staff/tickets?${params.toString()}`)).body;
    for (const t of page.items) {
      body.append(
        h(
          'tr',
          { class: isOverdue(t) ? 'overdue' : '' },
          h('td', {}, h('a', { attrs: { href: `#ticket=${t.number}` } }, t.number)),
          h('td', {}, h('a', { attrs: { href: `#ticket=${t.number}` } }, t.subject)),
          h('td', {}, h('span', { class: `priority ${t.priority}` }, label(t.priority))),
          h('td', {}, h('span', { class: `status ${t.status}` }, t.status), t.answered ? h('span', { class: 'badge' }, 'Answered') : null),
          h('td', {}, t.departmentName ?? t.departmentId),
          h('td', {}, t.assigneeName ?? '—'),
          h('td', {}, when(t.dueAt), ' ', overdueMark(t)),
        ),
      );
    }
    if (body.childElementCount === 0) body.append(h('tr', {}, h('td', { attrs: { colspan: '7' }, class: 'muted' }, 'No tickets in this queue.')));
    show(more, page.nextCursor ? h('button', { attrs: { type: 'button' }, on: { click: () => void load(page.nextCursor!).catch(fail) } }, 'More') : null);
  };
  const fail = (err: unknown) => (err instanceof ApiError && err.status === 401 ? signOut(err.message) : show(status, alertBox(errorText(err))));
  await load().catch(fail);
}

function entryView(e: ThreadEntry, onError: (err: unknown) => void): HTMLElement {
  if (e.type === 'event') {
    return h('li', { class: 'entry event' }, h('span', {}, `${e.author.name}: ${readableTimes(e.body)}`), h('time', { attrs: { datetime: e.createdAt } }, when(e.createdAt)));
  }
  const kind = e.type === 'message' ? 'Customer message' : e.type === 'response' ? 'Response' : 'Internal note';
  return h(
    'li',
    { class: `entry ${e.type}` },
    h('div', { class: 'who' }, h('span', { class: 'kind' }, kind), ` · ${e.author.name}`, h('time', { attrs: { datetime: e.createdAt } }, when(e.createdAt))),
    h('div', { class: 'body' }, e.body),
    fileList(filesOf(e), () => token ?? '', onError),
  );
}

/** Only entries with files carry `attachments`. */
function filesOf(e: ThreadEntry): AttachmentView[] | undefined {
  return 'attachments' in e ? e.attachments : undefined;
}

function select(name: string, options: { value: string; text: string }[], current: string): HTMLSelectElement {
  const s = h('select', { attrs: { name } }, ...options.map((o) => h('option', { attrs: { value: o.value } }, o.text)));
  s.value = current;
  return s;
}

/** `datetime-local` holds local wall time without a zone; the API wants an instant. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

async function ticketView(number: string): Promise<void> {
  document.title = `Ticket ${number} · Agent console`;
  show(app, h('p', { class: 'muted' }, 'Loading …'));
  let answer;
  try {
    answer = await api<StaffTicket>('GET', `/staff/tickets/${encodeURIComponent(number)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return signOut(err.message);
    return show(app, h('p', {}, h('a', { attrs: { href: '#queue=open' } }, '← Queues')), alertBox(errorText(err)));
  }
  render(answer.body, answer.etag);

  function render(t: StaffTicket, etag: string | null, notice?: HTMLElement): void {
    const d = directory!;
    const status = h('div', { attrs: { id: 'notice' } }, notice);
    const act = (promise: Promise<unknown>, done: string, button?: HTMLButtonElement) =>
      promise
        // Read the ticket again rather than trusting the write's answer: publishing the ticket's
        // events rewrites it right after the action, so the answer's ETag is already stale.
        .then(() => api<StaffTicket>('GET', `/staff/tickets/${encodeURIComponent(t.number)}`))
        .then((a) => render(a.body, a.etag, alertBox(done, 'ok')))
        .catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 412) {
            // Someone else changed the ticket meanwhile: show theirs rather than overwrite it.
            return void ticketView(t.number).then(() => show(document.getElementById('notice')!, alertBox('The ticket changed while you were looking; this is the current version. Try again.')));
          }
          if (button) button.disabled = false;
          show(status, alertBox(errorText(err)));
        });
    /** A reply or note with the form's files, read and checked first; the form is disabled meanwhile. */
    const post = (path: 'replies' | 'notes', body: { message: string; status?: 'resolved' | 'pending' }, files: HTMLInputElement, button: HTMLButtonElement, done: string) => {
      button.disabled = true;
      show(status, h('p', { class: 'muted' }, 'Sending …'));
      const sent = attachmentsOf(files).then((attachments) =>
        api<StaffTicket>('POST', `/staff/tickets/${t.number}/${path}`, { body: { ...body, ...(attachments.length ? { attachments } : {}) } }),
      );
      act(sent, done, button);
    };

    const priority = select('priority', PRIORITIES.map((p) => ({ value: p, text: label(p) })), t.priority);
    const sla = select('slaPlanId', d.slaPlans.filter((p) => p.active || p.id === t.slaPlanId).map((p) => ({ value: p.id, text: p.name })), t.slaPlanId);
    const department = select('departmentId', d.departments.map((x) => ({ value: x.id, text: x.name })), t.departmentId);
    const assignee = select('assigneeId', [{ value: '', text: '— unassigned —' }, ...d.agents.filter((a) => a.active || a.id === t.assigneeId).map((a) => ({ value: a.id, text: `${a.name} <${a.email}>` }))], t.assigneeId ?? '');
    const ticketStatus = select('status', STATUSES.map((s) => ({ value: s, text: label(s) })), t.status);
    const due = h('input', { attrs: { name: 'dueAt', type: 'datetime-local', value: toLocalInput(t.dueAt) } });
    const controls = h(
      'form',
      { class: 'controls', attrs: { id: 'controls' } },
      field('Priority', priority),
      field('SLA plan', sla),
      field('Department', department),
      field('Assignee', assignee),
      field('Status', ticketStatus),
      field('Due', due),
      h('button', { attrs: { type: 'submit' } }, 'Save changes'),
    );
    controls.addEventListener('submit', (e) => {
      e.preventDefault();
      // Only what changed: a PATCH of unchanged fields would still need permissions for them.
      const patch: TicketPatch = {};
      if (priority.value !== t.priority) patch.priority = priority.value as TicketPatch['priority'];
      if (sla.value !== t.slaPlanId) patch.slaPlanId = sla.value;
      if (department.value !== t.departmentId) patch.departmentId = department.value;
      if (assignee.value !== (t.assigneeId ?? '')) patch.assigneeId = assignee.value || null;
      if (ticketStatus.value !== t.status) patch.status = ticketStatus.value as TicketPatch['status'];
      if (due.value !== toLocalInput(t.dueAt)) patch.dueAt = due.value ? new Date(due.value).toISOString() : null;
      if (Object.keys(patch).length === 0) return show(status, alertBox('Nothing changed'));
      act(api<StaffTicket>('PATCH', `/staff/tickets/${t.number}`, { body: patch, headers: etag ? { 'If-Match': etag } : {} }), 'Saved');
    });

    const replyText = h('textarea', { attrs: { name: 'reply', rows: '5' } });
    const resolve = h('input', { attrs: { type: 'checkbox', name: 'resolve' } });
    const wait = h('input', { attrs: { type: 'checkbox', name: 'pending' } });
    const replyFiles = fileInput(status);
    const sendReply = h('button', { attrs: { type: 'submit' } }, 'Send reply');
    const reply = h(
      'form',
      { class: 'compose response', attrs: { id: 'reply' } },
      field('Reply to the customer', replyText),
      filesField(replyFiles),
      h('label', { class: 'check' }, resolve, ' Resolve the ticket with this reply'),
      h('label', { class: 'check' }, wait, ' Wait on the customer (pending: the SLA clocks stop until they write)'),
      sendReply,
    );
    reply.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!replyText.value.trim()) return show(status, alertBox('Write the reply first'));
      if (resolve.checked && wait.checked) return show(status, alertBox('Choose either resolve or wait on the customer'));
      const then = resolve.checked ? ('resolved' as const) : wait.checked ? ('pending' as const) : undefined;
      post('replies', { message: replyText.value, ...(then ? { status: then } : {}) }, replyFiles, sendReply, then === 'resolved' ? 'Reply sent; ticket resolved' : then === 'pending' ? 'Reply sent; waiting on the customer' : 'Reply sent');
    });
    const noteText = h('textarea', { attrs: { name: 'note', rows: '3' } });
    const noteFiles = fileInput(status);
    const addNote = h('button', { attrs: { type: 'submit' } }, 'Add note');
    const note = h('form', { class: 'compose note', attrs: { id: 'note' } }, field('Internal note (agents only)', noteText), filesField(noteFiles), addNote);
    note.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!noteText.value.trim()) return show(status, alertBox('Write the note first'));
      post('notes', { message: noteText.value }, noteFiles, addNote, 'Note added');
    });
    const downloadFailed = (err: unknown) =>
      err instanceof ApiError && err.status === 401 ? signOut(err.message) : show(status, alertBox(`The file could not be downloaded: ${errorText(err)}`));

    show(
      app,
      h('p', {}, h('a', { attrs: { href: '#queue=open' } }, '← Queues')),
      h(
        'section',
        { class: 'card', attrs: { id: 'ticket' } },
        h('h1', { attrs: { id: 'subject' } }, t.subject, ' ', overdueMark(t)),
        h(
          'p',
          { class: 'meta' },
          `#${t.number} · `,
          h('span', { class: `status ${t.status}`, attrs: { id: 'status' } }, t.status),
          ` · ${label(t.priority)} · ${t.departmentName ?? t.departmentId} · ${t.assigneeName ?? 'unassigned'} · SLA ${t.slaPlanName ?? t.slaPlanId}`,
        ),
        h(
          'p',
          { class: 'meta' },
          `${t.customer.name} <${t.customer.email}>${t.customer.phone ? ` · ${t.customer.phone}` : ''} · ${t.topicName ?? t.topicId}`,
          // Null: nobody has shown yet that this address is the requester's (issue 18).
          t.addressVerifiedAt === null
            ? h('span', { class: 'badge unverified', attrs: { id: 'address-unverified', title: 'The requester has not opened an e-mailed link for this ticket nor written authentic mail: anyone may have opened it in this name, and they do not see your replies on the portal yet' } }, 'Address not verified')
            : null,
        ),
        h(
          'dl',
          { class: 'targets', attrs: { id: 'sla-targets', title: `Counted in business hours: ${t.sla.schedule.name} (${t.sla.schedule.timezone})` } },
          ...targetView('First response', 'target-first-response', t.sla.firstResponse),
          ...targetView('Resolution', 'target-resolution', t.sla.resolution),
          h('dt', {}, 'Hours'),
          h('dd', {}, `${t.sla.schedule.name} (${t.sla.schedule.timezone})`, t.sla.pausedSince ? ` · clocks paused since ${when(t.sla.pausedSince)} (waiting on the customer)` : ''),
        ),
        status,
        controls,
      ),
      h('div', { class: 'columns' }, h('ol', { class: 'thread', attrs: { id: 'thread' } }, ...t.thread.map((e) => entryView(e, downloadFailed))), h('div', { class: 'side' }, reply, note)),
    );
  }
}

function route(): void {
  if (!me) return signIn();
  const params = new URLSearchParams(location.hash.slice(1));
  const ticket = params.get('ticket');
  const queue = params.get('queue') as QueueName | null;
  if (ticket) void ticketView(ticket);
  else if (params.get('report') === 'sla') void slaReportView(params);
  else void queueView(queue && (QUEUES as readonly string[]).includes(queue) ? queue : 'open', params.get('q') ?? '');
}

async function boot(): Promise<void> {
  try {
    // First: how agents sign in here (and, after Microsoft's redirect, finish that sign-in).
    auth = await agentAuth();
  } catch (err) {
    auth = { mode: 'unconfigured', message: `Sign-in could not be set up: ${errorText(err)}` };
    return signIn();
  }
  window.addEventListener('hashchange', route);
  await loadFileLimits();
  const signedIn = auth.mode !== 'unconfigured' && (await auth.token().catch(() => null)) !== null;
  if (signedIn) await start().catch((err: unknown) => signOut(errorText(err)));
  else signIn();
}

void boot();
