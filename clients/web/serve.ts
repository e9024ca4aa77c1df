// How the function app serves the web pages: files built into dist/web (or web/ beside the deploy
// bundle), read once and kept in memory, answered with an ETag so a browser
// revalidates cheaply, and with a Content-Security-Policy that lets the page load only its own
// script and style sheet: no inline script, no other origin (the console may also fetch from
// Microsoft's sign-in host, for MSAL).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

const CSP = (connect: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${connect}`,
    "img-src 'self' data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

export const PAGE_CSP = CSP("'self'");

/**
 * Microsoft's sign-in host (public cloud). The console's MSAL fetches the tenant's OpenID
 * configuration, instance discovery and the token endpoint (code + PKCE, refresh) from it; the
 * sign-in itself is a top-level navigation, which CSP does not govern. No frames: silent renewal
 * uses the refresh token, never a hidden iframe.
 */
export const LOGIN_HOST = 'https://login.microsoftonline.com';
/** The console's policy: PAGE_CSP with the login host added to connect-src, nothing else. */
export const CONSOLE_CSP = CSP(`'self' ${LOGIN_HOST}`);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The files a request may name: nothing else in the folder (build scripts, maps) is served. */
export const SERVED_FILES = ['portal.html', 'console.html', 'portal.js', 'console.js', 'helpdesk.css'] as const;
export type ServedFile = (typeof SERVED_FILES)[number];

interface Cached {
  body: Buffer;
  etag: string;
}
const cache = new Map<ServedFile, Cached>();

function load(file: ServedFile, dir: string): Cached {
  let hit = cache.get(file);
  if (!hit) {
    const body = readFileSync(join(dir, file));
    hit = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    cache.set(file, hit);
  }
  return hit;
}

export function isServedFile(name: string): name is ServedFile {
  return (SERVED_FILES as readonly string[]).includes(name);
}

/**
 * Where the built pages are: web/ beside the deploy bundle's entry, or dist/web beside
 * dist/clients/web. In the bundle this module is in one of the entry's chunks/ (the pages' handlers
 * load on their first call, issue 21), so the entry's folder is the parent.
 */
function webDir(): string {
  const bundle = basename(__dirname) === 'chunks' ? join(__dirname, '..') : __dirname;
  const candidates = [join(bundle, 'web'), join(__dirname, '..', '..', 'web')];
  return candidates.find((d) => existsSync(join(d, 'portal.html'))) ?? candidates[1]!;
}

/** Answers one of the web files, or 304 when the browser's copy is current. */
export function serveWebFile(request: HttpRequest, file: ServedFile, dir = webDir()): HttpResponseInit {
  let entry: Cached;
  try {
    entry = load(file, dir);
  } catch {
    // The pages are built by `npm run build`; a missing file is a build problem, said plainly.
    return json(404, { error: { code: 'not_found', message: `The web file ${file} is missing; run npm run build`, details: [] } });
  }
  const headers: Record<string, string> = {
    ETag: entry.etag,
    // Revalidate every time: the ETag makes that a 304 with no body, and a deploy shows at once.
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': file === 'console.html' ? CONSOLE_CSP : PAGE_CSP,
  };
  if (request.headers.get('if-none-match') === entry.etag) return { status: 304, headers };
  const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
  return { status: 200, body: entry.body, headers: { ...headers, 'Content-Type': type } };
}
