// The one module that speaks Microsoft Graph (issue 25), over fetch with a bearer token from the
// function app's managed identity. A dozen REST calls do not need the Graph SDK (a large bundle
// with its own retry and middleware); Graph's documented shapes are the contract, and the tests'
// stand-in (local/graph-server.ts) holds them. Every request asks for immutable ids
// ("Obtain immutable identifiers for Outlook resources"): a message moved to another folder keeps
// its id, and notifications of a subscription made so carry them too.
import { DomainError } from '../domain/errors';
import type { GraphMailboxes, GraphSubscription, MailboxConnection, WaitingMail } from '../domain/ports';

const PREFER_IMMUTABLE = 'IdType="ImmutableId"';

/** A request must end well within a function's time, whatever Graph does. */
const TIMEOUT_MS = 30_000;

export interface GraphOptions {
  /** https://graph.microsoft.com/v1.0, or the tests' stand-in. */
  baseUrl: string;
  /** A bearer token for https://graph.microsoft.com/.default. */
  token(): Promise<string>;
}

interface GraphMessage {
  id: string;
  internetMessageId?: string | null;
}

interface GraphFolder {
  id: string;
  displayName: string;
}

interface GraphSubscriptionBody {
  id: string;
  expirationDateTime: string;
}

/** Graph's error body: `{ error: { code, message } }`. */
async function graphError(response: Response, what: string): Promise<DomainError> {
  let detail = `${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error) detail = `${response.status} ${body.error.code ?? ''}: ${body.error.message ?? ''}`.trim();
  } catch {
    // not JSON: the status says enough
  }
  if (response.status === 404) return new DomainError('not_found', `Graph ${what}: ${detail}`);
  const hint =
    response.status === 401 || response.status === 403
      ? " (the function app's identity needs Mail.ReadWrite and Mail.Send on this mailbox: see the README, Microsoft 365 mailboxes)"
      : '';
  return new DomainError('unavailable', `Graph ${what}: ${detail}${hint}`);
}

export class GraphClient implements GraphMailboxes {
  /**
   * Folder ids by mailbox and name, kept for the instance's life: every notification opens a
   * connection of its own, which would otherwise look up the inbox and the processed folder again.
   */
  private readonly folderIds = new Map<string, Map<string, string>>();

  constructor(private readonly options: GraphOptions) {}

  /** One request; an answer other than 2xx (or 404 when `missingOk`) throws. */
  async request(method: string, path: string, what: string, init: { json?: unknown; text?: string; query?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(`${this.options.baseUrl.replace(/\/$/, '')}${path}`);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    return this.send(method, url.toString(), what, init);
  }

  private async send(method: string, url: string, what: string, init: { json?: unknown; text?: string }): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${await this.options.token()}`,
          prefer: PREFER_IMMUTABLE,
          ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.text !== undefined ? { 'content-type': 'text/plain' } : {}),
        },
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
        ...(init.text !== undefined ? { body: init.text } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new DomainError('unavailable', `Graph ${what}: ${(err as Error).message}`);
    }
    if (!response.ok) throw await graphError(response, what);
    return response;
  }

  /** A GET of an absolute URL Graph gave (a nextLink). */
  async follow(url: string, what: string): Promise<Response> {
    return this.send('GET', url, what, {});
  }

  async subscribe(mailbox: string, request: { notificationUrl: string; clientState: string; expiresAt: string }): Promise<GraphSubscription> {
    const response = await this.request('POST', '/subscriptions', `subscription to ${mailbox}`, {
      json: {
        changeType: 'created',
        notificationUrl: request.notificationUrl,
        // The same webhook takes the lifecycle notifications (missed, subscriptionRemoved, reauthorizationRequired).
        lifecycleNotificationUrl: request.notificationUrl,
        resource: `users/${mailbox}/mailFolders('inbox')/messages`,
        expirationDateTime: request.expiresAt,
        clientState: request.clientState,
      },
    });
    return subscriptionOf((await response.json()) as GraphSubscriptionBody);
  }

  async renew(subscriptionId: string, expiresAt: string): Promise<GraphSubscription> {
    const response = await this.request('PATCH', `/subscriptions/${encodeURIComponent(subscriptionId)}`, `renewal of subscription ${subscriptionId}`, { json: { expirationDateTime: expiresAt } });
    return subscriptionOf((await response.json()) as GraphSubscriptionBody);
  }

  connect(mailbox: string, onlyId?: string): MailboxConnection {
    let folders = this.folderIds.get(mailbox);
    if (!folders) this.folderIds.set(mailbox, (folders = new Map()));
    return new GraphConnection(this, mailbox, onlyId, folders);
  }

  async sendMime(mailbox: string, mime: Buffer): Promise<void> {
    // "Send Outlook messages in MIME format": Content-Type text/plain, the message in base64. The
    // JSON form takes only X- headers, so Reply-To, In-Reply-To and References need MIME.
    await this.request('POST', `${userPath(mailbox)}/sendMail`, `sendMail from ${mailbox}`, { text: mime.toString('base64') });
  }
}

const userPath = (mailbox: string) => `/users/${encodeURIComponent(mailbox)}`;

