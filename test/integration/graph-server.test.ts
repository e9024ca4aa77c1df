// The Microsoft Graph stand-in (local/graph-server.ts), through plain fetch: each test names a
// documented Graph rule the product depends on and shows the stand-in keeps it. A tiny HTTP server
// plays the product's notification endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGraphStandIn, type GraphStandIn } from '../../local/graph-server';

interface Received {
  query: URLSearchParams;
  contentType: string;
  body: string;
}
interface Answer {
  status: number;
  type?: string;
  body?: string;
}

/** A notification endpoint: answers the validation handshake as Graph asks and every notification 202, unless told otherwise. */
async function endpoint(answer?: (r: Received) => Answer | undefined) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        query: new URL(req.url ?? '/', 'http://x').searchParams,
        contentType: String(req.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      const token = r.query.get('validationToken');
      const a = answer?.(r) ?? (token !== null ? { status: 200, type: 'text/plain', body: token } : { status: 202 });
      res.writeHead(a.status, a.type ? { 'content-type': a.type } : {});
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graph-notifications?code=abc`,
    received,
    /** The notifications (not the handshakes), parsed. */
    notifications: () => received.filter((r) => !r.query.has('validationToken')).map((r) => JSON.parse(r.body) as { value: Record<string, unknown>[] }),
  };
}

/** Endpoints started by the running test, closed after it even when it fails. */
const open: Server[] = [];

const MAILBOX = 'Desk@Contoso.com';
const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };
let graph: GraphStandIn;
let sequence = 0;
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

function mail(subject = `Printer jams ${++sequence}`): string {
  return [
    'From: Maria Customer <maria@example.org>',
    'To: desk@contoso.com',
    `Subject: ${subject}`,
    `Message-ID: <m${sequence}.${Date.now()}@example.org>`,
    'Date: Wed, 02 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'It jams on every page.',
    '',
  ].join('\r\n');
}

/** A request to the stand-in with a bearer token. */
function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = path.startsWith('http') ? path : `${graph.url}${path}`;
  return fetch(url, { method: init.method ?? 'GET', headers: { authorization: 'Bearer token-for-tests', ...init.headers }, body: init.body });
}
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function subscribe(notificationUrl: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return postJson(
    '/subscriptions',
    { changeType: 'created', notificationUrl, resource: `users/${MAILBOX}/mailFolders('inbox')/messages`, expirationDateTime: inMinutes(60), clientState: 'secret-state', ...extra },
    headers,
  );
}

beforeEach(async () => {
  graph = await startGraphStandIn({ retryDelaysMs: [20, 20], tenantId: 'tenant-1' });
});
afterEach(async () => {
  await graph.close();
  await Promise.all(open.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

test('every request needs a bearer token: 401 InvalidAuthenticationToken in Graph\'s error shape, and it is recorded', async () => {
  const res = await fetch(`${graph.url}/users/${MAILBOX}/mailFolders/inbox/messages`);
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: { code: 'InvalidAuthenticationToken', message: expect.any(String) } });
  const empty = await fetch(`${graph.url}/subscriptions`, { headers: { authorization: 'Bearer ' } });
  expect(empty.status).toBe(401);
  expect((await call('/subscriptions')).status).toBe(200);
  expect(graph.requests.map((r) => r.status)).toEqual([401, 401, 200]);
  expect(graph.requests[0]!.path).toBe(`/v1.0/users/${MAILBOX}/mailFolders/inbox/messages`);
});

describe('creating a subscription', () => {
  test('validates the notification URL first: an endpoint that does not echo the token is refused 400 ValidationError and no subscription exists', async () => {
    const silent = await endpoint((r) => (r.query.has('validationToken') ? { status: 202 } : undefined));
    const res = await subscribe(silent.url);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'ValidationError', message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.' },
    });
    // The handshake was made: a POST, text/plain, the token in the query (decoded by the endpoint), the URL's own query kept.
    expect(silent.received).toHaveLength(1);
    expect(silent.received[0]!.contentType).toMatch(/^text\/plain/);
    expect(silent.received[0]!.query.get('validationToken')).toMatch(/^Validation: /);
    expect(silent.received[0]!.query.get('code')).toBe('abc');
    expect(graph.subscriptions()).toEqual([]);
    expect(await (await call('/subscriptions')).json()).toMatchObject({ value: [] });

    // Echoing the token still URL-encoded is not the token either.
    const encoded = await endpoint((r) => {
      const t = r.query.get('validationToken');
      return t === null ? undefined : { status: 200, type: 'text/plain', body: encodeURIComponent(t) };
    });
    const refused = await subscribe(encoded.url);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ValidationError');
    expect(graph.subscriptions()).toEqual([]);

    // The lifecycle URL is validated as well.
    const good = await endpoint();
    const lifecycleRefused = await subscribe(good.url, { lifecycleNotificationUrl: silent.url });
    expect(lifecycleRefused.status).toBe(400);
    expect(graph.subscriptions()).toEqual([]);
  });

  test('an endpoint that echoes the token gets 201 and the subscription as Graph shows it', async () => {
    const ep = await endpoint();
    const res = await subscribe(ep.url, { lifecycleNotificationUrl: ep.url });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      '@odata.context': expect.stringContaining('$metadata#subscriptions'),
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      resource: `users/${MAILBOX}/mailFolders('inbox')/messages`,
      changeType: 'created',
      clientState: 'secret-state',
      notificationUrl: ep.url,
      lifecycleNotificationUrl: ep.url,
      latestSupportedTlsVersion: 'v1_2',
      applicationId: expect.any(String),
      creatorId: expect.any(String),
    });
    expect(ep.received.filter((r) => r.query.has('validationToken'))).toHaveLength(2);
    expect(graph.subscriptions().map((s) => s.id)).toEqual([body.id]);
  });

  test('expirationDateTime is at most 10,080 minutes ahead for Outlook messages, on create and on renewal', async () => {
    const ep = await endpoint();
    const tooFar = await subscribe(ep.url, { expirationDateTime: inMinutes(10_081) });
    expect(tooFar.status).toBe(400);
    expect(((await tooFar.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'ExtensionError',
      message: 'Subscription expiration can only be 10080 minutes in the future.',
    });
    const past = await subscribe(ep.url, { expirationDateTime: inMinutes(-1) });
    expect(past.status).toBe(400);
    expect(graph.subscriptions()).toEqual([]);

    const ok = await subscribe(ep.url, { expirationDateTime: inMinutes(10_079) });
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };
    const renewTooFar = await call(`/subscriptions/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expirationDateTime: inMinutes(10_081) }) });
    expect(renewTooFar.status).toBe(400);
    const later = inMinutes(10_000);
    const renewed = await call(`/subscriptions/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expirationDateTime: later }) });
    expect(renewed.status).toBe(200);
    expect(((await renewed.json()) as { expirationDateTime: string }).expirationDateTime).toBe(later);

    // Deleted, it is gone: renewal and deletion answer 404.
    expect((await call(`/subscriptions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/subscriptions/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expirationDateTime: later }) })).status).toBe(404);
    expect((await call(`/subscriptions/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  test('an expired subscription is gone: renewal answers 404 and deliveries notify nobody', async () => {
    const ep = await endpoint();
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const { id } = (await (await subscribe(ep.url, { expirationDateTime: expiresAt })).json()) as { id: string };
    expect(graph.subscriptions().map((s) => s.id)).toEqual([id]);
    while (Date.now() <= Date.parse(expiresAt)) await new Promise((r) => setTimeout(r, 100));
    const renewal = await call(`/subscriptions/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expirationDateTime: inMinutes(60) }) });
    expect(renewal.status).toBe(404);
    expect(graph.subscriptions()).toEqual([]);
    expect((await graph.deliver(MAILBOX, mail())).notified).toEqual([]);
    expect(ep.notifications()).toEqual([]);
  });

  test('clientState is at most 128 characters', async () => {
    const ep = await endpoint();
    expect((await subscribe(ep.url, { clientState: 'x'.repeat(129) })).status).toBe(400);
    expect((await subscribe(ep.url, { clientState: 'x'.repeat(128) })).status).toBe(201);
  });
});

