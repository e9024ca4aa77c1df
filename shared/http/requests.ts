// Reading requests at the edge: size, media type, JSON syntax and the zod schema, in that order,
// each failure with a message that says what to fix.
import type { z } from 'zod';
import { humanSize } from '../domain/attachments';
import { DomainError } from '../domain/errors';
import type { HttpRequest } from '../host/http-types';
import { zodDetails } from './responses';

/**
 * One raw e-mail: mail services and MTAs pass on up to 25 MB of files, which base64 makes about
 * 34 MB; files beyond the attachment limits are left out of the ticket, not refused with the mail.
 */
export const MAX_EMAIL_BYTES = 40 * 1024 * 1024;

/** Large enough for a 100,000-character message in any script; small enough to refuse abuse early. */
export const MAX_JSON_BYTES = 512 * 1024;

/**
 * `anyContentType`: JSON whatever the Content-Type says, for the osTicket-compatible route, whose
 * clients take the format from the URL and often send none or a form type. `files`: the body may
 * carry files within these limits, so it may be larger.
 */
export async function readJson<S extends z.ZodType>(
  request: HttpRequest,
  schema: S,
  options: { anyContentType?: boolean; files?: FileLimits } = {},
): Promise<z.output<S>> {
  const maxBytes = options.files ? uploadBodyLimit(options.files) : MAX_JSON_BYTES;
  const tooLarge = () => tooLargeJson(maxBytes, options.files);
  refuseDeclaredOver(request, maxBytes, tooLarge);
  const type = request.headers.get('content-type') ?? '';
  if (!options.anyContentType && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new DomainError('unsupported_media_type', `Send the body as JSON with Content-Type: application/json (got '${type || 'none'}')`);
  }
  // Each step's input is unreachable once the next has its output, so at most two copies of the
  // body are held at once (bytes and text, then text and values).
  return parseWith(schema, parseJson(utf8Text(await readCapped(request, maxBytes, tooLarge))), 'body');
}

function utf8Text(bytes: Uint8Array): string {
  try {
    // Refuse broken UTF-8 rather than store replacement characters in place of what was sent.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError('validation_failed', 'The body is not valid UTF-8 text');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DomainError('validation_failed', `The body is not valid JSON: ${(err as Error).message}`);
  }
}

/** 413 before a byte is read when the declared Content-Length is over the limit. */
function refuseDeclaredOver(request: HttpRequest, maxBytes: number, tooLarge: () => DomainError): void {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge();
}

/**
 * The body, read chunk by chunk and refused with 413 as soon as it passes `maxBytes`: a body sent
 * without a Content-Length (chunked), or longer than it declared, is never held beyond the limit.
 * (`arrayBuffer()` would read all of it first, whatever its size.)
 */
async function readCapped(request: HttpRequest, maxBytes: number, tooLarge: () => DomainError): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * A raw body of one of the given media types (parameters such as charset ignored; `any` for
 * clients that take the format from the URL), refused with 413 above maxBytes before and after
 * reading, 415 for another type, 400 when empty.
 */
export async function readRaw(request: HttpRequest, options: { maxBytes: number; types: readonly string[] | 'any' }): Promise<Buffer> {
  const limit = `${Math.round(options.maxBytes / (1024 * 1024))} MB`;
  const tooBig = () => new DomainError('too_large', `The request body is larger than ${limit}`);
  refuseDeclaredOver(request, options.maxBytes, tooBig);
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (options.types !== 'any' && !options.types.includes(type)) {
    throw new DomainError('unsupported_media_type', `Send the body with Content-Type: ${options.types.join(' or ')} (got '${type || 'none'}')`);
  }
  const bytes = await readCapped(request, options.maxBytes, tooBig);
  if (bytes.length === 0) throw new DomainError('validation_failed', 'The request body is empty');
  return bytes;
}

export function readQuery<S extends z.ZodType>(request: HttpRequest, schema: S): z.output<S> {
  return parseWith(schema, Object.fromEntries(request.query.entries()), 'query');
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    // A value that is not an object (a route parameter, a header) is named as `where` says.
    const details = zodDetails(parsed.error).map((d) => (d.path === '(body)' && where !== 'body' ? { ...d, path: where } : d));
    const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
    throw new DomainError('validation_failed', `Invalid ${where}: ${summary}`, details);
  }
  return parsed.data;
}

type FileLimits = { maxBytes: number; maxCount: number };

function tooLargeJson(maxBytes: number, files?: FileLimits): DomainError {
  if (!files) {
    return new DomainError('too_large', `The request body is larger than ${MAX_JSON_BYTES / 1024} KB; messages are limited to 100,000 characters`);
  }
  return new DomainError(
    'too_large',
    `The request body is larger than ${humanSize(maxBytes)}; attach at most ${files.maxCount} files of at most ${humanSize(files.maxBytes)} each`,
  );
}

/** The body limit of a request that may carry files: the text, plus every allowed file in base64. */
export function uploadBodyLimit(limits: FileLimits): number {
  const perFile = Math.ceil(limits.maxBytes / 3) * 4 + 1024;
  return MAX_JSON_BYTES + limits.maxCount * perFile;
}

export function bearerToken(request: HttpRequest): string {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) throw new DomainError('unauthenticated', 'Send the token as Authorization: Bearer <token>');
  return match[1];
}
