// A recording stand-in for the Microsoft Graph v1.0 mail endpoints the help desk uses (issue 25):
// subscriptions with their validation handshake, change and lifecycle notifications, listing and
// reading messages (JSON and MIME), moving them, mail folders, and sendMail. It runs in this
// process on loopback, so nothing leaves the machine in tests, keeps mailboxes in memory, records
// every request, and enforces the documented rules the product depends on. Each rule names the
// Microsoft Learn page it comes from (learn.microsoft.com/graph/...). Where a page gives no error
// code or wording, the code and wording are Graph's as reported in public issues, named there too.
//
// Mailboxes need no setup: the first request or delivery naming an address creates it, with the
// well-known folders. Each mailbox has a made-up, stable user object id (a GUID), which is how
// Graph names the user in notifications.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';

export interface GraphStandInOptions {
  /** Delays between notification retries when the endpoint does not answer 2xx (Graph retries with backoff for up to 4 h); default [200, 1000]. */
  retryDelaysMs?: number[];
  tenantId?: string;
}

export interface RecordedGraphRequest {
  method: string;
  /** Decoded, without the query, e.g. /v1.0/users/desk@example.com/sendMail */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  /** The status answered (0 until answered). */
  status: number;
}

export interface GraphSubscriptionRecord {
  id: string;
  resource: string;
  /** The mailbox the resource names, lower-cased. */
  mailbox: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  /** Whether the create carried Prefer: IdType="ImmutableId", so its notifications carry immutable ids. */
  immutableIds: boolean;
}

export interface SentGraphMail {
  /** As addressed in the URL, lower-cased. */
  mailbox: string;
  /** The decoded MIME message, or for a JSON send the request's JSON body. */
  mime: Buffer;
  kind: 'mime' | 'json';
  at: Date;
}

export interface GraphStandIn {
  /** Base URL the client uses in place of https://graph.microsoft.com/v1.0, e.g. http://127.0.0.1:PORT/v1.0 */
  url: string;
  /** Every request received, in order. */
  requests: RecordedGraphRequest[];
  /** Mail sent through sendMail. */
  sent: SentGraphMail[];
  /**
   * Puts a message (raw RFC 5322 bytes) into the mailbox's Inbox and, unless notify is false, sends a
   * change notification (created) to every live subscription on that mailbox's messages. Resolves
   * when the notification POSTs were answered, after retries, with the message's immutable id and
   * every status answered, in order, one per attempt (0 when the endpoint did not answer).
   */
  deliver(mailbox: string, mime: Buffer | string, options?: { notify?: boolean }): Promise<{ immutableId: string; notified: number[] }>;
  /** Sends a lifecycle notification to the subscription's lifecycleNotificationUrl (or notificationUrl); subscriptionRemoved also deletes it. Resolves with the last status answered (0: none). */
  lifecycle(subscriptionId: string, event: 'missed' | 'subscriptionRemoved' | 'reauthorizationRequired'): Promise<number>;
  /** The live subscriptions. */
  subscriptions(): GraphSubscriptionRecord[];
  /** Messages now in a folder of a mailbox, by folder display name ('Inbox' for the inbox). */
  folder(mailbox: string, displayName: string): { immutableId: string; internetMessageId: string | null; mime: Buffer }[];
  /** Makes the next n requests matching method + path regex (against the recorded path) fail with the given status (default 503). */
  failNext(n: number, match: { method?: string; path?: RegExp }, status?: number): void;
  close(): Promise<void>;
}

// ------------------------------------------------------------------ documented limits

/**
 * Outlook message subscriptions (without resource data) live at most 10,080 minutes (under 7 days):
 * "subscription resource type", Subscription lifetime table (learn.microsoft.com/graph/api/resources/subscription).
 */
const MAX_SUBSCRIPTION_MINUTES = 10_080;
/** clientState: "The maximum length is 128 characters." (subscription resource type). */
const MAX_CLIENT_STATE = 128;
/** The client must answer the validation request "within 10 seconds" ("Receive change notifications through webhooks", notificationUrl validation). */
const VALIDATION_TIMEOUT_MS = 10_000;
/** "Notifications are published using an HTTP client with a 3-second timeout." (same page, Throttling). */
const NOTIFICATION_TIMEOUT_MS = 3_000;
/** "The default page size is 10 messages. Use $top to customize the page size, within the range of 1 and 1000." ("List messages"). */
const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;
/** Custom Internet message headers in a JSON message: at most 5 (Graph's InvalidInternetMessageHeaderCollection answer, Microsoft Q&A 762243). */
const MAX_CUSTOM_HEADERS = 5;

/** Well-known folder names and their display names ("mailFolder resource type", well-known folder names). */
const WELL_KNOWN: Record<string, string> = {
  inbox: 'Inbox',
  archive: 'Archive',
  deleteditems: 'Deleted Items',
  drafts: 'Drafts',
  junkemail: 'Junk Email',
  sentitems: 'Sent Items',
};

