// The local Functions host routes requests the way the real host does, over real HTTP. Each rule
// names its source; test/unit/http/route-template.test.ts has the template rules one by one.
import { request } from 'node:http';
import { startFunctionsHost, type FunctionsHost } from '../../local/functions-host';
import type { HttpFunctionDeclaration, HttpHandler } from '../../shared/host/functions';
import { client, startStack, type Stack } from '../support/stack';

/** A raw request, so that the path reaches the host exactly as written (`//`, `%zz`). */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a host with hand-made functions', () => {
  let host: FunctionsHost;
  const echo =
    (name: string): HttpHandler =>
    async (req) => ({ status: 200, jsonBody: { name, params: req.params } });
  const fn = (name: string, route: string): HttpFunctionDeclaration => ({
    name,
    route,
    methods: ['GET'],
    authLevel: 'anonymous',
    doc: { summary: `Echoes ${name}`, tag: 'operations', security: 'none', success: { status: 200, description: 'The name and route parameters' }, errors: [] },
    handler: echo(name),
  });

  beforeAll(async () => {
    host = await startFunctionsHost({
      port: 0,
      log: () => undefined,
      functions: [fn('by-name', '/'), fn('any-ticket', 'tickets/{number}'), fn('numbered', 'tickets/{number:int}'), fn('file', 'files/{name}')],
    });
  });
  afterAll(() => host.stop());

  test('an empty route is served at the function name, and `/` answers 204 as the host with its homepage disabled does', async () => {
    // WebScriptHostHttpRoutesManager names an empty route after the function; HomepageMiddleware
    // answers `/` with 204 No Content when AzureWebJobsDisableHomepage is set.
    expect(await get(host.port, '/by-name')).toEqual({ status: 200, body: JSON.stringify({ name: 'by-name', params: {} }) });
    expect((await get(host.port, '/')).status).toBe(204);
  });

  test('a constraint picks its route: {number:int} takes digits, the free parameter the rest', async () => {
    expect(JSON.parse((await get(host.port, '/api/tickets/42')).body)).toEqual({ name: 'numbered', params: { number: '42' } });
    expect(JSON.parse((await get(host.port, '/api/tickets/abc')).body)).toEqual({ name: 'any-ticket', params: { number: 'abc' } });
  });

  test('%2F stays encoded inside a segment; a malformed escape reaches the function as sent', async () => {
    expect(JSON.parse((await get(host.port, '/api/files/a%2Fb')).body).params).toEqual({ name: 'a%2Fb' });
    expect(JSON.parse((await get(host.port, '/api/files/50%zz')).body).params).toEqual({ name: '50%zz' });
  });

  test('`//` is not collapsed into one slash', async () => {
    expect((await get(host.port, '/api//files/x')).status).toBe(404);
    expect((await get(host.port, '/api/files//')).status).toBe(404);
  });
});

describe('the help desk on the local host', () => {
  let stack: Stack;
  let port: number;
  beforeAll(async () => {
    stack = await startStack();
    port = Number(new URL(stack.baseUrl).port);
  });
  afterAll(() => stack.stop());

  test('the customer portal is served at the site root, where the e-mailed ticket links point, and not at /web-portal', async () => {
    const root = await get(port, '/');
    expect(root.status).toBe(200);
    expect(root.body).toMatch(/<html/i);
    expect((await get(port, '/web-portal')).status).toBe(404);
  });

  test('clients read how to sign in: the local stack signs agents in with development tokens', async () => {
    expect((await client(stack.baseUrl).get('/auth/config')).body).toEqual({ mode: 'development' });
  });

  test('a malformed escape in a ticket number is a 400 that says what to fix, not a 500', async () => {
    const res = await get(port, '/api/tickets/%zz');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/number/i);
  });

  test('an escaped slash in an attachment id is one (unknown) id, never a path', async () => {
    const api = client(stack.baseUrl);
    const t = (await api.post('/tickets', { name: 'Maria', email: 'maria@example.org', topicId: 'other', subject: 'Slash', message: 'x' })).body;
    const res = await api.get(`/tickets/${t.number}/attachments/..%2F..%2Fhealth`, { token: t.accessToken });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/attachment id is a UUID/);
  });
});
