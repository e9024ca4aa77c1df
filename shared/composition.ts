// The composition root: the one place that picks adapters from the configuration. Functions ask
// it for their dependencies; nothing else decides between local and Azure. The adapters only some
// functions use (Blob storage for files, nodemailer and ACS for sending mail, imapflow for
// mailboxes, Key Vault) are imported on their first call, so a function that never sends mail or
// touches a file never loads those SDKs (issue 21: the bundle keeps each in a chunk of its own).
import { randomUUID } from 'node:crypto';
import { DefaultAzureCredential } from '@azure/identity';
import { CachedDirectory } from './app/cached-directory';
import type { AppDeps } from './app/deps';
import { DevTokenVerifier, EntraTokenVerifier, RejectingVerifier } from './auth/jwt';
import { ticketTokens } from './auth/ticket-tokens';
import { ServiceBusAdapter } from './bus/service-bus';
import { helpdeskSecret, runsInAzure, type Config } from './config';
import { DomainError } from './domain/errors';
import { loadConfig } from './load-config';
import type { IntakeLimits } from './domain/intake-limits';
import type { ApiKeyStore, AttachmentStore, GraphClientStates, GraphMailboxes, ImapServer, IntakeCounters, Mailer, MailboxConnection, MailboxReader, SecretReader, StaffTokenVerifier } from './domain/ports';
import { graphClientStates } from './auth/graph-client-state';
import { FanOutMailer } from './mail/fan-out';
import { organisationalDomain } from './mail/organisational-domain';
import { FolderSecrets } from './secrets/folder-secrets';
import { CosmosStore } from './store/cosmos';
import type { CosmosSlaCounters } from './store/cosmos/sla-counters';

export interface Services extends AppDeps {
  config: Config;
  store: CosmosStore;
  bus: ServiceBusAdapter;
  /** The attachment store, and the container it keeps files in, made by `npm start` (local/start.ts). */
  blobs: AttachmentStore & { ensureContainer(): Promise<unknown> };
  /** Only the integration endpoints and their admin functions use these, so AppDeps stays as it is. */
  apiKeys: ApiKeyStore;
  /** Only intake reads these (issue 19's limits), passed to it by the intake functions. */
  intakeCounters: IntakeCounters;
  intakeLimits: IntakeLimits;
  /** The SLA report's day counters (issue 23): the stats consumer, the report and the backfill use them. */
  slaCounters: CosmosSlaCounters;
  /** Only the mailbox fetch timer uses these (issue 24). */
  mailboxReader: MailboxReader;
  secrets: SecretReader;
  /** Only the Graph mailbox functions use these (issue 25). */
  graph: GraphMailboxes;
  graphClientStates: GraphClientStates;
}

/** A connection whose adapter module is imported when it is first used. */
function lazyConnection(open: () => Promise<MailboxConnection>): MailboxConnection {
  let made: Promise<MailboxConnection> | null = null;
  const connection = () => (made ??= open());
  return {
    waiting: async (limit, maxBytes) => (await connection()).waiting(limit, maxBytes),
    move: async (id, folder) => (await connection()).move(id, folder),
    close: async () => (made ? (await made).close() : undefined),
  };
}

const consoleLog: AppDeps['log'] = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m, err) => console.error(m, err ?? ''),
};

/** A value made on first use and kept: the promise of an adapter whose module is imported then. */
function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= make());
}

/**
 * Mail leaves by its route (issue 25): the help desk's own transport; a Microsoft 365 mailbox's
 * Graph sendMail, with the whole MIME message (Reply-To and the threading headers need it); or a
 * mailbox's own SMTP server, one transport per server and secret, kept.
 */
