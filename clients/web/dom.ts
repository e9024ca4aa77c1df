// The pages' two tools: a fetch wrapper that turns the API's error body into one message, and an
// element builder that only ever sets text. Nothing in the pages uses innerHTML: whatever a
// customer or agent typed reaches the DOM as a text node and cannot become markup.
import type { ApiErrorBody } from '../shapes';

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
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const err = (parsed as ApiErrorBody | null)?.error;
    const details = err?.details?.length ? ` (${err.details.map((d) => `${d.path}: ${d.message}`).join('; ')})` : '';
    throw new ApiError(res.status, err?.code ?? 'http_error', `${err?.message ?? `The help desk answered ${res.status}`}${details}`);
  }
  return { body: parsed as T, etag: res.headers.get('etag') };
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
