// Attachments as rules: what a file may be (size, count, type, a type its name agrees with), what its name becomes, and what a
// thread entry keeps of it (a reference; the bytes live in blob storage). Pure: no I/O, no SDKs.
import { DomainError, type ErrorDetail } from './errors';

/** What a thread entry keeps of a file. The bytes are stored once per content hash. */
export interface AttachmentRef {
  /** Names the file in download URLs; unique per entry, never derived from the file name. */
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes (hex): where they are stored, so a retried upload stores nothing new. */
  sha256: string;
}

/** A file as it arrives, before any rule has looked at it. */
export interface IncomingFile {
  filename: string;
  /** The media type as sent; empty or generic when the sender did not say. */
  contentType: string;
  content: Uint8Array;
  /** What the name says: its extension, lower case without the dot ('' when it has none; see `extensionOf`). */
  extension: string;
  /** The extension's type in the type table (`mime-types`, looked up outside the domain); null when the table does not know it. */
  extensionType: string | null;
}

export interface AttachmentLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most files on one thread entry. */
  maxCount: number;
  /** Allowed media types; `type/*` or a trailing `*` (e.g. `application/vnd.oasis.opendocument.*`) matches a family. */
  allowedTypes: readonly string[];
}

/** A file the rules refused, and why in words a person can act on. */
export interface RefusedFile {
  filename: string;
  reason: string;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxCount: 5,
  allowedTypes: [
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/pdf',
    'text/plain',
    'text/csv',
    'application/zip',
    'application/x-zip-compressed',
    'message/rfc822',
    'application/msword',
    'application/vnd.ms-excel',
    'application/vnd.ms-powerpoint',
    'application/vnd.openxmlformats-officedocument.*',
    'application/vnd.oasis.opendocument.*',
  ],
};

const MAX_FILENAME_BYTES = 200;
/**
 * Outside names are cut to this many UTF-16 units before any pattern runs (the first part and the
 * last 32 units, where an extension is), so a name of any length costs the same few microseconds.
 */
export const MAX_RAW_FILENAME_CHARS = 1024;
const TAIL_CHARS = 32;
const FALLBACK_NAME = 'attachment';
/** Windows' reserved device names: a file saved under one of them cannot be opened there. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** True for a high surrogate: cutting after it would leave half a character. */
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The first `max` UTF-16 units at most, never half a surrogate pair. */
function headChars(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max);
}

/** The last `max` UTF-16 units at most, never half a surrogate pair. */
function tailChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const start = text.length - max;
  return text.slice(isHighSurrogate(text.charCodeAt(start - 1)) ? start + 1 : start);
}

