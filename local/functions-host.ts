// A small stand-in for the Functions host, for laptops and CI: it serves the very function
// declarations the real host registers, under the same /api prefix and routes, and logs each
// request the way `func start` does.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  HttpRequestClass,
  InvocationContextClass,
  declaredHttpFunctions,
  API_ROUTE_PREFIX,
  hostRoute,
  declaredServiceBusFunctions,
  declaredTimerFunctions,
  declaredChangeFeedFunctions,
  type ChangeFeedFunctionDeclaration,
  type HttpFunctionDeclaration,
  type HttpResponseInit,
  type ServiceBusFunctionDeclaration,
  type TimerFunctionDeclaration,
} from '../shared/host/functions';
import { compareRouteTemplates, matchRouteTemplate, parseRouteTemplate, requestPathSegments, type RouteTemplate } from '../shared/http/route-template';
import { logLine } from './log-lines';

/** The Functions host refuses request bodies over 100 MB; so does this one. */
const MAX_BODY_BYTES = 100 * 1024 * 1024;

export interface DeclaredFunctions {
  http: readonly HttpFunctionDeclaration[];
  serviceBus: readonly ServiceBusFunctionDeclaration[];
  timers: readonly TimerFunctionDeclaration[];
  changeFeeds: readonly ChangeFeedFunctionDeclaration[];
}

/** Loads every compiled function file, as package.json's `main` glob does for the real host. */
export function loadFunctionFiles(dir = join(__dirname, '..', 'functions')): DeclaredFunctions {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    require(join(dir, file));
  }
  return { http: declaredHttpFunctions(), serviceBus: declaredServiceBusFunctions(), timers: declaredTimerFunctions(), changeFeeds: declaredChangeFeedFunctions() };
}

interface CompiledRoute {
  declaration: HttpFunctionDeclaration;
  template: RouteTemplate;
}

function compile(declaration: HttpFunctionDeclaration): CompiledRoute {
  const template = parseRouteTemplate(hostRoute(declaration.route), declaration.name);
  // The real host refuses routes that begin with "admin" (its own admin API lives there).
  if (/^admin/i.test(template.text)) throw new Error(`${declaration.name}: route '${template.text}' conflicts with the Functions host's built-in admin routes`);
  return { declaration, template };
}

/**
 * How much of a refused body the host reads and throws away after answering 413. fetch (undici)
 * and most clients read no answer before they have sent the whole body, so a connection closed
 * at once would show them a broken pipe (EPIPE), not the 413; past this the connection is cut.
 */
const DRAIN_LIMIT_BYTES = 4 * MAX_BODY_BYTES;

/** Reads and discards what is left of a refused body, in the background. */
function discardRest(req: IncomingMessage, alreadyRead = 0): void {
  let size = alreadyRead;
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}

/** The body, or null as soon as it passes MAX_BODY_BYTES (the rest is discarded, see discardRest). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        discardRest(req, size);
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Compares in constant time, so the key cannot be guessed a character at a time. */
function keysMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, response: HttpResponseInit): void {
  res.statusCode = response.status ?? 200;
  const headers = new Headers(response.headers as HeadersInit | undefined);
  let body: string | Buffer | undefined;
  if (response.jsonBody !== undefined) {
    body = JSON.stringify(response.jsonBody);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
    body = response.body;
  } else if (response.body instanceof Uint8Array) {
    body = Buffer.from(response.body);
  }
  for (const [k, v] of headers.entries()) res.setHeader(k, v);
  res.end(body);
}

function notFound(res: ServerResponse, message: string): void {
  send(res, { status: 404, jsonBody: { error: { code: 'not_found', message, details: [] } } });
}