test('a delivery notifies each subscription with its clientState, the user object id, and the id kind the subscription asked for', async () => {
  const regular = await endpoint();
  const immutable = await endpoint();
  expect((await subscribe(regular.url, { clientState: 'state-regular' })).status).toBe(201);
  expect((await subscribe(immutable.url, { clientState: 'state-immutable' }, IMMUTABLE)).status).toBe(201);

  const { immutableId, notified } = await graph.deliver(MAILBOX, mail('Printer jams'));
  expect(notified).toEqual([202, 202]);
  const [toRegular] = regular.notifications();
  const [toImmutable] = immutable.notifications();
  const r = toRegular!.value[0] as { clientState: string; resource: string; tenantId: string; changeType: string; resourceData: { id: string } };
  const i = toImmutable!.value[0] as typeof r;
  expect(r).toMatchObject({ changeType: 'created', clientState: 'state-regular', tenantId: 'tenant-1' });
  expect(i).toMatchObject({ changeType: 'created', clientState: 'state-immutable', tenantId: 'tenant-1' });
  // The user is named by a GUID, not by address.
  expect(r.resource).toMatch(/^Users\/[0-9a-f-]{36}\/Messages\//);
  expect(r.resource).not.toContain('contoso');
  expect(i.resourceData.id).toBe(immutableId);
  expect(r.resourceData.id).not.toBe(immutableId);

  // Each id reads the message, with the matching Prefer header.
  const byRegular = await call(`/users/${MAILBOX}/messages/${r.resourceData.id}?$select=subject,internetMessageId`);
  expect(byRegular.status).toBe(200);
  expect(await byRegular.json()).toMatchObject({ id: r.resourceData.id, subject: 'Printer jams', internetMessageId: expect.stringMatching(/^<m\d+\./) });
  const byImmutable = await call(`/users/${MAILBOX}/messages/${immutableId}`, { headers: IMMUTABLE });
  expect(byImmutable.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
  expect(((await byImmutable.json()) as { id: string }).id).toBe(immutableId);

  // The MIME bytes come back as they were delivered.
  const raw = await call(`/users/${MAILBOX}/messages/${immutableId}/$value`);
  expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(await raw.text()).toContain('Subject: Printer jams');

  // notify: false stores without notifying.
  await graph.deliver(MAILBOX, mail(), { notify: false });
  expect(regular.notifications()).toHaveLength(1);
  expect(graph.folder('desk@contoso.com', 'Inbox')).toHaveLength(2);
});

test('a move gives the message a new regular id; the immutable id stays, and the old regular id is gone', async () => {
  const { immutableId } = await graph.deliver(MAILBOX, mail(), { notify: false });
  const listed = (await (await call(`/users/${MAILBOX}/mailFolders('inbox')/messages?$select=id`)).json()) as { value: { id: string }[] };
  const before = listed.value[0]!.id;
  expect(before).not.toBe(immutableId);

  const moved = await postJson(`/users/${MAILBOX}/messages/${before}/move`, { destinationId: 'archive' });
  expect(moved.status).toBe(201);
  const after = ((await moved.json()) as { id: string; parentFolderId: string });
  expect(after.id).not.toBe(before);
  expect((await call(`/users/${MAILBOX}/messages/${before}`)).status).toBe(404);
  expect(((await (await call(`/users/${MAILBOX}/messages/${before}`)).json()) as { error: { code: string } }).error.code).toBe('ErrorItemNotFound');
  expect((await call(`/users/${MAILBOX}/messages/${after.id}`)).status).toBe(200);

  // Moving again by immutable id (with the Prefer header) answers the same immutable id.
  const folder = await postJson(`/users/${MAILBOX}/mailFolders`, { displayName: 'Help desk processed' });
  const { id: folderId } = (await folder.json()) as { id: string };
  const again = await postJson(`/users/${MAILBOX}/messages/${immutableId}/move`, { destinationId: folderId }, IMMUTABLE);
  expect(again.status).toBe(201);
  expect(again.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
  expect(await again.json()).toMatchObject({ id: immutableId, parentFolderId: folderId });
  expect((await call(`/users/${MAILBOX}/messages/${after.id}`)).status).toBe(404);
  expect(graph.folder(MAILBOX, 'help desk processed').map((m) => m.immutableId)).toEqual([immutableId]);
  expect(graph.folder(MAILBOX, 'Inbox')).toEqual([]);
});

describe('sendMail', () => {
  const mime = Buffer.from('From: desk@contoso.com\r\nTo: maria@example.org\r\nSubject: Re: Printer jams\r\nIn-Reply-To: <m1@example.org>\r\n\r\nWe are on it.\r\n');

  test('base64 MIME with Content-Type text/plain is sent and recorded; malformed base64 is 400 ErrorMimeContentInvalidBase64String', async () => {
    // Line-wrapped base64, as encoders write it.
    const body = mime.toString('base64').replace(/.{76}/g, '$&\r\n');
    const res = await call(`/users/${MAILBOX}/sendMail`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(graph.sent).toEqual([{ mailbox: 'desk@contoso.com', mime, kind: 'mime', at: expect.any(Date) }]);
    expect(graph.folder(MAILBOX, 'Sent Items').map((m) => m.mime)).toEqual([mime]);

    const bad = await call(`/users/${MAILBOX}/sendMail`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: mime.toString('utf8') });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'ErrorMimeContentInvalidBase64String', message: 'Invalid base64 string for MIME content.' } });
    const noRecipient = Buffer.from('From: desk@contoso.com\r\nSubject: x\r\n\r\nx\r\n').toString('base64');
    expect((await call(`/users/${MAILBOX}/sendMail`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: noRecipient })).status).toBe(400);
    expect(graph.sent).toHaveLength(1);
  });

  test('JSON with a custom header not named x-… is refused; x- headers are accepted', async () => {
    const message = (name: string) => ({
      message: { subject: 'Re: Printer jams', body: { contentType: 'Text', content: 'We are on it.' }, toRecipients: [{ emailAddress: { address: 'maria@example.org' } }], internetMessageHeaders: [{ name, value: '<m1@example.org>' }] },
      saveToSentItems: true,
    });
    const refused = await postJson(`/users/${MAILBOX}/sendMail`, message('In-Reply-To'));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'InvalidInternetMessageHeader',
      message: "The internet message header name 'In-Reply-To' should start with 'x-' or 'X-'.",
    });
    expect(graph.sent).toEqual([]);
    const accepted = await postJson(`/users/${MAILBOX}/sendMail`, message('X-Helpdesk-Ticket'));
    expect(accepted.status).toBe(202);
    expect(graph.sent.map((s) => s.kind)).toEqual(['json']);
  });
});

