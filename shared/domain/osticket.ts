// osTicket's ticket-creation API, translated into ours: its message encodings (plain text or a
// data URL), its numeric topic and priority ids. Pure functions, so every rule is unit-tested.
import { PRIORITIES, type Priority } from './model';

/**
 * osTicket's numeric help-topic ids (those of a default installation) to ours. Clients written
 * for osTicket hard-code these numbers; anything else must use our string ids (GET /api/topics).
 */
export const OSTICKET_TOPICS: Readonly<Record<number, string>> = {
  1: 'other', // General Inquiry
  2: 'other', // Feedback
  10: 'pc-issues', // Report a Problem
  11: 'password-reset', // Report a Problem / Access Issue
};

/** The topic when a request names none, as osTicket falls back to its default topic. */
export const OSTICKET_DEFAULT_TOPIC = 'other';

/** osTicket's priority ids: 1 Low, 2 Normal, 3 High, 4 Emergency. */
export const OSTICKET_PRIORITIES: Readonly<Record<number, Priority>> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'emergency' };

export type MappingResult<T> = { ok: true; value: T } | { ok: false; message: string };

const NUMERIC = /^\d+$/;

/** A numeric osTicket topic id (number or digits) through the table; any other string is one of our ids. */
export function topicFromOsTicket(topic: number | string | undefined): MappingResult<string> {
  if (topic === undefined || topic === '') return { ok: true, value: OSTICKET_DEFAULT_TOPIC };
  const text = String(topic).trim();
  if (!NUMERIC.test(text)) return { ok: true, value: text };
  const mapped = OSTICKET_TOPICS[Number(text)];
  if (mapped) return { ok: true, value: mapped };
  const known = Object.keys(OSTICKET_TOPICS).join(', ');
  return { ok: false, message: `topicId ${text} is not a known osTicket topic id (${known}); or send one of our topic ids` };
}

/** osTicket's numeric priority (1 to 4) or one of our names. */
export function priorityFromOsTicket(priority: number | string | undefined): MappingResult<Priority | undefined> {
  if (priority === undefined || priority === '') return { ok: true, value: undefined };
  const text = String(priority).trim().toLowerCase();
  const mapped = NUMERIC.test(text) ? OSTICKET_PRIORITIES[Number(text)] : PRIORITIES.find((p) => p === text);
  if (mapped) return { ok: true, value: mapped };
  return { ok: false, message: `priority must be 1 (low), 2 (normal), 3 (high), 4 (emergency) or one of ${PRIORITIES.join(', ')}` };
}

/**
 * The most HTML converted to text: converting costs up to the square of how deeply tags nest, so
 * longer HTML is refused (osTicket API) or converted up to here (mail, which cannot be refused).
 */
export const MAX_HTML_CHARS = 100_000;

/** The longest message as sent (a data URL: percent-encoding or base64 make it longer than its text). */
export const MAX_OSTICKET_MESSAGE_CHARS = 400_000;

/** The longest `data:<type>;<parameters>,` head looked at; a real one is a few dozen characters. */
const MAX_DATA_URL_HEAD_CHARS = 256;

/** Turns HTML into text; the adapter (shared/mail/html-to-text.ts) does it with a library. */
export type HtmlToText = (html: string) => string;

/** An RFC 2397 data URL taken apart: its media type (lower case), charset if declared, and bytes. */
interface DataUrl {
  type: string;
  charset: string | undefined;
  bytes: Buffer;
}

function parseDataUrl(value: string): DataUrl | null {
  // Found by index within a bounded head: the payload can be megabytes and is never searched.
  if (value.slice(0, 5).toLowerCase() !== 'data:') return null;
  const comma = value.slice(0, MAX_DATA_URL_HEAD_CHARS).indexOf(',');
  if (comma < 0) return null;
  const params = value.slice(5, comma).split(';').map((p) => p.trim().toLowerCase());
  const payload = value.slice(comma + 1);
  return {
    type: params[0] || 'text/plain',
    charset: params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, ''),
    // osTicket's own sample script sends the text after the comma unencoded, so a '%' that is not
    // an escape keeps the text as it is rather than failing the request.
    bytes: params.includes('base64') ? Buffer.from(payload.replace(/\s+/g, ''), 'base64') : Buffer.from(safeDecode(payload), 'utf8'),
  };
}

/**
 * The message as text. osTicket takes plain text, or a data URL: `data:text/plain,...`,
 * `data:text/plain;charset=utf-8,...`, `data:text/html,...`, each percent-encoded or `;base64`.
 * HTML becomes text without markup. Only UTF-8 (and its ASCII subset) is decoded.
 */
export function messageFromOsTicket(message: string, htmlToText: HtmlToText): MappingResult<string> {
  // The schema's bound, again here so that no caller can hand this more (a data URL of 100,000 characters encodes less).
  if (message.length > MAX_OSTICKET_MESSAGE_CHARS) return { ok: false, message: `message must be at most ${MAX_OSTICKET_MESSAGE_CHARS.toLocaleString('en')} characters` };
  const url = parseDataUrl(message);
  if (!url) return { ok: true, value: message };
  const { type, charset, bytes } = url;
  if (type !== 'text/plain' && type !== 'text/html') {
    return { ok: false, message: `message must be text: data:text/plain or data:text/html (got ${type})` };
  }
  if (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset)) {
    return { ok: false, message: `message must be UTF-8 (got charset=${charset})` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'message is not valid UTF-8 text' };
  }
  if (type !== 'text/html') return { ok: true, value: text };
  if (text.length > MAX_HTML_CHARS) {
    return { ok: false, message: `an HTML message may be at most ${MAX_HTML_CHARS.toLocaleString('en')} characters of HTML (got ${text.length.toLocaleString('en')}); send it shorter or as text/plain` };
  }
  return { ok: true, value: htmlToText(text) };
}

export interface OsTicketFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

const ATTACHMENTS_FORMAT = 'attachments must be a list of {"<file name>": "data:<type>;base64,<data>"} objects, as osTicket documents';

/**
 * osTicket's attachments: a list of one-key objects, file name to data URL
 * (`[{"file.txt": "data:text/plain;charset=utf-8,content"}, {"image.png": "data:image/png;base64,..."}]`).
 * A single object of several names is taken too. The type defaults to text/plain, as in osTicket.
 */
export function attachmentsFromOsTicket(value: unknown[] | Record<string, unknown> | undefined): MappingResult<OsTicketFile[]> {
  if (value === undefined) return { ok: true, value: [] };
  const pairs: [string | null, unknown][] = (Array.isArray(value) ? value : [value]).flatMap((item): [string | null, unknown][] =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.entries(item) : [[null, item]],
  );
  const files: OsTicketFile[] = [];
  for (const [name, data] of pairs) {
    if (name === null || typeof data !== 'string') return { ok: false, message: ATTACHMENTS_FORMAT };
    const url = parseDataUrl(data);
    if (!url) return { ok: false, message: `attachment ${name} must be a data URL (data:<type>;base64,<data>)` };
    files.push({ filename: name, contentType: url.type, content: url.bytes });
  }
  return { ok: true, value: files };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** osTicket's flags arrive as JSON booleans, 0/1, or the strings PHP forms produce. */
export function osTicketFlag(value: boolean | number | string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  return !['0', 'false', 'no', 'off', ''].includes(text);
}