/** The part after the last `/` or `\`: found by index, not by splitting a name of any length. */
function lastSegment(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

const isDotOrSpace = (c: string) => c === '.' || /\s/.test(c);

/**
 * Leading and trailing dots and white space removed by walking in from both ends: a pattern such
 * as `[.\s]+$` retries from every dot and blank and takes quadratic time on a long run of them.
 */
function trimDotsAndSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isDotOrSpace(text[start]!)) start++;
  while (end > start && isDotOrSpace(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** The longest head of `text` within `maxBytes` of UTF-8, whole characters only, in one pass. */
function headBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * A file name that is safe to show and to save anywhere: no directories (neither `/` nor `\`), no
 * control or reserved characters, no leading dots, at most 200 bytes of UTF-8 with the extension
 * kept. Names are only ever shown and offered for saving; storage never uses them. Linear in the
 * name's length, and bounded: the name is capped before any pattern runs.
 */
export function sanitizeFilename(name: string): string {
  const segment = lastSegment(name);
  const raw =
    segment.length > MAX_RAW_FILENAME_CHARS
      ? headChars(segment, MAX_RAW_FILENAME_CHARS - TAIL_CHARS) + tailChars(segment, TAIL_CHARS)
      : segment;
  let clean = trimDotsAndSpaces(
    raw
      .normalize('NFC')
      .replace(/\s+/g, ' ')
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
      .replace(/[<>:"|?*]/g, '_'),
  );
  if (RESERVED.test(clean)) clean = `_${clean}`;
  if (Buffer.byteLength(clean) > MAX_FILENAME_BYTES) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    const stem = headBytes(clean.slice(0, clean.length - ext.length), MAX_FILENAME_BYTES - Buffer.byteLength(ext));
    clean = stem.trimEnd() + ext;
  }
  return clean || FALLBACK_NAME;
}

/** The media type without parameters, lower case (`Text/Plain; charset=x` → `text/plain`). */
export function essence(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** A type against one pattern: exact, or a family with a trailing `*` (`image/*`, `application/vnd.oasis.opendocument.*`). */
function matches(pattern: string, type: string): boolean {
  const p = pattern.trim().toLowerCase();
  return p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : type === p;
}

export function typeAllowed(contentType: string, allowed: readonly string[]): boolean {
  const type = essence(contentType);
  return allowed.some((pattern) => matches(pattern, type));
}

// ------------------------------------------------------------------ the name and the type agree

/**
 * Declared types that say nothing about a file (what many mail clients, scripts and browsers send
 * for a type they do not know): the name's type stands in for them, so they are never a mismatch.
 * A generic type on a name the type table does not know stays application/octet-stream, which the
 * default limits do not accept.
 */
export const GENERIC_TYPES: ReadonlySet<string> = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

/** The name's extension, lower case without the dot; '' when the name has none (`README`, `.profile` once sanitised). */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/** Top-level types whose subtypes name the same kind of file for this rule (a .jpg sent as image/png is still a picture). */
const FAMILY_TOPS: ReadonlySet<string> = new Set(['image', 'audio', 'video', 'text', 'font']);
/**
 * Subtypes that run or render code when opened (HTML, XML with its style sheets, SVG, scripts,
 * HTML components): each is a family of its own, so a page never passes as text or a picture.
 */
const ACTIVE_SUBTYPE = /html|xml|script|component|jsx/;

/**
 * The family a type belongs to: `image`, `audio`, `video`, `text` or `font` for their inert
 * subtypes; the type itself for everything else (each application/* type is its own family:
 * a PDF is not a zip).
 */
export function typeFamily(contentType: string): string {
  const type = essence(contentType);
  const [top = '', sub = ''] = type.split('/');
  return FAMILY_TOPS.has(top) && !ACTIVE_SUBTYPE.test(sub) ? top : type;
}

/** Declared types that real clients send for a name's type outside its family, and who sends them. */
export interface TypeAlias {
  /** The type the name's extension has; a trailing `*` matches a family of types. */
  nameType: string;
  declared: readonly string[];
  why: string;
}

/**
 * The known aliases, accepted as the name's type. Within images, audio, video and plain text no
 * alias is needed (`image/pjpeg` for a .jpg, `text/x-log` for a .txt agree as one family).
 */
export const TYPE_ALIASES: readonly TypeAlias[] = [
  { nameType: 'text/csv', declared: ['application/vnd.ms-excel', 'application/csv', 'application/x-csv', 'text/x-csv', 'text/comma-separated-values'], why: 'browsers on Windows with Excel installed send a .csv as Excel\'s type; older clients use the x- names' },
  { nameType: 'application/zip', declared: ['application/x-zip-compressed', 'application/x-zip', 'application/zip-compressed', 'multipart/x-zip'], why: 'Windows names zip files application/x-zip-compressed; older clients use the others' },
  { nameType: 'application/pdf', declared: ['application/x-pdf', 'application/acrobat', 'application/vnd.pdf'], why: 'older Acrobat installations and mail clients' },
  { nameType: 'application/vnd.openxmlformats-officedocument.*', declared: ['application/zip', 'application/x-zip-compressed'], why: 'Office documents are zip files, and scripts that sniff the bytes (PHP\'s finfo, older file(1)) say so' },
  { nameType: 'application/vnd.oasis.opendocument.*', declared: ['application/zip', 'application/x-zip-compressed'], why: 'OpenDocument files are zip files too' },
  { nameType: 'application/msword', declared: ['application/vnd.ms-office', 'application/vnd.ms-word', 'application/doc'], why: 'sniffing scripts name every old Office file application/vnd.ms-office' },
  { nameType: 'application/vnd.ms-excel', declared: ['application/vnd.ms-office', 'application/x-msexcel', 'application/x-excel', 'application/excel'], why: 'sniffing scripts, and older browsers' },
  { nameType: 'application/vnd.ms-powerpoint', declared: ['application/vnd.ms-office', 'application/mspowerpoint', 'application/x-mspowerpoint'], why: 'sniffing scripts, and older browsers' },
  { nameType: 'application/rtf', declared: ['text/rtf', 'text/richtext'], why: 'the registered text/rtf, which macOS sends' },
  { nameType: 'application/xml', declared: ['text/xml'], why: 'Firefox and many scripts send .xml as text/xml' },
  { nameType: 'text/javascript', declared: ['application/javascript', 'application/x-javascript'], why: 'the older names of the same type' },
  { nameType: 'application/gzip', declared: ['application/x-gzip'], why: 'the older name, which most tools still send' },
  { nameType: 'application/vnd.rar', declared: ['application/x-rar-compressed', 'application/x-rar'], why: 'the older names' },
];

/** True when a file sent as `declared` and named for `nameType` is the same kind of file. */
export function typesAgree(declared: string, nameType: string): boolean {
  const sent = essence(declared);
  const named = essence(nameType);
  return sent === named || typeFamily(sent) === typeFamily(named) || TYPE_ALIASES.some((a) => matches(a.nameType, named) && a.declared.includes(sent));
}

export type TypeVerdict = { ok: true; type: string } | { ok: false; problem: string };

/**
 * The type a file is taken as, or why its name and its declared type disagree. A file is taken
 * as what its name says, since that is how the computer that saves it will open it; the declared
 * type must agree (the same type, the same family, or a known alias), else an `invoice.html` sent
 * as image/png would pass a check meant for pictures. A name without an extension keeps the
 * declared type; a generic type takes the name's. An extension the type table does not know names
 * no family, so it agrees with nothing: `run.vbs` or `setup.ps1` (which Windows runs when opened,
 * and the table does not know) cannot pass as text/plain.
 */
export function fileType(file: Pick<IncomingFile, 'contentType' | 'extension' | 'extensionType'>): TypeVerdict {
  const declared = essence(file.contentType);
  const named = file.extensionType === null ? null : essence(file.extensionType);
  if (GENERIC_TYPES.has(declared)) return { ok: true, type: named ?? 'application/octet-stream' };
  if (file.extension === '') return { ok: true, type: declared };
  if (named !== null && typesAgree(declared, named)) return { ok: true, type: named };
  const says = named === null ? 'which names no type this help desk knows' : `which is ${named}`;
  const fix = named === null ? `give it the extension of a ${declared} file` : `send it as ${named}, or give it the extension of a ${declared} file`;
  return { ok: false, problem: `it is sent as ${declared} but its name ends in .${file.extension}, ${says}; ${fix}` };
}

/** The type an accepted file is stored and served as (see `fileType`). */
export function storedType(file: IncomingFile): string {
  const verdict = fileType(file);
  return verdict.ok ? verdict.type : essence(file.contentType);
}

/** 10 MB, 10.5 MB, 300 KB, 12 bytes: one decimal at most, none when whole. */
export function humanSize(bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'bytes'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** Why this one file breaks a limit, or null when it may be stored. */
export function fileProblem(file: IncomingFile, limits: AttachmentLimits): string | null {
  if (file.content.byteLength === 0) return 'the file is empty';
  if (file.content.byteLength > limits.maxBytes) {
    return `the file is ${humanSize(file.content.byteLength)}; files may be at most ${humanSize(limits.maxBytes)}`;
  }
  const notAccepted = (type: string, because = '') => `files of type ${type || 'unknown'}${because} are not accepted; allowed: ${limits.allowedTypes.join(', ')}`;
  const verdict = fileType(file);
  if (!verdict.ok) {
    // A declared type that is refused anyway is the first thing to fix, whatever the name says.
    return typeAllowed(file.contentType, limits.allowedTypes) ? verdict.problem : notAccepted(essence(file.contentType));
  }
  if (!typeAllowed(verdict.type, limits.allowedTypes)) {
    const declared = essence(file.contentType);
    const fromName = !GENERIC_TYPES.has(declared) && declared !== verdict.type;
    return notAccepted(verdict.type, fromName ? ` (what its name, .${file.extension}, says; it was sent as ${declared})` : '');
  }
  return null;
}

/**
 * Refuses the whole upload when any file breaks a limit, before anything is stored: the sender
 * is there to fix it. 413 when only sizes are the problem, 400 otherwise; every problem listed.
 */
export function checkUploads(files: readonly IncomingFile[], limits: AttachmentLimits, path = 'attachments'): void {
  const details: ErrorDetail[] = [];
  if (files.length > limits.maxCount) {
    details.push({ path, message: `at most ${limits.maxCount} files may be attached at once (got ${files.length})` });
  }
  files.forEach((file, i) => {
    const problem = fileProblem(file, limits);
    if (problem) details.push({ path: `${path}.${i}`, message: `${file.filename}: ${problem}` });
  });
  if (details.length === 0) return;
  const onlySize = details.every((d) => d.message.includes('files may be at most'));
  throw new DomainError(onlySize ? 'too_large' : 'validation_failed', `Attachments refused: ${details.map((d) => d.message).join('; ')}`, details);
}

/**
 * For mail, which cannot be sent back to be fixed: the files within the limits are kept, in order
 * and up to the count, and the others are named with the reason, for the thread to say so.
 */
export function partitionFiles<F extends IncomingFile>(files: readonly F[], limits: AttachmentLimits): { kept: F[]; refused: RefusedFile[] } {
  const kept: F[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    const problem = fileProblem(file, limits) ?? (kept.length >= limits.maxCount ? `only ${limits.maxCount} files are kept per message` : null);
    if (problem) refused.push({ filename: file.filename, reason: problem });
    else kept.push(file);
  }
  return { kept, refused };
}

/** The line a thread message carries for each file that was not kept. */
export function refusedFilesNote(refused: readonly RefusedFile[]): string {
  return refused.map((r) => `[attachment "${r.filename}" was not kept: ${r.reason}]`).join('\n');
}