function routingMailer(fallback: Mailer, graph: () => Promise<GraphMailboxes>, secrets: SecretReader, allowPrivateHosts: boolean): Mailer {
  const smtp = new Map<string, Promise<Mailer>>();
  const smtpFor = (server: ImapServer, secretRef: string): Promise<Mailer> => {
    const key = JSON.stringify([server, secretRef]);
    let made = smtp.get(key);
    if (!made) {
      made = (async () => (await import('./mail/nodemailer')).SmtpMailer.forMailbox(server, await secrets.read(secretRef), { allowPrivateHosts }))();
      made.catch(() => smtp.delete(key)); // a secret set later is read again
      smtp.set(key, made);
    }
    return made;
  };
  return {
    send: async (mail) => {
      const route = mail.route ?? { method: 'default' };
      switch (route.method) {
        case 'default':
          return fallback.send(mail);
        case 'graph':
          return (await graph()).sendMime(route.mailbox, await (await import('./mail/nodemailer')).composeMime(mail));
        case 'smtp':
          return (await smtpFor(route.server, route.secretRef)).send(mail);
      }
    },
  };
}

function mailer(config: Config, credential: () => DefaultAzureCredential): Mailer {
  const { acsEndpoint, smtpUrl, outboxDir } = config.mail;
  // Checked now, not at the first mail: a help desk that cannot send mail should not start.
  if (!smtpUrl && !acsEndpoint && !outboxDir) throw new Error('No way to send mail: set ACS_EMAIL_ENDPOINT, SMTP_URL or MAIL_OUTBOX_DIR');
  const load = onFirstUse(async (): Promise<Mailer> => {
    const mailers: Mailer[] = [];
    if (smtpUrl) mailers.push(new (await import('./mail/nodemailer')).SmtpMailer(smtpUrl));
    if (acsEndpoint) mailers.push(new (await import('./mail/acs-email')).AcsEmailMailer(acsEndpoint, credential()));
    // The outbox last: a .eml file records mail that went out, not an attempt that failed.
    if (outboxDir) mailers.push(new (await import('./mail/nodemailer')).OutboxFolderMailer(outboxDir));
    return mailers.length === 1 ? mailers[0]! : new FanOutMailer(mailers);
  });
  return { send: async (mail) => (await load()).send(mail) };
}

function staffTokenVerifier(config: Config): StaffTokenVerifier {
  if (config.auth.mode === 'development' && config.auth.devTokenSecret) return new DevTokenVerifier(config.auth.devTokenSecret);
  // In Azure only Entra ID tokens count: no development verifier exists in this mode at all.
  if (config.auth.mode === 'entra' && config.auth.entra) {
    const { tenantId, clientId, jwksUrl } = config.auth.entra;
    return new EntraTokenVerifier({ tenantId, clientId, ...(jwksUrl ? { jwksUrl } : {}) });
  }
  return new RejectingVerifier('Agent sign-in is not configured for this environment: set ENTRA_TENANT_ID and ENTRA_API_CLIENT_ID (npm run deploy sets both)');
}

/**
 * The services over `config`; the help-desk secret is read when first needed, from `env` when the
 * config was loaded from one (config.ts is the one reader of the process environment).
 */
