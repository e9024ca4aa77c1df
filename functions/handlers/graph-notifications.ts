import { takeNotified } from '../../shared/app/graph-mailboxes';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { graphMailboxDeps } from '../../shared/host/mailbox-intake';
import { readJson, readQuery } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { GraphNotificationBody, GraphValidationQuery } from '../../shared/schemas/graph';
import { services } from '../../shared/services';

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
