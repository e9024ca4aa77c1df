import { takeNotified } from '../shared/app/graph-mailboxes';
import { GRAPH_NOTIFICATIONS_ROUTE } from '../shared/config';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { graphMailboxDeps } from '../shared/host/mailbox-intake';
import { readJson, readQuery } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { GraphNotificationBody, GraphValidationQuery } from '../shared/schemas/graph';
import { services } from '../shared/services';

/**
 * Microsoft Graph's webhook for the help desk's Microsoft 365 mailboxes (issue 25). Making a
 * subscription, Graph posts `?validationToken=…` and expects the token back as text/plain within
 * 10 s; every other post is a collection of notifications, each checked by its clientState. A new
 * message is taken before the answer: 202 once taken, 503 when it could not be now, so Graph
 * delivers the notification again ("Receive change notifications through webhooks": any other
 * answer within 10 s makes it retry for up to 4 hours).
 */
export async function graphNotifications(request: HttpRequest): Promise<HttpResponseInit> {
  const { validationToken } = readQuery(request, GraphValidationQuery);
  if (validationToken !== undefined) return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: validationToken };
  const body = await readJson(request, GraphNotificationBody);
  const report = await takeNotified(graphMailboxDeps(await services()), body);
  return report.retry ? json(503, { error: { code: 'unavailable', message: 'A message could not be taken now; deliver the notification again' }, ...report }, { 'retry-after': '60' }) : json(202, report);
}

httpFunction({
  name: 'graph-notifications', route: GRAPH_NOTIFICATIONS_ROUTE, methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: "Microsoft Graph's change and lifecycle notifications for the help desk's Microsoft 365 mailboxes; also answers Graph's validation request",
    tag: 'integrations',
    security: 'none',
    query: GraphValidationQuery,
    body: GraphNotificationBody,
    success: { status: 202, description: '`{ taken, ignored, retry }`; with `validationToken` in the query, 200 and the token as text/plain' },
    errors: [400, 413, 415, 503],
  },
  handler: graphNotifications,
});
