// The command line's HTTP client: JSON in and out (files ride in it as base64), files down as bytes,
// the API's error body turned into one line.
import { parse as parseDisposition } from 'content-disposition';
import type { ApiErrorBody } from '../shapes';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const JSON_TIMEOUT_MS = 30_000;
const FILE_TIMEOUT_MS = 300_000;
const SMALL_BODY = 512 * 1024;

export interface Answer<T> {
  status: number;
  body: T;
  etag: string | null;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const all: Record<string, string> = { Accept: 'application/json', ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    const json = body !== undefined ? JSON.stringify(body) : undefined;
    // A body with files may be megabytes: it gets the time a file transfer needs.
    const res = await this.send(method, path, all, json, json !== undefined && json.length > SMALL_BODY ? FILE_TIMEOUT_MS : JSON_TIMEOUT_MS);
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) throw failure(res, parsed);
    return { status: res.status, body: parsed as T, etag: res.headers.get('etag') };
  }

  get<T>(path: string): Promise<Answer<T>> {
    return this.call<T>('GET', path);
  }

  /** A file: its bytes, and the name and type the server gives it. */
  async download(path: string): Promise<{ content: Buffer; filename: string | null; contentType: string | null }> {
    const res = await this.send('GET', path, { Accept: '*/*' }, undefined, FILE_TIMEOUT_MS);
    if (!res.ok) {
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      throw failure(res, parsed);
    }
    const content = Buffer.from(await res.arrayBuffer());
    const disposition = res.headers.get('content-disposition');
    let filename: string | null = null;
    if (disposition) {
      try {
        filename = parseDisposition(disposition).parameters['filename'] ?? null;
      } catch {
        filename = null;
      }
    }
    return { content, filename, contentType: res.headers.get('content-type') };
  }

  private async send(method: string, path: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<Response> {
    const all = { ...headers, Authorization: `Bearer ${await this.token()}` };
    try {
      return await fetch(`${this.baseUrl}${path}`, { method, headers: all, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      // fetch hides the reason in `cause`: ECONNREFUSED, ENOTFOUND, a timeout, a refused port.
      const inner = (err as { cause?: { code?: string; message?: string } }).cause;
      const cause = inner?.code ?? inner?.message ?? (err as Error).message;
      throw new CliError(`cannot reach the help desk at ${this.baseUrl} (${cause}); is it running, and is the API URL right? (helpdesk login --api-url ...)`);
    }
  }
}

/** The API's error body as one line, with the status and code for scripts and bug reports. */
function failure(res: Response, parsed: unknown): ApiError {
  const err = (parsed as ApiErrorBody | null)?.error;
  // Details the message already says (as the attachment checks do) are not repeated.
  const extra = (err?.details ?? []).filter((d) => !err?.message?.includes(d.message));
  const details = extra.length ? `: ${extra.map((d) => `${d.path}: ${d.message}`).join('; ')}` : '';
  const hint = res.status === 401 ? ' (sign in again with helpdesk login)' : '';
  return new ApiError(res.status, err?.code ?? 'http_error', `${err?.message ?? `the help desk answered ${res.status} ${res.statusText}`}${details}${hint} [HTTP ${res.status}${err?.code ? ` ${err.code}` : ''}]`);
}
