// Every admin route answers a signed-in non-administrator 403 before it looks at the body or the
// route's id: a 400 naming the fields would tell them how to build a request (issue 19). The
// routes come from the running help desk's own OpenAPI document, so a new admin route is covered
// the day it is declared.
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let john: string;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  john = await agentToken('john@example.com');
});
afterAll(() => stack.stop());

/** Bodies a validator would refuse with 400: not JSON, the wrong shape, unknown fields only. */
const BAD_BODIES = ['{not json', '[]', JSON.stringify({ surprise: 'x'.repeat(300) })];

test('a non-admin gets 403 from every admin route, whatever the body or id', async () => {
  const doc = (await api.get<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json')).body;
  const adminPaths = Object.entries(doc.paths).filter(([path]) => path.startsWith(`/api/${ADMIN_ROUTE}/`));
  const calls: [string, string, string | undefined][] = [];
  for (const [path, operations] of adminPaths) {
    // An empty id would be a 400 from the route parser; a long one too.
    const concrete = path.replace('/api', '').replace(/\{[^}]+\}/g, 'x'.repeat(100));
    for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
      if (method === 'GET' || method === 'DELETE') calls.push([method, concrete, undefined]);
      else for (const body of BAD_BODIES) calls.push([method, concrete, body]);
    }
  }
  expect(calls.length).toBeGreaterThan(30); // the document really lists the admin routes
  const answers = await Promise.all(
    calls.map(async ([method, path, raw]) => {
      const res = await api.call(method, path, { token: john, ...(raw === undefined ? {} : { raw, headers: { 'content-type': 'application/json' } }) });
      return `${method} ${path.slice(0, 40)} ${raw?.slice(0, 10) ?? ''} -> ${res.status} ${res.body?.error?.code ?? ''}`;
    }),
  );
  expect(answers.filter((a) => !/-> 403 forbidden$/.test(a))).toEqual([]);
});
