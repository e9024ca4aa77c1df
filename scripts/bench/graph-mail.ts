// Microsoft 365 mailboxes through Graph (issue 25): from Graph's change notification to the ticket
// it became, against the recording Graph stand-in (local/graph-server.ts) on loopback. The webhook
// takes the message before it answers, so "answered" is when the ticket exists and the message
// has left the inbox; "ticket created" is the ticket's createdAt. In Azure, Graph's own delivery
// adds its latency before the notification is sent (under a minute on average, per Microsoft).
import { startGraphStandIn, type GraphStandIn } from '../../local/graph-server';
import { agentToken, bearer, call, expectStatus, type BenchStack } from './stack';
import { figure, percentile, progress, type Figure } from './stats';

export interface GraphMailOptions {
  runs: number;
  mails: number;
}

const MAILBOX = 'bench-support@contoso.com';

/** The stand-in, started before the stack so the stack can be pointed at it (GRAPH_BASE_URL). */
export async function graphStandInForBench(): Promise<{ graph: GraphStandIn; env: Record<string, string> }> {
  const graph = await startGraphStandIn();
  return { graph, env: { GRAPH_BASE_URL: graph.url } };
}

interface Summary {
  subject: string;
  createdAt: string;
}

export async function benchGraphMail(stack: BenchStack, graph: GraphStandIn, options: GraphMailOptions): Promise<Figure[]> {
  const token = await agentToken('admin@example.com');
  expectStatus(await call(stack.api, 'POST', '/admin/mailboxes', { name: 'Bench M365', address: MAILBOX, topicId: 'other', fetch: { method: 'graph' } }, bearer(token)), 201, 'adding the Graph mailbox');
  if (graph.subscriptions().length !== 1) throw new Error('the help desk did not subscribe to the Graph mailbox');
  const perRun = { answeredP50: [] as number[], answeredP99: [] as number[], createdP50: [] as number[], createdP99: [] as number[] };
  for (let run = 1; run <= options.runs; run++) {
    const tag = `bench-graph-${Date.now()}-${run}`;
    const answered: number[] = [];
    const sentAt = new Map<string, number>();
    for (let i = 0; i < options.mails; i++) {
      const subject = `${tag} ${i}`;
      const raw = `From: Bench Customer <customer.${tag}.${i}@example.org>\r\nTo: ${MAILBOX}\r\nSubject: ${subject}\r\nMessage-ID: <${tag}.${i}@example.org>\r\nDate: ${new Date().toUTCString()}\r\n\r\nThe printer on floor 3 jams.\r\n`;
      sentAt.set(subject, Date.now());
      const t0 = performance.now();
      const { notified } = await graph.deliver(MAILBOX, raw);
      answered.push(performance.now() - t0);
      if (notified.at(-1) !== 202) throw new Error(`the webhook answered ${notified.join(', ')} for ${subject}`);
    }
    const page = expectStatus(await call<{ items: Summary[] }>(stack.api, 'GET', `/staff/tickets?queue=open&limit=100&q=${encodeURIComponent(tag)}`, undefined, bearer(token)), 200, 'reading the open queue');
    const created = page.body.items.flatMap((t) => (sentAt.has(t.subject) ? [Date.parse(t.createdAt) - sentAt.get(t.subject)!] : []));
    if (created.length !== options.mails) throw new Error(`${options.mails - created.length} of ${options.mails} notified mails are not tickets after the webhook answered`);
    perRun.answeredP50.push(percentile(answered, 50));
    perRun.answeredP99.push(percentile(answered, 99));
    perRun.createdP50.push(percentile(created, 50));
    perRun.createdP99.push(percentile(created, 99));
    progress(`graph run ${run}/${options.runs}: ${options.mails} mails, notification -> ticket created p50 ${perRun.createdP50.at(-1)!.toFixed(0)} ms, p99 ${perRun.createdP99.at(-1)!.toFixed(0)} ms`);
  }
  const g = `Graph mailbox (${options.mails} notified mails, one after another, through the Graph stand-in)`;
  const note = "Azure adds Graph's own delay before it notifies, and Graph's latency for each call the webhook makes";
  return [
    figure(g, 'notification -> ticket created p50', 'ms', perRun.createdP50),
    figure(g, 'notification -> ticket created p99', 'ms', perRun.createdP99, { note }),
    figure(g, 'notification -> webhook answered p50', 'ms', perRun.answeredP50),
    figure(g, 'notification -> webhook answered p99', 'ms', perRun.answeredP99),
  ];
}
