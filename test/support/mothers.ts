// Builders for the domain tests: the seeded directory, a clock, and tickets at any stage.
import { DomainError } from '../../shared/domain/errors';
import type { InboundEmail } from '../../shared/domain/inbound-email';
import { openTicket, type ActionContext } from '../../shared/domain/lifecycle';
import { directoryOf, type Agent, type Directory, type DirectoryEntry, type Ticket } from '../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';

export function directory(entries: DirectoryEntry[] = DEMO_DIRECTORY): Directory {
  // A deep copy: tests change roles and plans of their own directory without touching the seed.
  return structuredClone(directoryOf(entries));
}

export function agent(d: Directory, id: string): Agent {
  const found = d.agents.find((a) => a.id === id);
  if (!found) throw new Error(`no agent ${id}`);
  return found;
}

let counter = 0;
export function at(now: string): ActionContext {
  return { now, newId: () => `id-${++counter}` };
}

export const T0 = '2026-11-24T09:00:00.000Z';

export function hoursAfter(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

export function newTicket(d: Directory, overrides: Partial<{ topicId: string; priority: Ticket['priority']; number: string }> = {}, now = T0): Ticket {
  return openTicket(
    {
      number: overrides.number ?? '100001',
      customer: { name: 'Maria Customer', email: 'maria@example.org', phone: null },
      topicId: overrides.topicId ?? 'other',
      subject: 'Mobile banking app will not log in',
      message: 'Since this morning the app says my password is wrong.',
      ...(overrides.priority ? { priority: overrides.priority } : {}),
      source: 'api',
      accessTokenHash: 'hash',
      idempotencyKeyHash: null,
    },
    d,
    at(now),
  );
}

/** The code of the DomainError `fn` throws; fails the test when it throws nothing or something else. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

/** An inbound e-mail from Maria, as the parser hands it over: plain, unauthenticated unless told. */
export function inboundEmail(over: Partial<InboundEmail> = {}): InboundEmail {
  return {
    from: { name: 'Maria Customer', address: 'maria@example.org' },
    to: ['support@example.com'],
    subject: 'Card blocked',
    text: 'My card was blocked.',
    messageId: '<m1@mail.example.org>',
    fingerprint: 'f'.repeat(64),
    inReplyTo: [],
    references: [],
    attachments: [],
    authenticationResults: [],
    headers: { autoSubmitted: null, precedence: null, xAutoreply: null, xAutorespond: null, returnPath: null },
    ...over,
  };
}