export function createServices(config: Config = loadConfig(), env?: NodeJS.ProcessEnv): Services {
  let azureCredential: DefaultAzureCredential | null = null;
  const credential = () => (azureCredential ??= new DefaultAzureCredential());
  const store = new CosmosStore({
    endpoint: config.cosmos.endpoint,
    database: config.cosmos.database,
    ...(config.cosmos.key ? { key: config.cosmos.key } : { credential: credential() }),
    onStaleWrite: (what) => consoleLog.info(`${what}: write refused with 412, changed since it was read`),
  });
  const { namespace, connectionString } = config.serviceBus;
  const bus = new ServiceBusAdapter(connectionString ? { connectionString } : { namespace: namespace!, credential: credential() });
  const { endpoint, connectionString: blobConnection } = config.attachments;
  const blobStore = onFirstUse(async () => {
    const { BlobAttachmentStore } = await import('./store/blob-attachments');
    return new BlobAttachmentStore(blobConnection ? { connectionString: blobConnection } : { endpoint: endpoint!, credential: credential() });
  });
  const blobs: Services['blobs'] = {
    put: async (sha256, content) => (await blobStore()).put(sha256, content),
    get: async (sha256) => (await blobStore()).get(sha256),
    ensureContainer: async () => (await blobStore()).ensureContainer(),
  };
  const imap = onFirstUse(async () => new (await import('./mail/imap-mailbox')).ImapMailboxReader({ allowPrivateHosts: config.mailboxes.allowPrivateHosts }));
  const { keyVaultUri } = config.secrets;
  const keyVault = onFirstUse(async () => new (await import('./secrets/key-vault')).KeyVaultSecrets(keyVaultUri!, credential()));
  const base = config.publicBaseUrl;
  const secrets: SecretReader = keyVaultUri ? { read: async (name) => (await keyVault()).read(name) } : new FolderSecrets(config.secrets.folder);
  const graphClient = onFirstUse(async (): Promise<GraphMailboxes> => {
    const { GraphClient } = await import('./mail/graph-mailbox');
    const { baseUrl } = config.graph;
    // The stand-in of the tests takes any bearer token; Graph itself gets the managed identity's,
    // which exists only in Azure: elsewhere say so at once rather than after every credential's probe.
    const token = baseUrl
      ? async () => 'graph-stand-in'
      : !runsInAzure(env)
        ? async (): Promise<string> => {
            throw new DomainError('unavailable', "Microsoft Graph is reached with the function app's managed identity, so Graph mailboxes work only in Azure (GRAPH_BASE_URL points a local stack at a stand-in)");
          }
        : async () => {
          const got = await credential().getToken('https://graph.microsoft.com/.default');
          if (!got) throw new Error('No token for Microsoft Graph from the managed identity');
          return got.token;
        };
    return new GraphClient({ baseUrl: baseUrl ?? 'https://graph.microsoft.com/v1.0', token });
  });
  const graph: GraphMailboxes = {
    subscribe: async (mailbox, request) => (await graphClient()).subscribe(mailbox, request),
    renew: async (id, expiresAt) => (await graphClient()).renew(id, expiresAt),
    connect: (mailbox, onlyId) => lazyConnection(async () => (await graphClient()).connect(mailbox, onlyId)),
    sendMime: async (mailbox, mime) => (await graphClient()).sendMime(mailbox, mime),
  };
  return {
    config,
    store,
    bus,
    events: bus.publisher,
    dueTimes: bus.dueTimes,
    mailer: routingMailer(mailer(config, credential), async () => graph, secrets, config.mailboxes.allowPrivateHosts),
    claims: store.claims,
    mail: {
      from: config.mail.from,
      messageIdDomain: config.mail.from.email.split('@')[1] ?? 'helpdesk.local',
      links: {
        // The token rides in the fragment, which browsers never send to a server (clients/web/portal.ts).
        customerTicket: (number, token) => `${base}/#ticket=${number}&token=${encodeURIComponent(token)}`,
        staffTicket: (number) => `${base}/staff#ticket=${number}`,
      },
    },
    log: consoleLog,
    tickets: store,
    idempotency: store.idempotencyRecords,
    // Read on first use: a missing secret fails the requests that need it, with what to fix.
    ticketTokens: ticketTokens(() => helpdeskSecret(env)),
    inboundMail: { trust: { kind: 'authserv-id', ids: config.trustedAuthservIds }, organisationalDomain },
    directory: new CachedDirectory(store.directoryEntries),
    clock: { now: () => new Date() },
    newId: randomUUID,
    staffTokens: staffTokenVerifier(config),
    audit: store.auditEntries,
    ticketReferences: store.ticketReferences,
    apiKeys: store.apiKeys,
    intakeCounters: store.intakeCounters,
    intakeLimits: config.intakeLimits,
    slaCounters: store.slaCounters,
    blobs,
    attachments: blobs,
    attachmentLimits: config.attachments.limits,
    mailboxes: config.mailboxes,
    mailboxReader: { open: async (server, password) => (await imap()).open(server, password) },
    secrets,
    graph,
    graphClientStates: graphClientStates(() => helpdeskSecret(env)),
  };
}

let current: Services | null = null;

/** The process's services, built on first use (so importing a function file has no side effects). */
export function services(): Services {
  current ??= createServices();
  return current;
}