// ------------------------------------------------------------------ the mailbox model

interface Folder {
  id: string;
  displayName: string;
  wellKnownName: string | null;
}

interface StoredMessage {
  immutableId: string;
  /** Changes on every move ("Obtain immutable identifiers for Outlook resources"). */
  regularId: string;
  folderId: string;
  mime: Buffer;
  receivedAt: Date;
  seq: number;
  changeKey: string;
  headers: MessageFields;
}

interface MessageFields {
  internetMessageId: string | null;
  subject: string | null;
  from: { name: string; address: string } | null;
  to: { name: string; address: string }[];
  sentDateTime: string | null;
  hasAttachments: boolean;
}

interface Mailbox {
  address: string;
  userId: string;
  rootId: string;
  folders: Map<string, Folder>;
  messages: Map<string, StoredMessage>;
}

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const notFoundItem = () => new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

/** A Graph-looking opaque id: a fixed prefix, then URL-safe base64 (ids are case-sensitive). */
const opaqueId = (prefix: string) => `${prefix}${randomBytes(33).toString('base64url')}=`;

/** A stable GUID per address: the same mailbox has the same user object id in every run. */
function guidFrom(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Graph writes times in UTC with seconds, e.g. 2026-12-02T15:54:37Z. */
const graphTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Whether a request asked for immutable ids: `Prefer: IdType="ImmutableId"`, possibly among other preferences. */
const prefersImmutable = (req: IncomingMessage) => /(^|[,;\s])IdType\s*=\s*"?ImmutableId"?/i.test(headerOf(req, 'prefer'));

function headerOf(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v.join(', ') : v) ?? '';
}

/** Address fields from a mailparser AddressObject (one or many). */
function addresses(value: AddressObject | AddressObject[] | undefined): { name: string; address: string }[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((o) => o.value).flatMap((a) => (a.address ? [{ name: a.name || a.address, address: a.address }] : []));
}

/** The unfolded header names of an RFC 5322 message (lower case), for the checks that need no full parse. */
function headerNames(mime: Buffer): Set<string> {
  const text = mime.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const names = new Set<string>();
  for (const line of head.split(/\r?\n/)) {
    const m = /^([!-9;-~]+):/.exec(line);
    if (m) names.add(m[1]!.toLowerCase());
  }
  return names;
}

// ------------------------------------------------------------------ the server

