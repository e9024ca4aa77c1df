// Which lifecycle event tells whom what, in the spirit of osTicket's alerts (to agents) and
// notices (to customers). Pure: the e-mails are values; sending them is the mailer's business.
import { canSee } from './access';
import type { AttachmentRef } from './attachments';
import type { Agent, Directory, LifecycleEvent, NotificationKind, Ticket } from './model';
import { customerNoticeSender, threadingOf } from './mail-routing';
import { PRIORITY_LABELS } from './model';
import type { MailAddress, OutgoingMail } from './ports';

export interface NotificationContext {
  directory: Directory;
  /** The ticket as it is now (the event says what happened; the ticket gives names and text). */
  ticket: Ticket;
  from: MailAddress;
  /** The domain part of the Message-IDs the help desk mints. */
  messageIdDomain: string;
  /** Where the requester opens the ticket: a link whose token proves the address (TicketTokens.mailLink). */
  customerLink: (number: string) => string;
  /** Where an agent opens the ticket. */
  staffLink: (number: string) => string;
}

export interface Notification {
  kind: NotificationKind;
  mail: OutgoingMail;
  /** Files to send with the mail; the sender reads their bytes and puts them in `mail.attachments`. */
  files: AttachmentRef[];
}

/** What ACS Email and most mail servers accept in all; files beyond it are named, not sent. */
export const MAX_MAIL_FILES_BYTES = 7 * 1024 * 1024;

/** The thread entry an event points at (its `entryId`). */
function entryOf(ticket: Ticket, data: LifecycleEvent['data']) {
  return ticket.thread.find((e) => e.id === data['entryId']);
}