test('creating a mail folder whose name exists (in any case) is 409 ErrorFolderExists; $filter by displayName finds it', async () => {
  const created = await postJson(`/users/${MAILBOX}/mailFolders`, { displayName: 'Processed' });
  expect(created.status).toBe(201);
  const folder = (await created.json()) as Record<string, unknown>;
  expect(folder).toMatchObject({ id: expect.any(String), displayName: 'Processed', parentFolderId: expect.any(String), childFolderCount: 0, totalItemCount: 0 });
  const again = await postJson(`/users/${MAILBOX}/mailFolders`, { displayName: 'PROCESSED' });
  expect(again.status).toBe(409);
  expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ErrorFolderExists');
  expect((await postJson(`/users/${MAILBOX}/mailFolders`, { displayName: 'inbox' })).status).toBe(409);

  const found = await call(`/users/${MAILBOX}/mailFolders?$filter=${encodeURIComponent("displayName eq 'processed'")}`);
  expect(((await found.json()) as { value: { id: string }[] }).value.map((f) => f.id)).toEqual([folder.id]);
});

test('listing pages by $top and an absolute @odata.nextLink until every message was seen once', async () => {
  const delivered: string[] = [];
  for (let n = 0; n < 5; n++) delivered.push((await graph.deliver(MAILBOX, mail(), { notify: false })).immutableId);
  const seen: string[] = [];
  const pages: number[] = [];
  let next: string | undefined = `${graph.url}/users/${encodeURIComponent(MAILBOX)}/mailFolders('Inbox')/messages?$select=id,internetMessageId,receivedDateTime&$top=2&$orderby=receivedDateTime`;
  while (next) {
    const res = await call(next, { headers: IMMUTABLE });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { value: { id: string; receivedDateTime: string }[]; '@odata.nextLink'?: string };
    pages.push(body.value.length);
    seen.push(...body.value.map((m) => m.id));
    next = body['@odata.nextLink'];
    if (next) expect(next.startsWith(graph.url)).toBe(true);
  }
  expect(pages).toEqual([2, 2, 1]);
  expect(seen).toEqual(delivered); // oldest first, as ordered
  // Without $top, a page is 10.
  for (let n = 0; n < 7; n++) await graph.deliver(MAILBOX, mail(), { notify: false });
  const first = (await (await call(`/users/${MAILBOX}/mailFolders/inbox/messages`)).json()) as { value: unknown[]; '@odata.nextLink'?: string };
  expect(first.value).toHaveLength(10);
  expect(first['@odata.nextLink']).toBeDefined();
});