export async function startGraphStandIn(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
  const retryDelays = options.retryDelaysMs ?? [200, 1000];
  const tenantId = options.tenantId ?? randomUUID();
  const applicationId = randomUUID();
  const creatorId = randomUUID();
  const requests: RecordedGraphRequest[] = [];
  const sent: SentGraphMail[] = [];
  const mailboxes = new Map<string, Mailbox>();
  const subs = new Map<string, GraphSubscriptionRecord>();
  const failures: { left: number; method?: string; path?: RegExp; status: number }[] = [];
  let seq = 0;
  let base = '';

  function mailbox(address: string): Mailbox {
    const key = address.toLowerCase();
    let box = mailboxes.get(key);
    if (!box) {
      const rootId = opaqueId('AAMkAGRvb3Q');
      box = { address: key, userId: guidFrom(key), rootId, folders: new Map(), messages: new Map() };
      for (const [name, displayName] of Object.entries(WELL_KNOWN)) {
        const id = opaqueId('AAMkAGZvbGQ');
        box.folders.set(id, { id, displayName, wellKnownName: name });
      }
      mailboxes.set(key, box);
    }
    return box;
  }

  /** A folder by id or well-known name (case-insensitive), as Graph accepts both wherever a folder id goes. */
  function folderOf(box: Mailbox, idOrName: string): Folder {
    const byId = box.folders.get(idOrName);
    if (byId) return byId;
    const name = idOrName.toLowerCase();
    for (const f of box.folders.values()) if (f.wellKnownName === name) return f;
    throw notFoundItem();
  }

  /** A message by its immutable id or its current regular id; a regular id from before a move is gone. */
  function messageOf(box: Mailbox, id: string): StoredMessage {
    const byImmutable = box.messages.get(id);
    if (byImmutable) return byImmutable;
    for (const m of box.messages.values()) if (m.regularId === id) return m;
    throw notFoundItem();
  }

  function dropExpired(): void {
    const now = Date.now();
    for (const [id, s] of subs) if (Date.parse(s.expirationDateTime) <= now) subs.delete(id);
  }

  // -------------------------------------------------------------- JSON shapes

  function messageJson(m: StoredMessage, immutable: boolean, select: string[] | null): Record<string, unknown> {
    const recipient = (a: { name: string; address: string }) => ({ emailAddress: { name: a.name, address: a.address } });
    const full: Record<string, unknown> = {
      id: immutable ? m.immutableId : m.regularId,
      createdDateTime: graphTime(m.receivedAt),
      lastModifiedDateTime: graphTime(m.receivedAt),
      changeKey: m.changeKey,
      receivedDateTime: graphTime(m.receivedAt),
      sentDateTime: m.headers.sentDateTime,
      hasAttachments: m.headers.hasAttachments,
      internetMessageId: m.headers.internetMessageId,
      subject: m.headers.subject,
      parentFolderId: m.folderId,
      isRead: false,
      isDraft: false,
      from: m.headers.from ? recipient(m.headers.from) : null,
      sender: m.headers.from ? recipient(m.headers.from) : null,
      toRecipients: m.headers.to.map(recipient),
    };
    const out: Record<string, unknown> = { '@odata.etag': `W/"${m.changeKey}"` };
    const wanted = select ?? Object.keys(full);
    out.id = full.id; // Graph always returns the id.
    for (const key of wanted) if (key in full) out[key] = full[key];
    return out;
  }

  function folderJson(box: Mailbox, f: Folder): Record<string, unknown> {
    const inFolder = [...box.messages.values()].filter((m) => m.folderId === f.id);
    return {
      id: f.id,
      displayName: f.displayName,
      parentFolderId: box.rootId,
      childFolderCount: 0,
      unreadItemCount: inFolder.length,
      totalItemCount: inFolder.length,
      isHidden: false,
    };
  }

  function subscriptionJson(s: GraphSubscriptionRecord): Record<string, unknown> {
    return {
      id: s.id,
      resource: s.resource,
      applicationId,
      changeType: s.changeType,
      clientState: s.clientState,
      notificationUrl: s.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: s.lifecycleNotificationUrl,
      expirationDateTime: s.expirationDateTime,
      creatorId,
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  // -------------------------------------------------------------- paging

  /**
   * One page of a list and the absolute nextLink when more follow. The skip token is an offset into
   * the list as it is when the next page is asked for, as Graph's message paging is: moving messages
   * out of a folder while paging through it shifts the pages (learn.microsoft.com/graph/paging).
   */
  function page<T>(items: T[], query: URLSearchParams, path: string): { value: T[]; next: string | null } {
    const topText = query.get('$top');
    const top = topText === null ? DEFAULT_PAGE : Number(topText);
    if (!Number.isInteger(top) || top < 1) throw new GraphError(400, 'BadRequest', `Invalid value '${topText}' for $top.`);
    const size = Math.min(top, MAX_PAGE);
    const skipToken = query.get('$skiptoken');
    const skip = skipToken === null ? 0 : Number(Buffer.from(skipToken, 'base64url').toString('utf8').replace(/^skip:/, ''));
    if (!Number.isInteger(skip) || skip < 0) throw new GraphError(400, 'BadRequest', 'Invalid $skiptoken.');
    const value = items.slice(skip, skip + size);
    if (skip + size >= items.length) return { value, next: null };
    const nextQuery = new URLSearchParams(query);
    nextQuery.set('$top', String(size));
    nextQuery.set('$skiptoken', Buffer.from(`skip:${skip + size}`).toString('base64url'));
    return { value, next: `${base}${path}?${nextQuery.toString()}` };
  }

  function selectOf(query: URLSearchParams): string[] | null {
    const s = query.get('$select');
    return s ? s.split(',').map((x) => x.trim()).filter(Boolean) : null;
  }

  /** The $filter forms the stand-in reads: `receivedDateTime ge|gt <time>` for messages. */
  function messageFilter(query: URLSearchParams): (m: StoredMessage) => boolean {
    const f = query.get('$filter');
    if (!f) return () => true;
    const m = /^\s*receivedDateTime\s+(ge|gt|le|lt)\s+'?([0-9T:.\-+Z]+)'?\s*$/i.exec(f);
    if (!m) throw new GraphError(400, 'ErrorInvalidUrlQueryFilter', `The stand-in does not read this $filter: ${f}`);
    const at = Date.parse(m[2]!);
    if (Number.isNaN(at)) throw new GraphError(400, 'ErrorInvalidUrlQueryFilter', `Invalid time in $filter: ${m[2]}`);
    const op = m[1]!.toLowerCase();
    return (msg) => {
      const t = Math.floor(msg.receivedAt.getTime() / 1000) * 1000; // Graph's times have whole seconds
      return op === 'ge' ? t >= at : op === 'gt' ? t > at : op === 'le' ? t <= at : t < at;
    };
  }

  function listMessages(box: Mailbox, folder: Folder | null, query: URLSearchParams, path: string, immutable: boolean) {
    const order = (query.get('$orderby') ?? 'receivedDateTime desc').trim();
    const om = /^receivedDateTime(\s+(asc|desc))?$/i.exec(order);
    if (!om) throw new GraphError(400, 'BadRequest', `The stand-in orders messages by receivedDateTime only, not: ${order}`);
    const desc = (om[2] ?? 'asc').toLowerCase() === 'desc';
    const filter = messageFilter(query);
    const items = [...box.messages.values()]
      .filter((m) => (folder ? m.folderId === folder.id : true) && filter(m))
      .sort((a, b) => (desc ? b.seq - a.seq : a.seq - b.seq));
    const { value, next } = page(items, query, path);
    const select = selectOf(query);
    return {
      '@odata.context': `${base}/$metadata#users('${encodeURIComponent(box.address)}')/messages`,
      value: value.map((m) => messageJson(m, immutable, select)),
      ...(next ? { '@odata.nextLink': next } : {}),
    };
  }

  // -------------------------------------------------------------- outbound POSTs

  /** One POST to an endpoint; the status, or 0 when it did not answer in time. */
  async function post(url: string, body: string, contentType: string, timeoutMs: number): Promise<{ status: number; type: string; text: string }> {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body, signal: AbortSignal.timeout(timeoutMs) });
      return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
    } catch {
      return { status: 0, type: '', text: '' };
    }
  }

  /**
   * Posts a notification and retries while the answer is not 2xx: "If Microsoft Graph doesn't receive
   * a 2xx class code within 3 seconds, it tries to resend the change notification multiple times, for
   * up to 4 hours" ("Receive change notifications through webhooks", Processing the change
   * notification). Here the retries follow retryDelaysMs. Every status answered, in order.
   */
  async function notify(url: string, payload: unknown): Promise<number[]> {
    const statuses: number[] = [];
    const body = JSON.stringify(payload);
    for (let attempt = 0; ; attempt++) {
      const { status } = await post(url, body, 'application/json; charset=utf-8', NOTIFICATION_TIMEOUT_MS);
      statuses.push(status);
      if (status >= 200 && status < 300) return statuses;
      const delay = retryDelays[attempt];
      if (delay === undefined) return statuses;
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /**
   * The notificationUrl validation ("Receive change notifications through webhooks", notificationUrl
   * validation): a POST with `validationToken` in the query, Content-Type text/plain; the endpoint
   * must answer within 10 seconds with 200, Content-Type text/plain and the URL-decoded token as
   * the body, or Graph doesn't create the subscription. Errors as Graph words them.
   */
  async function validate(url: string): Promise<void> {
    // A token shaped like Graph's, with spaces and a colon, so an endpoint that echoes it still encoded fails.
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(url);
    target.searchParams.append('validationToken', token);
    const res = await post(target.toString(), '', 'text/plain; charset=utf-8', VALIDATION_TIMEOUT_MS);
    // Wordings as Graph answers (microsoftgraph/nodejs-webhooks-sample#158 and #350, java-spring-webhooks-sample#82).
    if (res.status === 0) throw new GraphError(400, 'InvalidRequest', 'Subscription validation request timed out.');
    if (res.status !== 200) {
      throw new GraphError(400, 'ValidationError', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    if (!/^text\/plain\b/i.test(res.type)) {
      throw new GraphError(400, 'ValidationError', 'Subscription validation request failed. Response Content-Type must be text/plain.');
    }
    if (res.text !== token) {
      throw new GraphError(400, 'ValidationError', 'Subscription validation request failed. Response must exactly match validationToken query parameter.');
    }
  }

  /** The notification URLs must be HTTPS (subscription resource type, notificationUrl); loopback may be plain HTTP here, for tests. */
  function checkNotificationUrl(name: string, value: unknown): string {
    if (typeof value !== 'string' || value === '') throw new GraphError(400, 'InvalidRequest', `${name} is required.`);
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new GraphError(400, 'InvalidRequest', `${name} is not a valid URL.`);
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new GraphError(400, 'InvalidRequest', `${name} must use HTTPS.`);
    return value;
  }

  /** expirationDateTime: in the future and at most 10,080 minutes ahead for Outlook messages. */
  function checkExpiration(value: unknown): string {
    const at = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) throw new GraphError(400, 'InvalidRequest', 'expirationDateTime is required and must be a date and time.');
    if (at <= Date.now()) throw new GraphError(400, 'InvalidRequest', 'Subscription expiration must be in the future.');
    // Graph's answer past the ceiling (wording from microsoftgraph/microsoft-graph-docs#2988, then with 4230).
    if (at > Date.now() + MAX_SUBSCRIPTION_MINUTES * 60_000) {
      throw new GraphError(400, 'ExtensionError', `Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.`);
    }
    return new Date(at).toISOString();
  }

  /** The mailbox a supported resource names: users/{address}/mailFolders('inbox')/messages, or users/{address}/messages. */
  function resourceMailbox(resource: unknown): string {
    if (typeof resource !== 'string') throw new GraphError(400, 'InvalidRequest', 'resource is required.');
    const m = /^\/?users\/([^/]+)\/(?:mailFolders(?:\('inbox'\)|\/inbox)\/)?messages$/i.exec(resource);
    if (!m) throw new GraphError(400, 'InvalidRequest', `The stand-in supports subscriptions to users/{address}/mailFolders('inbox')/messages only, not: ${resource}`);
    return decodeURIComponent(m[1]!).replace(/^\('(.*)'\)$/, '$1').toLowerCase();
  }

  // -------------------------------------------------------------- routes

  async function createSubscription(req: IncomingMessage, body: Record<string, unknown>): Promise<[number, unknown]> {
    const changeType = body.changeType;
    // changeType: created, updated, deleted, comma-separated (subscription resource type).
    const types = typeof changeType === 'string' ? changeType.split(',').map((t) => t.trim()) : [];
    if (types.length === 0 || types.some((t) => !['created', 'updated', 'deleted'].includes(t))) {
      throw new GraphError(400, 'InvalidRequest', `Invalid changeType: ${String(changeType)}`);
    }
    const notificationUrl = checkNotificationUrl('notificationUrl', body.notificationUrl);
    const lifecycleNotificationUrl = body.lifecycleNotificationUrl == null ? null : checkNotificationUrl('lifecycleNotificationUrl', body.lifecycleNotificationUrl);
    const box = resourceMailbox(body.resource);
    const expirationDateTime = checkExpiration(body.expirationDateTime);
    const clientState = body.clientState == null ? null : String(body.clientState);
    if (clientState !== null && clientState.length > MAX_CLIENT_STATE) {
      throw new GraphError(400, 'InvalidRequest', `clientState can be at most ${MAX_CLIENT_STATE} characters.`);
    }
    // Both URLs are validated before the subscription exists ("lifecycle notifications": "you must validate both endpoints").
    await validate(notificationUrl);
    if (lifecycleNotificationUrl !== null) await validate(lifecycleNotificationUrl);
    mailbox(box);
    const s: GraphSubscriptionRecord = {
      id: randomUUID(),
      resource: String(body.resource),
      mailbox: box,
      changeType: types.join(','),
      notificationUrl,
      lifecycleNotificationUrl,
      clientState,
      expirationDateTime,
      // "Obtain immutable identifiers for Outlook resources", Immutable ID with change notifications.
      immutableIds: prefersImmutable(req),
    };
    subs.set(s.id, s);
    return [201, { '@odata.context': `${base}/$metadata#subscriptions/$entity`, ...subscriptionJson(s) }];
  }

  async function route(req: IncomingMessage, segments: string[], query: URLSearchParams, path: string, raw: Buffer): Promise<[number, unknown, Record<string, string>?]> {
    const method = req.method ?? 'GET';
    const immutable = prefersImmutable(req);
    const json = (): Record<string, unknown> => {
      if (raw.length === 0) return {};
      try {
        const v: unknown = JSON.parse(raw.toString('utf8'));
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {
        /* answered below */
      }
      throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload.');
    };
    const notAllowed = () => new GraphError(405, 'BadRequest', `${method} is not allowed here.`);
    const [first, ...rest] = segments;

    if (first === 'subscriptions') {
      dropExpired();
      if (rest.length === 0) {
        if (method === 'POST') return createSubscription(req, json());
        if (method === 'GET') return [200, { '@odata.context': `${base}/$metadata#subscriptions`, value: [...subs.values()].map(subscriptionJson) }];
        throw notAllowed();
      }
      if (rest.length !== 1) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest[1]}'.`);
      const s = subs.get(rest[0]!);
      // An expired subscription is gone: Graph deletes it ("Receive change notifications through webhooks", Renew a subscription).
      if (!s) throw new GraphError(404, 'ResourceNotFound', `The object was not found: subscription ${rest[0]}.`);
      if (method === 'GET') return [200, { '@odata.context': `${base}/$metadata#subscriptions/$entity`, ...subscriptionJson(s) }];
      if (method === 'DELETE') {
        subs.delete(s.id);
        return [204, null];
      }
      if (method === 'PATCH') {
        const body = json();
        const expirationDateTime = body.expirationDateTime === undefined ? s.expirationDateTime : checkExpiration(body.expirationDateTime);
        if (body.notificationUrl !== undefined) {
          const url = checkNotificationUrl('notificationUrl', body.notificationUrl);
          await validate(url);
          s.notificationUrl = url;
        }
        s.expirationDateTime = expirationDateTime;
        return [200, { '@odata.context': `${base}/$metadata#subscriptions/$entity`, ...subscriptionJson(s) }];
      }
      throw notAllowed();
    }

    if (first !== 'users' || rest.length < 2) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${first ?? ''}'.`);
    const box = mailbox(rest[0]!);
    const [collection, ...tail] = rest.slice(1);

    if (collection === 'sendmail') {
      if (method !== 'POST' || tail.length > 0) throw notAllowed();
      return sendMail(req, box, raw);
    }

    if (collection === 'mailfolders') {
      if (tail.length === 0) {
        if (method === 'POST') {
          const displayName = json().displayName;
          if (typeof displayName !== 'string' || displayName.trim() === '') throw new GraphError(400, 'ErrorInvalidRequest', 'displayName is required.');
          // Folder names compare case-insensitively; a second folder of that name is refused 409
          // ErrorFolderExists (not on the "Create mailFolder" page; Graph's answer, alcionai/corso#3278).
          if ([...box.folders.values()].some((f) => f.displayName.toLowerCase() === displayName.toLowerCase())) {
            throw new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
          }
          const folder: Folder = { id: opaqueId('AAMkAGZvbGQ'), displayName, wellKnownName: null };
          box.folders.set(folder.id, folder);
          return [201, { '@odata.context': `${base}/$metadata#users('${encodeURIComponent(box.address)}')/mailFolders/$entity`, ...folderJson(box, folder) }];
        }
        if (method !== 'GET') throw notAllowed();
        let folders = [...box.folders.values()];
        const filter = query.get('$filter');
        if (filter) {
          const m = /^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
          if (!m) throw new GraphError(400, 'ErrorInvalidUrlQueryFilter', `The stand-in does not read this $filter: ${filter}`);
          // OData string literals double their quotes; Exchange compares display names case-insensitively.
          const name = m[1]!.replace(/''/g, "'").toLowerCase();
          folders = folders.filter((f) => f.displayName.toLowerCase() === name);
        }
        const { value, next } = page(folders, query, path);
        return [200, { '@odata.context': `${base}/$metadata#users('${encodeURIComponent(box.address)}')/mailFolders`, value: value.map((f) => folderJson(box, f)), ...(next ? { '@odata.nextLink': next } : {}) }];
      }
      const folder = folderOf(box, tail[0]!);
      if (tail.length === 1) {
        if (method !== 'GET') throw notAllowed();
        return [200, folderJson(box, folder)];
      }
      if (tail[1] !== 'messages') throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${tail[1]}'.`);
      if (tail.length === 2) {
        if (method !== 'GET') throw notAllowed();
        return [200, listMessages(box, folder, query, path, immutable)];
      }
      const m = messageOf(box, tail[2]!);
      if (m.folderId !== folder.id) throw notFoundItem();
      return messageRoute(method, box, m, tail.slice(3), query, immutable, json);
    }

    if (collection === 'messages') {
      if (tail.length === 0) {
        if (method !== 'GET') throw notAllowed();
        return [200, listMessages(box, null, query, path, immutable)];
      }
      return messageRoute(method, box, messageOf(box, tail[0]!), tail.slice(1), query, immutable, json);
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${collection ?? ''}'.`);
  }

  function messageRoute(
    method: string,
    box: Mailbox,
    m: StoredMessage,
    tail: string[],
    query: URLSearchParams,
    immutable: boolean,
    json: () => Record<string, unknown>,
  ): [number, unknown, Record<string, string>?] {
    if (tail.length === 0) {
      if (method !== 'GET') throw new GraphError(405, 'BadRequest', `${method} is not allowed here.`);
      return [200, { '@odata.context': `${base}/$metadata#users('${encodeURIComponent(box.address)}')/messages/$entity`, ...messageJson(m, immutable, selectOf(query)) }];
    }
    // "Get MIME content of a message": GET .../messages/{id}/$value answers the MIME bytes (the page
    // shows no Content-Type; Graph sends text/plain).
    if (tail.length === 1 && tail[0] === '$value' && method === 'GET') return [200, m.mime, { 'content-type': 'text/plain' }];
    if (tail.length === 1 && tail[0] === 'move' && method === 'POST') {
      // "message: move": destinationId is a folder id or a well-known name; the answer is 201 and the
      // message in its new folder, a new copy with a new regular id; the immutable id stays.
      const destinationId = json().destinationId;
      if (typeof destinationId !== 'string' || destinationId === '') throw new GraphError(400, 'ErrorInvalidRequest', 'destinationId is required.');
      const folder = folderOf(box, destinationId);
      m.folderId = folder.id;
      m.regularId = opaqueId('AAMkAGI2');
      m.changeKey = randomBytes(20).toString('base64');
      return [201, { '@odata.context': `${base}/$metadata#users('${encodeURIComponent(box.address)}')/messages/$entity`, ...messageJson(m, immutable, null) }];
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${tail[0]}'.`);
  }

  /**
   * "user: sendMail": Content-Type text/plain carries a base64 MIME message (malformed base64 is 400
   * ErrorMimeContentInvalidBase64String, "Invalid base64 string for MIME content."); application/json
   * carries { message, saveToSentItems }, where custom Internet message headers must be named
   * starting with "x-" ("message resource type": "Add custom headers only when creating a message,
   * and name them starting with "x-""; the error as Graph words it, terminal42/contao-notification_center#436),
   * which is why the product sends MIME. 202, empty, on success;
   * the MIME send is saved in Sent Items ("This method saves the message in the Sent Items folder").
   */
  function sendMail(req: IncomingMessage, box: Mailbox, raw: Buffer): [number, unknown] {
    const type = headerOf(req, 'content-type').toLowerCase();
    if (type.startsWith('text/plain')) {
      const text = raw.toString('latin1').replace(/\s+/g, '');
      if (text === '' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
        throw new GraphError(400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
      }
      const mime = Buffer.from(text, 'base64');
      const names = headerNames(mime);
      if (!names.has('from')) throw new GraphError(400, 'ErrorMimeContentInvalid', 'The MIME content has no From header.');
      if (!['to', 'cc', 'bcc'].some((n) => names.has(n))) throw new GraphError(400, 'ErrorInvalidRecipients', 'At least one recipient is required.');
      sent.push({ mailbox: box.address, mime, kind: 'mime', at: new Date() });
      const sentItems = folderOf(box, 'sentitems');
      store(box, sentItems, mime, null);
      return [202, null];
    }
    if (type.startsWith('application/json')) {
      let body: { message?: { internetMessageHeaders?: { name?: unknown }[] } };
      try {
        body = JSON.parse(raw.toString('utf8')) as typeof body;
      } catch {
        throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload.');
      }
      if (!body || typeof body.message !== 'object' || body.message === null) throw new GraphError(400, 'ErrorInvalidParameter', 'message is required.');
      const headers = body.message.internetMessageHeaders ?? [];
      if (headers.length > MAX_CUSTOM_HEADERS) {
        throw new GraphError(400, 'InvalidInternetMessageHeaderCollection', `Maximum number of headers in one message should be less than or equal to ${MAX_CUSTOM_HEADERS}.`);
      }
      for (const h of headers) {
        const name = String(h?.name ?? '');
        if (!/^x-/i.test(name)) throw new GraphError(400, 'InvalidInternetMessageHeader', `The internet message header name '${name}' should start with 'x-' or 'X-'.`);
      }
      sent.push({ mailbox: box.address, mime: Buffer.from(raw), kind: 'json', at: new Date() });
      return [202, null];
    }
    throw new GraphError(415, 'UnsupportedMediaType', 'sendMail takes application/json or text/plain (base64 MIME).');
  }

  /** Stores a message in a folder; parses the few fields the JSON shape shows. */
  function store(box: Mailbox, folder: Folder, mime: Buffer, fields: MessageFields | null): StoredMessage {
    const m: StoredMessage = {
      immutableId: opaqueId('AAkALgAA'),
      regularId: opaqueId('AAMkAGI2'),
      folderId: folder.id,
      mime,
      receivedAt: new Date(),
      seq: ++seq,
      changeKey: randomBytes(20).toString('base64'),
      headers: fields ?? { internetMessageId: null, subject: null, from: null, to: [], sentDateTime: null, hasAttachments: false },
    };
    box.messages.set(m.immutableId, m);
    if (!fields) {
      // Sent copies are read lazily: nothing waits for them.
      void parseFields(mime).then((f) => (m.headers = f), () => undefined);
    }
    return m;
  }

  async function parseFields(mime: Buffer): Promise<MessageFields> {
    const parsed = await simpleParser(mime, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    return {
      internetMessageId: parsed.messageId ?? null,
      subject: parsed.subject ?? null,
      from: addresses(parsed.from)[0] ?? null,
      to: addresses(parsed.to),
      sentDateTime: parsed.date ? graphTime(parsed.date) : null,
      hasAttachments: parsed.attachments.length > 0,
    };
  }

  // -------------------------------------------------------------- HTTP plumbing

  function answer(res: ServerResponse, record: RecordedGraphRequest, status: number, body: unknown, headers: Record<string, string>): void {
    record.status = status;
    res.statusCode = status;
    res.setHeader('request-id', randomUUID());
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (body === null || status === 204) {
      res.end();
    } else if (Buffer.isBuffer(body)) {
      res.end(body);
    } else {
      res.setHeader('content-type', 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8');
      res.end(JSON.stringify(body));
    }
  }

  /** Path segments below /v1.0, decoded; `name('key')` becomes two segments; collection names lower-cased. */
  function segmentsOf(path: string): string[] {
    const out: string[] = [];
    for (const raw of path.split('/').filter(Boolean)) {
      const s = decodeURIComponent(raw);
      const call = /^([A-Za-z]+)\('(.*)'\)$/.exec(s);
      if (call) out.push(call[1]!, call[2]!);
      else out.push(s);
    }
    // Names of collections and actions compare case-insensitively in Graph; ids and addresses keep their case here.
    const names = new Set(['users', 'subscriptions', 'mailfolders', 'messages', 'sendmail', 'move', '$value']);
    const isAddress = (i: number) => i === 1 && out[0]?.toLowerCase() === 'users';
    return out.map((s, i) => (names.has(s.toLowerCase()) && !isAddress(i) ? s.toLowerCase() : s));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        path = url.pathname;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const record: RecordedGraphRequest = {
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: Buffer.concat(chunks),
        status: 0,
      };
      requests.push(record);
      // Graph confirms the immutable-id preference it applied (RFC 7240's Preference-Applied; not on the Learn page).
      const preferHeaders: Record<string, string> = prefersImmutable(req) ? { 'preference-applied': 'IdType="ImmutableId"' } : {};
      const fail = failures.find((f) => f.left > 0 && (!f.method || f.method.toUpperCase() === record.method) && (!f.path || f.path.test(path)));
      if (fail) {
        fail.left--;
        const code = fail.status === 429 ? 'TooManyRequests' : fail.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
        answer(res, record, fail.status, { error: { code, message: 'Failure made by failNext.' } }, fail.status === 429 || fail.status === 503 ? { 'retry-after': '1' } : {});
        return;
      }
      // Every request carries a bearer token ("Authorization: Bearer {token}. Required." on every API page);
      // without one Graph answers 401 InvalidAuthenticationToken, "Access token is empty.".
      if (!/^Bearer\s+\S+/i.test(headers.authorization ?? '')) {
        answer(res, record, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } }, {});
        return;
      }
      const prefix = '/v1.0';
      if (!(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) {
        answer(res, record, 400, { error: { code: 'BadRequest', message: 'Invalid version.' } }, {});
        return;
      }
      const below = url.pathname.slice(prefix.length);
      let segments: string[];
      try {
        segments = segmentsOf(below);
      } catch {
        answer(res, record, 400, { error: { code: 'BadRequest', message: 'Malformed path.' } }, {});
        return;
      }
      route(req, segments, url.searchParams, below, record.body).then(
        ([status, body, extra]) => answer(res, record, status, body, { ...preferHeaders, ...(extra ?? {}) }),
        (err: unknown) => {
          if (err instanceof GraphError) answer(res, record, err.status, { error: { code: err.code, message: err.message } }, { ...preferHeaders, ...err.headers });
          else answer(res, record, 500, { error: { code: 'InternalServerError', message: String(err) } }, {});
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;

  return {
    url: base,
    requests,
    sent,
    async deliver(address, mime, opts = {}) {
      const box = mailbox(address);
      const bytes = Buffer.isBuffer(mime) ? mime : Buffer.from(mime, 'utf8');
      const m = store(box, folderOf(box, 'inbox'), bytes, await parseFields(bytes));
      if (opts.notify === false) return { immutableId: m.immutableId, notified: [] };
      dropExpired();
      const targets = [...subs.values()].filter((s) => s.mailbox === box.address && s.changeType.split(',').includes('created'));
      const results = await Promise.all(
        targets.map((s) => {
          const id = s.immutableIds ? m.immutableId : m.regularId;
          // The payload of "Receive change notifications through webhooks", Change notification example;
          // the user is named by object id, not address.
          const resource = `Users/${box.userId}/Messages/${id}`;
          return notify(s.notificationUrl, {
            value: [
              {
                subscriptionId: s.id,
                subscriptionExpirationDateTime: s.expirationDateTime,
                changeType: 'created',
                resource,
                resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': resource, '@odata.etag': `W/"${m.changeKey}"`, id },
                clientState: s.clientState,
                tenantId,
              },
            ],
          });
        }),
      );
      return { immutableId: m.immutableId, notified: results.flat() };
    },
    async lifecycle(subscriptionId, event) {
      const s = subs.get(subscriptionId);
      if (!s) throw new Error(`No live subscription ${subscriptionId}`);
      if (event === 'subscriptionRemoved') subs.delete(s.id);
      // "Reduce missing subscriptions and change notifications": the lifecycle payload.
      const statuses = await notify(s.lifecycleNotificationUrl ?? s.notificationUrl, {
        value: [{ lifecycleEvent: event, subscriptionId: s.id, subscriptionExpirationDateTime: s.expirationDateTime, clientState: s.clientState, tenantId, resource: s.resource }],
      });
      return statuses[statuses.length - 1] ?? 0;
    },
    subscriptions() {
      dropExpired();
      return [...subs.values()].map((s) => ({ ...s }));
    },
    folder(address, displayName) {
      const box = mailbox(address);
      const name = displayName.toLowerCase();
      const folder = [...box.folders.values()].find((f) => f.displayName.toLowerCase() === name);
      if (!folder) return [];
      return [...box.messages.values()]
        .filter((m) => m.folderId === folder.id)
        .sort((a, b) => a.seq - b.seq)
        .map((m) => ({ immutableId: m.immutableId, internetMessageId: m.headers.internetMessageId, mime: m.mime }));
    },
    failNext(n, match, status = 503) {
      failures.push({ left: n, method: match.method, path: match.path, status });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
