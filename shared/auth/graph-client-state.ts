// A Graph subscription's clientState, derived from the help-desk secret (issue 25): the mailbox's
// id and a token over it, so the notification webhook knows the mailbox without a read and
// refuses what no subscription of ours sent. At most 108 characters (ids are at most 64; Graph
// allows 128, "subscription resource type").
import type { GraphClientStates } from '../domain/ports';
import { deriveToken, verifyDerivedToken } from './derived-token';

const PURPOSE = 'graph-client-state';

export function graphClientStates(readSecret: () => string): GraphClientStates {
  let known: string | undefined;
  const secret = () => (known ??= readSecret());
  return {
    of: (mailboxId) => `${mailboxId}.${deriveToken(secret(), PURPOSE, mailboxId)}`,
    mailboxOf: (state) => {
      if (typeof state !== 'string') return null;
      const dot = state.lastIndexOf('.');
      const mailboxId = state.slice(0, dot);
      return dot > 0 && verifyDerivedToken(secret(), state.slice(dot + 1), PURPOSE, mailboxId) ? mailboxId : null;
    },
  };
}