export interface FunctionsHost {
  /** The API's base URL, `http://localhost:<port>/api`. */
  url: string;
  /** The site root, where the web pages are: `http://localhost:<port>`. */
  origin: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * What App Service's front end adds to every request, so the local stack decides on client
 * addresses as Azure does: `client-ip` with the connection's address and port, replacing any the
 * client sent (Azure/app-service-linux-docs, Things_You_Should_Know/headers.md), and that address
 * appended to X-Forwarded-For after whatever the client wrote there (as captured behind App
 * Service in sergiodxa/remix-utils#496: `x-forwarded-for: <client's list>, 172.16.0.10:49828`).
 */
export function platformAddressHeaders(remoteAddress: string | undefined, remotePort: number | undefined, forwardedFor: string | undefined): Record<string, string> {
  if (!remoteAddress) return {};
  const address = remoteAddress.replace(/^::ffff:(?=\d+\.)/, '');
  const clientIp = address.includes(':') ? `[${address}]:${remotePort ?? 0}` : `${address}:${remotePort ?? 0}`;
  return { 'client-ip': clientIp, 'x-forwarded-for': forwardedFor ? `${forwardedFor}, ${clientIp}` : clientIp };
}

export async function startFunctionsHost(options: {
  port: number;
  host?: string;
  functions: readonly HttpFunctionDeclaration[];
  log?: (line: string) => void;
}): Promise<FunctionsHost> {
  const log = options.log ?? ((line: string) => console.log(line));
  // In the host's order: `tickets.json` before `tickets/{number}`, constrained parameters first.
  const routes = options.functions.map(compile).sort((a, b) => compareRouteTemplates(a.template, b.template));

  const server: Server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    // The raw request target: `new URL` would read `//x` as a host name and decode too much.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const pathname = queryAt >= 0 ? target.slice(0, queryAt) : target;
    const url = new URL(`http://${req.headers.host ?? 'localhost'}/${queryAt >= 0 ? target.slice(queryAt) : ''}`);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(`${new Date().toISOString()} ${req.method} ${pathname} ${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    void (async () => {
      const path = requestPathSegments(pathname);
      const method = (req.method ?? 'GET').toUpperCase();
      let found: { route: CompiledRoute; params: Record<string, string> } | null = null;
      for (const route of routes) {
        if (!route.declaration.methods.includes(method as never)) continue;
        const params = matchRouteTemplate(route.template, path);
        if (params) {
          found = { route, params };
          break;
        }
      }
      // The host's homepage middleware: with AzureWebJobsDisableHomepage, `/` that no function
      // answers is 204 No Content (azure-functions-host, Middleware/HomepageMiddleware.cs).
      if (!found && path.length === 0) return send(res, { status: 204 });
      if (!found) return notFound(res, `No function answers ${method} ${pathname}`);
      // The Functions host checks function keys before a function runs; locally the one key is
      // INBOUND_EMAIL_KEY, read per request because the stack sets its settings after the host
      // starts. No key configured refuses every call rather than letting all through.
      if (found.route.declaration.authLevel === 'function') {
        const expected = process.env['INBOUND_EMAIL_KEY'];
        const given = req.headers['x-functions-key'] ?? url.searchParams.get('code') ?? undefined;
        if (!expected || !keysMatch(String(given ?? ''), expected)) {
          return send(res, { status: 401, jsonBody: { error: { code: 'unauthenticated', message: 'Send the function key in the x-functions-key header', details: [] } } });
        }
      }
      // Kestrel refuses a declared length over the limit (MaxRequestBodySize) with 413 before reading
      // a byte; what the client still sends is read and thrown away, so it gets to read the answer.
      const declared = Number(req.headers['content-length'] ?? 0);
      const body = declared > MAX_BODY_BYTES ? (discardRest(req), null) : await readBody(req);
      if (body === null) {
        return send(res, { status: 413, jsonBody: { error: { code: 'too_large', message: 'The request body exceeds 100 MB', details: [] } } });
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      Object.assign(headers, platformAddressHeaders(req.socket.remoteAddress, req.socket.remotePort, headers['x-forwarded-for']));
      const request = new HttpRequestClass({
        method,
        url: `${url.origin}${pathname}${url.search}`,
        headers,
        query: Object.fromEntries(url.searchParams.entries()),
        params: found.params,
        ...(body.length > 0 ? { body: { bytes: body } } : {}),
      });
      const name = found.route.declaration.name;
      const context = new InvocationContextClass({
        invocationId: randomUUID(),
        functionName: name,
        logHandler: (level, ...args) => (level === 'error' ? console.error : logLine)(`[${name}]`, ...args),
      });
      send(res, await found.route.declaration.handler(request, context));
    })().catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) send(res, { status: 500, jsonBody: { error: { code: 'internal_error', message: 'The local host failed', details: [] } } });
    });
  });
  // Idle keep-alive connections stay open longer than clients keep them (undici: 4 s), as Azure's
  // front end does (minutes, not Node's 5 s): else a client whose event loop was busy (building a
  // 70 MB body, say) reuses a connection the host has just closed and its write fails with EPIPE.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/${API_ROUTE_PREFIX}`,
    origin: `http://localhost:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
