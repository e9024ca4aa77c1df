// The local Blob Storage: Azurite's blob service, run in this process on loopback, the same
// server Microsoft ships for local development. Files survive restarts under the data folder
// (Azurite's own LokiJS metadata and extent files), or live in memory for throw-away runs.
//
// Durability: Azurite saves its metadata every 5 seconds, so a killed process forgot files it had
// acknowledged. Here every write's answer waits until the metadata is saved, as the local Cosmos
// DB journals before it answers: an acknowledged file is never lost.
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';

/** Azurite's documented development account; its key is public, the same on every machine. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const DEFAULT_BLOB_PORT = 10000;

export interface LocalBlob {
  /** Blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1 */
  endpoint: string;
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}

export interface LocalBlobOptions {
  port: number;
  host?: string;
  /** Where blobs are kept between runs; null keeps them in memory. */
  dataDir: string | null;
}

// Azurite ships JavaScript without type declarations; these are the two classes used, as far as used.
interface LokiDatabase {
  saveDatabase(callback: (err?: Error | null) => void): void;
}
interface AzuriteBlobServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
  // Internals of azurite 3.35 (pinned), reached for durability only.
  httpServer: Server;
  metadataStore: { db: LokiDatabase };
  extentMetadataStore: { db: LokiDatabase };
}

const save = (db: LokiDatabase) => new Promise<void>((resolve, reject) => db.saveDatabase((err) => (err ? reject(err) : resolve())));

/** Makes every answer to a write wait until Azurite's metadata is on disk. */
function saveBeforeAnswering(server: AzuriteBlobServer): void {
  const http = server.httpServer;
  const listeners = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        // A failed save answers 500 rather than acknowledge what might not last.
        Promise.all([save(server.extentMetadataStore.db), save(server.metadataStore.db)]).then(
          () => end(...args),
          () => {
            res.statusCode = 500;
            end();
          },
        );
        return res;
      }) as ServerResponse['end'];
    }
    for (const listener of listeners) listener.call(http, req, res);
  });
}
type AzuriteConfigurationClass = new (...args: unknown[]) => object;
type AzuriteServerClass = new (config: object) => AzuriteBlobServer;

export async function startLocalBlob(options: LocalBlobOptions): Promise<LocalBlob> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const BlobServer = (require('azurite/dist/src/blob/BlobServer') as { default: AzuriteServerClass }).default;
  const BlobConfiguration = (require('azurite/dist/src/blob/BlobConfiguration') as { default: AzuriteConfigurationClass }).default;
  const host = options.host ?? '127.0.0.1';
  const dir = options.dataDir;
  if (dir) mkdirSync(join(dir, 'blobs'), { recursive: true });
  // Positional, as Azurite's own factory calls it: host, port, keep-alive, metadata DB, extent DB,
  // extent folders, access log on/off, its stream, debug log on/off, its file, loose, skip API
  // version check (the SDK may be newer than the server), cert, key, pwd, oauth, product-style
  // URLs off, in-memory persistence.
  const config = new BlobConfiguration(
    host,
    options.port,
    undefined,
    dir ? join(dir, 'metadata.json') : 'metadata.json',
    dir ? join(dir, 'extents.json') : 'extents.json',
    dir ? [{ locationId: 'Default', locationPath: join(dir, 'blobs'), maxConcurrency: 10 }] : [],
    false,
    undefined,
    false,
    undefined,
    false,
    true,
    '',
    '',
    '',
    undefined,
    false,
    dir === null,
  );
  const server = new BlobServer(config);
  if (dir) saveBeforeAnswering(server);
  await server.start();
  const port = Number(new URL(server.getHttpServerAddress()).port);
  const endpoint = `http://${host}:${port}/${AZURITE_ACCOUNT}`;
  return {
    endpoint,
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${endpoint};`,
    stop: () => server.close(),
  };
}
