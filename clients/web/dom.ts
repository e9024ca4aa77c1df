// The pages' two tools: a fetch wrapper that turns the API's error body into one message, and an
// element builder that only ever sets text. Nothing in the pages uses innerHTML: whatever a
// customer or agent typed reaches the DOM as a text node and cannot become markup.
import type { ApiErrorBody, CustomerTicket, NewTicket } from '../shapes';
// The server's default limits (a plain object, bundled): the page checks them before sending so a
// customer learns at once that a file is too big; the server still decides.
import { DEFAULT_ATTACHMENT_LIMITS, humanSize } from '../../shared/domain/attachments';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Answer<T> {
  body: T;
  etag: string | null;
}

export async function call<T>(method: string, path: string, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers ?? {}) };
  if (init.token) headers['Authorization'] = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  } catch {
    throw new ApiError(0, 'network', 'The help desk could not be reached; check your connection and try again');
  }
  const text = await res.text();
  const parsed = parseJson(text);
  if (!res.ok) throw failure(res.status, parsed);
  return { body: parsed as T, etag: res.headers.get('etag') };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The API's error body as one message. */
function failure(status: number, parsed: unknown): ApiError {
  const err = (parsed as ApiErrorBody | null)?.error;
  // Details the message already says (as the attachment checks do) are not repeated.
  const extra = (err?.details ?? []).filter((d) => !err?.message?.includes(d.message));
  const details = extra.length ? ` (${extra.map((d) => `${d.path}: ${d.message}`).join('; ')})` : '';
  return new ApiError(status, err?.code ?? 'http_error', `${err?.message ?? `The help desk answered ${status}`}${details}`);
}

// ── Files ─────────────────────────────────────────────────────────────────────────────────────

/** A file as the JSON bodies carry it: name, type, bytes in base64. */
export type AttachmentUpload = NonNullable<NewTicket['attachments']>[number];
/** A file of a thread entry as the API lists it, with the path to download it. */
export type AttachmentView = NonNullable<CustomerTicket['thread'][number]['attachments']>[number];

/** The server's defaults until `loadFileLimits` has asked the server for the ones it enforces. */
export const FILE_LIMITS = { maxCount: DEFAULT_ATTACHMENT_LIMITS.maxCount, maxBytes: DEFAULT_ATTACHMENT_LIMITS.maxBytes };

/** The limits this deployment enforces; the defaults stay when they cannot be read (the server decides anyway). */
export async function loadFileLimits(): Promise<void> {
  try {
    const { body } = await call<{ maxCount: number; maxBytes: number }>('GET', '/attachments/limits');
    FILE_LIMITS.maxCount = body.maxCount;
    FILE_LIMITS.maxBytes = body.maxBytes;
  } catch {
    // Keep the defaults.
  }
}

/** A file input for a form: several files at once; a problem (too many, too big) is said in `status` as soon as they are chosen. */
export function fileInput(status: HTMLElement): HTMLInputElement {
  const input = h('input', { attrs: { type: 'file', name: 'attachments', multiple: '' } });
  input.addEventListener('change', () => {
    const problem = filesProblem([...(input.files ?? [])]);
    show(status, problem ? alertBox(problem) : null);
  });
  return input;
}

export function filesField(input: HTMLInputElement, label = 'Attach files'): HTMLElement {
  return field(label, input, `optional · at most ${FILE_LIMITS.maxCount} files, ${humanSize(FILE_LIMITS.maxBytes)} each`);
}

/** Why these files cannot be sent, in words a person can act on; null when they may be. */
export function filesProblem(files: readonly File[]): string | null {
  const problems: string[] = [];
  if (files.length > FILE_LIMITS.maxCount) problems.push(`Attach at most ${FILE_LIMITS.maxCount} files at once (you chose ${files.length}).`);
  for (const f of files) {
    if (f.size === 0) problems.push(`${f.name} is empty.`);
    else if (f.size > FILE_LIMITS.maxBytes) problems.push(`${f.name} is ${humanSize(f.size)}; files may be at most ${humanSize(FILE_LIMITS.maxBytes)}.`);
  }
  return problems.length ? problems.join(' ') : null;
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // A data URL is `data:<type>;base64,<data>`: the part after the comma is the file in base64.
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(new ApiError(0, 'file_unreadable', `${file.name} could not be read: ${reader.error?.message ?? 'unknown error'}`));
    reader.readAsDataURL(file);
  });
}

/** The input's files checked against the limits and read for the JSON body; throws with the reason. */
export async function attachmentsOf(input: HTMLInputElement): Promise<AttachmentUpload[]> {
  const files = [...(input.files ?? [])];
  const problem = filesProblem(files);
  if (problem) throw new ApiError(0, 'files_refused', problem);
  return Promise.all(files.map(async (f) => ({ filename: f.name, ...(f.type ? { contentType: f.type } : {}), data: await base64Of(f) })));
}

/**
 * Saves a file of the thread: fetched with the Authorization header (the token never goes into a
 * URL), kept as a Blob, handed to the browser through a temporary `<a download>`.
 */
export async function download(file: AttachmentView, token: string): Promise<void> {
  // Only ever this site's API: the token must not go anywhere else.
  if (!file.url.startsWith('/api/')) throw new ApiError(0, 'bad_url', `The download address of ${file.filename} is not on this help desk`);
  let res: Response;
  try {
    res = await fetch(file.url, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'network', 'The help desk could not be reached; check your connection and try again');
  }
  if (!res.ok) throw failure(res.status, parseJson(await res.text()));
  const href = URL.createObjectURL(await res.blob());
  const a = h('a', { attrs: { href, download: file.filename, hidden: '' } });
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by now; the object URL only holds the bytes in memory.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** An entry's files: a button per file, its name and size, that downloads it. */
export function fileList(files: readonly AttachmentView[] | undefined, token: () => string, onError: (err: unknown) => void): HTMLElement | null {
  if (!files?.length) return null;
  return h(
    'ul',
    { class: 'files' },
    ...files.map((f) =>
      h(
        'li',
        {},
        h(
          'button',
          { class: 'file', attrs: { type: 'button', title: `Download ${f.filename} (${f.contentType})`, 'data-attachment-id': f.id }, on: { click: () => void download(f, token()).catch(onError) } },
          h('span', { class: 'name' }, f.filename),
          ' ',
          h('span', { class: 'size' }, humanSize(f.size)),
        ),
      ),
    ),
  );
}

type Child = Node | string | null | undefined | false;
interface Props {
  class?: string;
  /** Attributes set with setAttribute: never `on*` handlers (listen with `on` instead). */
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`refusing to set the ${name} attribute`);
    node.setAttribute(name, value);
  }
  for (const [event, listener] of Object.entries(props.on ?? {})) node.addEventListener(event, listener as EventListener);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Replaces the contents of `parent` with `children`. */
export function show(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

export function when(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A labelled form field. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), control, hint ? h('small', {}, hint) : null);
}

export function alertBox(message: string, kind: 'error' | 'ok' = 'error'): HTMLElement {
  return h('p', { class: `alert ${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } }, message);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
