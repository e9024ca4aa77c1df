// The command line's HTTP client: JSON in and out, the API's error body turned into one line.
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
    const all: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${await this.token()}`, ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { method, headers: all, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      // fetch hides the reason in `cause`: ECONNREFUSED, ENOTFOUND, a timeout, a refused port.
      const inner = (err as { cause?: { code?: string; message?: string } }).cause;
      const cause = inner?.code ?? inner?.message ?? (err as Error).message;
      throw new CliError(`cannot reach the help desk at ${this.baseUrl} (${cause}); is it running, and is the API URL right? (helpdesk login --api-url ...)`);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!res.ok) {
      const err = (parsed as ApiErrorBody | null)?.error;
      const details = err?.details?.length ? `: ${err.details.map((d) => `${d.path}: ${d.message}`).join('; ')}` : '';
      const hint = res.status === 401 ? ' (sign in again with helpdesk login)' : '';
      throw new ApiError(res.status, err?.code ?? 'http_error', `${err?.message ?? `the help desk answered ${res.status} ${res.statusText}`}${details}${hint} [HTTP ${res.status}${err?.code ? ` ${err.code}` : ''}]`);
    }
    return { status: res.status, body: parsed as T, etag: res.headers.get('etag') };
  }

  get<T>(path: string): Promise<Answer<T>> {
    return this.call<T>('GET', path);
  }
}
