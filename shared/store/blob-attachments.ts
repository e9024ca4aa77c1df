// The Blob Storage adapter: the only module that imports @azure/storage-blob. File contents are
// stored by their SHA-256 in one private container; names, types and who may read them live in
// the ticket, never in storage.
import type { TokenCredential } from '@azure/core-auth';
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import { DomainError } from '../domain/errors';
import type { AttachmentStore } from '../domain/ports';

/** The container the Bicep templates create (test/infra holds the two together). */
export const ATTACHMENTS_CONTAINER = 'attachments';

export type BlobOptions =
  /** Azure: the account's blob endpoint, reached with the managed identity. */
  | { endpoint: string; credential: TokenCredential }
  /** Local: Azurite's connection string (its well-known development key). */
  | { connectionString: string };

const HASH = /^[0-9a-f]{64}$/;

function unavailable(err: unknown): never {
  const status = err instanceof RestError ? err.statusCode : undefined;
  const code = (err as { code?: string }).code;
  if (status === 503 || status === 500 || status === 429 || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || (status === undefined && err instanceof RestError)) {
    throw new DomainError('unavailable', 'File storage is unavailable; try again shortly');
  }
  throw err;
}

export class BlobAttachmentStore implements AttachmentStore {
  private readonly container: ContainerClient;
  private ensured: Promise<unknown> | null = null;

  constructor(options: BlobOptions) {
    const service =
      'connectionString' in options
        ? BlobServiceClient.fromConnectionString(options.connectionString)
        : new BlobServiceClient(options.endpoint, options.credential);
    this.container = service.getContainerClient(ATTACHMENTS_CONTAINER);
  }

  /** Creates the container (locally; in Azure the templates did), once per process. */
  ensureContainer(): Promise<unknown> {
    this.ensured ??= this.container.createIfNotExists().catch((err: unknown) => {
      this.ensured = null;
      return unavailable(err);
    });
    return this.ensured;
  }

  private blob(sha256: string) {
    if (!HASH.test(sha256)) throw new Error(`Not a SHA-256 hex digest: ${sha256}`);
    // Two levels of prefix keep listings of a large container browsable for operators.
    return this.container.getBlockBlobClient(`sha256/${sha256.slice(0, 2)}/${sha256}`);
  }

  async put(sha256: string, content: Uint8Array): Promise<void> {
    const blob = this.blob(sha256);
    try {
      // If-None-Match: * — the same bytes already stored are left as they are (409/412).
      await blob.uploadData(content, { conditions: { ifNoneMatch: '*' }, blobHTTPHeaders: { blobContentType: 'application/octet-stream' } });
    } catch (err) {
      const status = err instanceof RestError ? err.statusCode : undefined;
      if (status === 409 || status === 412) return;
      unavailable(err);
    }
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await this.blob(sha256).downloadToBuffer();
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return null;
      return unavailable(err);
    }
  }
}