/** The entry's files that fit into one e-mail, in order (base64 makes them a third larger on the wire). */
function mailableFiles(ticket: Ticket, data: LifecycleEvent['data']): AttachmentRef[] {
  const files = entryOf(ticket, data)?.attachments ?? [];
  const fitting: AttachmentRef[] = [];
  let total = 0;
  for (const f of files) {
    if (total + f.size > MAX_MAIL_FILES_BYTES) continue;
    fitting.push(f);
    total += f.size;
  }
  return fitting;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The HTML part says exactly what the text part says, escaped: nothing a customer typed can become markup. */
function htmlOf(text: string): string {
  return `<div style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(text)}</div>`;
}

/** The subject tag that threads replies back: `[#123456]`, as osTicket does. */
export function subjectTag(number: string): string {
  return `[#${number}]`;
}

/** Message-IDs carry the ticket number, so a reply's In-Reply-To leads back to its ticket. */
export function messageId(number: string, eventId: string, index: number, domain: string): string {
  return `<ticket-${number}.${eventId}.${index}@${domain}>`;
}

export function ticketNumberFromMessageId(id: string): string | null {
  return /<ticket-(\d{6,9})\.[^@>]+@[^>]+>/.exec(id)?.[1] ?? null;
}

/** The entry's text, and the names of its files (the files themselves stay behind the ticket's access). */
function entryBody(ticket: Ticket, data: LifecycleEvent['data']): string {
  const entry = entryOf(ticket, data);
  if (!entry) return '';
  const files = entry.attachments ?? [];
  return files.length === 0 ? entry.body : `${entry.body}\n\nAttached: ${files.map((f) => f.filename).join(', ')}`;
}

function agentsOf(d: Directory, departmentId: string): Agent[] {
  return d.agents.filter((a) => a.active && canSee(a, departmentId, d));
}

function agent(d: Directory, id: unknown): Agent | undefined {
  return typeof id === 'string' ? d.agents.find((a) => a.id === id && a.active) : undefined;
}

function manager(d: Directory, departmentId: string): Agent | undefined {
  return agent(d, d.departments.find((x) => x.id === departmentId)?.managerId);
}

const nameOf = (items: { id: string; name: string }[], id: string | null): string => items.find((i) => i.id === id)?.name ?? 'none';

type Draft = { kind: NotificationKind; to: MailAddress[]; subject: string; text: string; files?: AttachmentRef[] };

function drafts(event: LifecycleEvent, c: NotificationContext): Draft[] {
  const { ticket: t, directory: d } = c;
  const tag = subjectTag(t.number);
  const customer = { name: t.customer.name, email: t.customer.email };
  const actorId = event.actor.type === 'agent' ? event.actor.id : null;
  const summary = [
    `Ticket #${t.number}: ${t.subject}`,
    `From: ${t.customer.name} <${t.customer.email}>`,
    `Department: ${nameOf(d.departments, t.departmentId)}`,
    `Priority: ${PRIORITY_LABELS[t.priority]}`,
    `Due: ${t.dueAt ?? 'no due time'}`,
  ].join('\n');
  const staffFooter = `\n\nOpen the ticket: ${c.staffLink(t.number)}`;

  switch (event.type) {
    case 'created': {
      const link = c.customerLink(t.number);
      // `autoRespond: false` on the event: the ticket came through the osTicket API with `autorespond: false`.
      // Anyone may open a ticket in anyone's name, so the auto-response carries nothing the
      // requester wrote (not the subject, not the name, not even as the To display name): else
      // the help desk would mail the requester's text from its own domain to any address, a spam
      // relay (issue 19). It names what the help desk chose: the number, the topic, the link.
      const autoResponse: Draft[] = event.data['autoRespond'] === false ? [] : [
        {
          kind: 'autoResponse',
          to: [{ name: '', email: t.customer.email }],
          subject: `${tag} We received your request`,
          text:
            `Hello,\n\nThank you for contacting us. Ticket #${t.number} (${nameOf(d.topics, t.topicId)}) has been opened for your request. ` +
            `An agent will get back to you as soon as possible.` +
            `\n\nYou can follow your ticket and reply to it here:\n${link}` +
            `\n\nYou can also reply to this e-mail; please keep ${tag} in the subject.` +
            `\n\nIf you did not write to us, you may ignore this e-mail: nothing more will be sent unless you reply.`,
        },
      ];
      // `alert: false`: the osTicket API's request to keep this ticket from the agents' alerts.
      const alert: Draft[] = event.data['alert'] === false ? [] : [
        {
          kind: 'newTicketAlert',
          to: agentsOf(d, t.departmentId),
          subject: `${tag} New ticket: ${t.subject}`,
          text: `A new ticket has been opened.\n\n${summary}\n\n${entryBody(t, event.data)}${staffFooter}`,
        },
      ];
      return [...autoResponse, ...alert];
    }
    case 'message': {
      const to = agent(d, t.assigneeId) ?? manager(d, t.departmentId);
      return [
        {
          kind: 'newMessageAlert',
          to: to ? [to] : [],
          subject: `${tag} New message from ${t.customer.name}: ${t.subject}`,
          text: `${t.customer.name} wrote on ticket #${t.number}${event.data['reopens'] ? ' and reopened it' : ''}:\n\n${entryBody(t, event.data)}${staffFooter}`,
        },
      ];
    }
    case 'assigned': {
      const to = agent(d, event.data['assigneeId']);
      // Taking a ticket yourself needs no alert, as in osTicket.
      return to && to.id !== actorId
        ? [{ kind: 'assignmentAlert', to: [to], subject: `${tag} Assigned to you: ${t.subject}`, text: `${event.actor.name} assigned ticket #${t.number} to you.\n\n${summary}${staffFooter}` }]
        : [];
    }
    case 'transferred': {
      const dept = String(event.data['toDepartmentId']);
      return [
        {
          kind: 'transferAlert',
          to: agentsOf(d, dept).filter((a) => a.id !== actorId),
          subject: `${tag} Transferred to ${nameOf(d.departments, dept)}: ${t.subject}`,
          text: `${event.actor.name} transferred ticket #${t.number} to ${nameOf(d.departments, dept)}.\n\n${summary}${staffFooter}`,
        },
      ];
    }
    case 'response':
      return [
        {
          kind: 'replyNotice',
          to: [customer],
          subject: `${tag} ${t.subject}`,
          text: `Dear ${t.customer.name},\n\n${event.actor.name} replied to your ticket #${t.number}:\n\n${entryBody(t, event.data)}\n\nTo answer, reply to this e-mail (keep ${tag} in the subject) or use the link we sent when you opened the ticket.`,
          // The customer gets the agent's files with the reply, as osTicket sends them.
          files: mailableFiles(t, event.data),
        },
      ];
    case 'overdue': {
      const plan = d.slaPlans.find((p) => p.id === t.slaPlanId);
      if (plan && !plan.overdueAlerts) return [];
      const to = [agent(d, t.assigneeId), manager(d, t.departmentId)].filter((a): a is Agent => a !== undefined);
      return [
        {
          kind: 'overdueAlert',
          to: to.filter((a, i) => to.findIndex((b) => b.id === a.id) === i),
          subject: `${tag} Overdue: ${t.subject}`,
          text: `Ticket #${t.number} passed its due time (${String(event.data['dueAt'])}) and is now overdue.\n\n${summary}${staffFooter}`,
        },
      ];
    }
    case 'firstResponse.overdue': {
      // Its own alert, to whoever owes the first response: the assignee, else the department's agents.
      // It follows the plan's and the help desk's overdue-alert switches.
      const plan = d.slaPlans.find((p) => p.id === t.slaPlanId);
      if (plan && !plan.overdueAlerts) return [];
      const assignee = agent(d, t.assigneeId);
      return [
        {
          kind: 'overdueAlert',
          to: assignee ? [assignee] : agentsOf(d, t.departmentId),
          subject: `${tag} First response overdue: ${t.subject}`,
          text: `Ticket #${t.number} has had no response from an agent by its first-response target (${String(event.data['firstResponseDueAt'])}).\n\n${summary}${staffFooter}`,
        },
      ];
    }
    case 'escalated': {
      // Whoever now answers for the breached ticket: its assignee and its (new) department's
      // manager, as for the overdue alert; agents of a department it moved to learn of it here.
      const plan = d.slaPlans.find((p) => p.id === t.slaPlanId);
      if (plan && !plan.overdueAlerts) return [];
      const moved = event.data['toDepartmentId'] !== event.data['fromDepartmentId'];
      const to = [agent(d, t.assigneeId), manager(d, t.departmentId), ...(moved ? agentsOf(d, t.departmentId) : [])].filter((a): a is Agent => a !== undefined);
      const changes = [
        ...(event.data['toPriority'] !== event.data['fromPriority'] ? [`priority raised to ${PRIORITY_LABELS[t.priority]}`] : []),
        ...(moved ? [`transferred to ${nameOf(d.departments, t.departmentId)}`] : []),
      ];
      return [
        {
          kind: 'overdueAlert',
          to: to.filter((a, i) => to.findIndex((b) => b.id === a.id) === i),
          subject: `${tag} Escalated: ${t.subject}`,
          text: `Ticket #${t.number} breached its SLA and was escalated: ${changes.join(', ')}.\n\n${summary}${staffFooter}`,
        },
      ];
    }
    case 'sla.warning': {
      // Before a breach, to whoever can still prevent it: the assignee, else the department's
      // agents (as the first-response alert). It follows the overdue-alert switches, its kin.
      const plan = d.slaPlans.find((p) => p.id === t.slaPlanId);
      if (plan && !plan.overdueAlerts) return [];
      const assignee = agent(d, t.assigneeId);
      const first = event.data['target'] === 'firstResponse';
      return [
        {
          kind: 'overdueAlert',
          to: assignee ? [assignee] : agentsOf(d, t.departmentId),
          subject: `${tag} Approaching SLA${first ? ' (first response)' : ''}: ${t.subject}`,
          text: `Ticket #${t.number} approaches its SLA: ${first ? 'a first response' : 'resolution'} is due by ${String(event.data['dueAt'])}.\n\n${summary}${staffFooter}`,
        },
      ];
    }
    case 'resolved':
    case 'closed':
      return [
        {
          kind: 'closedNotice',
          to: [customer],
          subject: `${tag} ${event.type === 'resolved' ? 'Resolved' : 'Closed'}: ${t.subject}`,
          text: `Dear ${t.customer.name},\n\nYour ticket #${t.number} "${t.subject}" has been ${event.type}. If you still need help, simply reply to this e-mail and the ticket will reopen.`,
        },
      ];
    default:
      return [];
  }
}

/** The notices that go to the customer: from the ticket's mailbox, threaded with the customer's mail (issue 25). */
const CUSTOMER_NOTICES: ReadonlySet<NotificationKind> = new Set<NotificationKind>(['autoResponse', 'replyNotice', 'closedNotice']);

/**
 * The e-mails an event causes: one per recipient, each with a Message-ID unique to event and
 * recipient. Notices to the customer come from the ticket's mailbox (mail-routing.ts) and answer
 * the customer's mail; alerts to agents come from the help desk's sender.
 */
export function notificationsFor(event: LifecycleEvent, c: NotificationContext): Notification[] {
  const enabled = c.directory.notifications.enabled;
  const sender = customerNoticeSender(c.ticket, c.directory, c.from);
  const { inReplyTo, references } = threadingOf(c.ticket, c.messageIdDomain);
  const result: Notification[] = [];
  for (const draft of drafts(event, c)) {
    if (!enabled[draft.kind]) continue;
    const toCustomer = CUSTOMER_NOTICES.has(draft.kind);
    for (const to of draft.to) {
      result.push({
        kind: draft.kind,
        mail: {
          messageId: messageId(c.ticket.number, event.id, result.length, c.messageIdDomain),
          from: toCustomer ? sender.from : c.from,
          to: { name: to.name, email: to.email },
          subject: draft.subject,
          text: draft.text,
          html: htmlOf(draft.text),
          ticketNumber: c.ticket.number,
          ...(toCustomer
            ? {
                ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
                ...(inReplyTo ? { inReplyTo } : {}),
                references,
                ...(sender.route.method !== 'default' ? { route: sender.route } : {}),
              }
            : {}),
        },
        files: draft.files ?? [],
      });
    }
  }
  return result;
}