test('a notification answered 500 is sent again until it gets a 2xx, with the same body', async () => {
  let failuresLeft = 2;
  const flaky = await endpoint((r) => {
    if (r.query.has('validationToken')) return undefined;
    return failuresLeft-- > 0 ? { status: 500 } : { status: 202 };
  });
  expect((await subscribe(flaky.url)).status).toBe(201);
  const { notified } = await graph.deliver(MAILBOX, mail());
  expect(notified).toEqual([500, 500, 202]);
  const bodies = flaky.notifications();
  expect(bodies).toHaveLength(3);
  expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);

  // Past the last retry delay Graph gives up (here after retryDelaysMs runs out).
  failuresLeft = 10;
  expect((await graph.deliver(MAILBOX, mail())).notified).toEqual([500, 500, 500]);
});

test('lifecycle notifications go to the lifecycle URL; subscriptionRemoved deletes the subscription', async () => {
  const changes = await endpoint();
  const life = await endpoint();
  const { id } = (await (await subscribe(changes.url, { lifecycleNotificationUrl: life.url })).json()) as { id: string };
  expect(await graph.lifecycle(id, 'reauthorizationRequired')).toBe(202);
  expect(await graph.lifecycle(id, 'subscriptionRemoved')).toBe(202);
  expect(life.notifications().map((n) => n.value[0])).toEqual([
    expect.objectContaining({ lifecycleEvent: 'reauthorizationRequired', subscriptionId: id, clientState: 'secret-state', tenantId: 'tenant-1' }),
    expect.objectContaining({ lifecycleEvent: 'subscriptionRemoved', subscriptionId: id }),
  ]);
  expect(changes.notifications()).toEqual([]);
  expect(graph.subscriptions()).toEqual([]);
  expect((await graph.deliver(MAILBOX, mail())).notified).toEqual([]);
});

test('failNext makes matching requests fail for a while (outages), and they are recorded', async () => {
  graph.failNext(2, { method: 'GET', path: /\/messages$/ }, 503);
  const path = `/users/${MAILBOX}/mailFolders/inbox/messages`;
  const first = await call(path);
  expect(first.status).toBe(503);
  expect(first.headers.get('retry-after')).toBe('1');
  expect((await call('/subscriptions')).status).toBe(200); // does not match
  expect((await call(path)).status).toBe(503);
  expect((await call(path)).status).toBe(200);
  expect(graph.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 503', 'GET 200', 'GET 503', 'GET 200']);
});
