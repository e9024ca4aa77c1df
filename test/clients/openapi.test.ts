// The OpenAPI document describes every declared function, with the very schemas that validate
// its requests, and the description each declares beside its route (a declaration without `doc`
// does not compile).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { declaredHttpFunctions } from '../../shared/host/functions';
import { localSettings } from '../../local/settings';
import { openApiDocument } from '../../shared/http/openapi';
import { CreateTicketBody, TicketPatchBody } from '../../shared/schemas/api';

const FUNCTIONS = join(__dirname, '..', '..', 'functions');

beforeAll(() => {
  // The local settings (AUTH_MODE=development), as `npm start` has them when it loads the files:
  // the development sign-in route declares itself only then.
  Object.assign(process.env, localSettings());
  for (const f of readdirSync(FUNCTIONS).filter((f) => f.endsWith('.ts')).sort()) require(join(FUNCTIONS, f));
});

interface Operation {
  operationId: string;
  summary: string;
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
  parameters?: { name: string; in: string }[];
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

test('every declared HTTP function is described where it is declared, and the document says what its declaration says', () => {
  const http = declaredHttpFunctions();
  expect(http.length).toBeGreaterThan(15);
  expect(http.filter((d) => d.doc.summary.trim() === '').map((d) => d.name)).toEqual([]);
  const doc = openApiDocument(http) as unknown as Doc;
  const summaries = Object.fromEntries(Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => [op.operationId, op.summary])));
  expect(summaries).toEqual(Object.fromEntries(http.map((d) => [d.name, d.doc.summary])));
});

test('the document lists each function under its route and method, with the request schema', () => {
  const doc = openApiDocument(declaredHttpFunctions(), 'http://localhost:7071') as unknown as Doc;
  expect(doc.openapi).toBe('3.1.0');
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => `${m.toUpperCase()} ${path} ${op.operationId}`));
  const declared = declaredHttpFunctions().flatMap((d) => {
    // Route parameters as OpenAPI writes them; the site root's empty-only parameter is left out.
    const path = (d.route.startsWith('/') ? d.route : `/api/${d.route}`).replace('/{ignored:maxlength(0)?}', '/');
    return d.methods.map((m) => `${m} ${path} ${d.name}`);
  });
  expect(declared.length).toBeGreaterThan(15);
  expect(declared.filter((op) => !operations.includes(op))).toEqual([]); // none left out of the document
  expect(operations).toContain('POST /api/tickets tickets-create');
  expect(operations).toContain('GET / web-portal');

  const create = doc.paths['/api/tickets']!['post']!;
  const { $schema: _dialect, ...expected } = z.toJSONSchema(CreateTicketBody, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  expect(create.requestBody!.content['application/json'].schema).toEqual(expected);
  expect(expected).toMatchObject({ required: ['name', 'email', 'topicId', 'subject', 'message'], additionalProperties: false });

  const patch = doc.paths['/api/staff/tickets/{number}']!['patch']!;
  expect(patch.requestBody!.content['application/json'].schema).toMatchObject({ properties: { priority: { enum: ['low', 'normal', 'high', 'emergency'] } } });
  expect(Object.keys(z.toJSONSchema(TicketPatchBody, { io: 'input' }).properties ?? {})).toEqual(['priority', 'slaPlanId', 'departmentId', 'assigneeId', 'dueAt', 'status']);
  expect(patch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'number', in: 'path' }), expect.objectContaining({ name: 'If-Match', in: 'header' })]));

  const queue = doc.paths['/api/staff/tickets']!['get']!;
  expect(queue.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(['query:queue', 'query:department', 'query:q', 'query:limit', 'query:cursor']);
});