function subscriptionOf(body: GraphSubscriptionBody): GraphSubscription {
  return { id: body.id, expiresAt: body.expirationDateTime };
}

/** The message's MIME bytes, or null when over `maxBytes` (the download stops there). */
async function boundedBytes(response: Response, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.length;
    if (size > maxBytes) {
      await reader!.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(Buffer.from(read.value));
  }
  return Buffer.concat(chunks);
}

/** A mailbox as a fetch run reads it: its inbox oldest first, or the one message a notification names. */
class GraphConnection implements MailboxConnection {
  constructor(
    private readonly graph: GraphClient,
    private readonly mailbox: string,
    private readonly onlyId: string | undefined,
    /** The client's folder ids for this mailbox, shared by its connections. */
    private readonly folders: Map<string, string>,
  ) {}

  async waiting(limit: number, maxBytes: number): Promise<{ messages: WaitingMail[]; more: boolean }> {
    const listed = this.onlyId !== undefined ? await this.notified(this.onlyId) : await this.inbox(limit);
    const messages: WaitingMail[] = [];
    for (const m of listed.messages) {
      let response: Response;
      try {
        response = await this.graph.request('GET', `${userPath(this.mailbox)}/messages/${encodeURIComponent(m.id)}/$value`, `message of ${this.mailbox}`);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'not_found') continue; // moved meanwhile (another run took it)
        throw err;
      }
      const raw = await boundedBytes(response, maxBytes);
      messages.push({ id: m.id, size: raw?.length ?? maxBytes + 1, raw });
    }
    // A notified message alone says nothing about the rest of the inbox.
    return { messages, more: listed.more };
  }

  /** The notified message while it is still in the inbox (a catch-up may have moved it already). */
  private async notified(id: string): Promise<{ messages: GraphMessage[]; more: boolean }> {
    try {
      const response = await this.graph.request('GET', `${userPath(this.mailbox)}/messages/${encodeURIComponent(id)}`, `message of ${this.mailbox}`, { query: { $select: 'id,parentFolderId' } });
      const message = (await response.json()) as GraphMessage & { parentFolderId?: string };
      const inbox = await this.folderId('inbox');
      return { messages: message.parentFolderId === undefined || message.parentFolderId === inbox ? [message] : [], more: true };
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') return { messages: [], more: true };
      throw err;
    }
  }

  private async inbox(limit: number): Promise<{ messages: GraphMessage[]; more: boolean }> {
    const response = await this.graph.request('GET', `${userPath(this.mailbox)}/mailFolders/inbox/messages`, `inbox of ${this.mailbox}`, {
      query: { $select: 'id,internetMessageId,receivedDateTime', $orderby: 'receivedDateTime', $top: String(limit) },
    });
    const page = (await response.json()) as { value: GraphMessage[]; '@odata.nextLink'?: string };
    return { messages: page.value.slice(0, limit), more: page.value.length > limit || page['@odata.nextLink'] !== undefined };
  }

  /** A folder's id: a well-known name as it is, else the top-level folder of that display name, made when missing. */
  private async folderId(name: string): Promise<string> {
    const known = this.folders.get(name);
    if (known) return known;
    let id: string;
    if (name === 'inbox') {
      const response = await this.graph.request('GET', `${userPath(this.mailbox)}/mailFolders/inbox`, `inbox of ${this.mailbox}`, { query: { $select: 'id' } });
      id = ((await response.json()) as GraphFolder).id;
    } else {
      id = (await this.findFolder(name)) ?? (await this.makeFolder(name));
    }
    this.folders.set(name, id);
    return id;
  }

  private async findFolder(name: string): Promise<string | null> {
    const response = await this.graph.request('GET', `${userPath(this.mailbox)}/mailFolders`, `folders of ${this.mailbox}`, { query: { $filter: `displayName eq '${name.replace(/'/g, "''")}'` } });
    return ((await response.json()) as { value: GraphFolder[] }).value[0]?.id ?? null;
  }

  private async makeFolder(name: string): Promise<string> {
    try {
      const response = await this.graph.request('POST', `${userPath(this.mailbox)}/mailFolders`, `folder ${name} in ${this.mailbox}`, { json: { displayName: name } });
      return ((await response.json()) as GraphFolder).id;
    } catch (err) {
      // Made by another run meanwhile (409 ErrorFolderExists): read it.
      const found = await this.findFolder(name);
      if (found) return found;
      throw err;
    }
  }

  async move(id: string, folder: string): Promise<void> {
    const cached = this.folders.has(folder);
    const moveTo = async (destinationId: string) =>
      this.graph.request('POST', `${userPath(this.mailbox)}/messages/${encodeURIComponent(id)}/move`, `move to ${folder} in ${this.mailbox}`, { json: { destinationId } });
    try {
      await moveTo(await this.folderId(folder));
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
      if (!cached) return; // the message is gone already: no error, as with IMAP
      // Or the folder id kept from an earlier connection is: look it up (or make it) and try once more.
      this.folders.delete(folder);
      try {
        await moveTo(await this.folderId(folder));
      } catch (again) {
        if (!(again instanceof DomainError && again.code === 'not_found')) throw again;
      }
    }
  }

  async close(): Promise<void> {
    // Nothing held open: each call is its own request.
  }
}
