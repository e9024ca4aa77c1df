// The OpenAPI document against the running help desk: real requests are checked against the
// document's own schemas (ajv, JSON Schema 2020-12), and the server must agree with it, accepting
// what the document accepts and refusing what it refuses, with error bodies of the documented
// shape. A document that drifts from the code fails here, whatever schema it was made from.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { agentToken, client, startStack, type Stack } from '../support/stack';

interface Parameter {
  name: string;
  in: string;
  schema: Record<string, unknown>;
}
interface Operation {
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  parameters?: Parameter[];
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

let stack: Stack;
let api: ReturnType<typeof client>;
let doc: Doc;
let jane: string;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  doc = (await api.get('/openapi.json')).body as Doc;
  jane = await agentToken('admin@example.com');
});
afterAll(() => stack.stop());

const bodySchema = (path: string, method: string) => doc.paths[path]![method]!.requestBody!.content['application/json']!.schema;
const documentAccepts = (schema: Record<string, unknown>, value: unknown) => ajv.validate(schema, value);
const errorShape = () => doc.components.schemas['Error']!;

/** Sends the body, and holds the server to the document: 2xx exactly when the schema accepts it. */
async function agrees(method: 'post' | 'patch', docPath: string, url: string, body: unknown, token?: string): Promise<{ status: number; accepted: boolean }> {
  const accepted = documentAccepts(bodySchema(docPath, method), body);
  const res = await api.call(method.toUpperCase(), url, { body, ...(token ? { token } : {}) });
  if (res.status >= 400) expect({ url, body: res.body, shaped: ajv.validate(errorShape(), res.body) }).toEqual({ url, body: res.body, shaped: true });
  return { status: res.status, accepted };
}

const ticket = { name: 'Maria Customer', email: 'maria@example.org', topicId: 'other', subject: 'Checked against the document', message: 'Hello' };

test('opening a ticket: the document and the server accept the same bodies and refuse the same bodies', async () => {
  expect.assertions(8); // five answers, and the documented error shape of the three refusals
  expect(await agrees('post', '/api/tickets', '/tickets', ticket)).toEqual({ status: 201, accepted: true });
  expect(await agrees('post', '/api/tickets', '/tickets', { ...ticket, priority: 'high' })).toEqual({ status: 201, accepted: true });
  expect(await agrees('post', '/api/tickets', '/tickets', { name: 'Maria' })).toEqual({ status: 400, accepted: false });
  expect(await agrees('post', '/api/tickets', '/tickets', { ...ticket, colour: 'red' })).toEqual({ status: 400, accepted: false });
  expect(await agrees('post', '/api/tickets', '/tickets', { ...ticket, email: 'not an address' })).toEqual({ status: 400, accepted: false });
});

test('working a ticket: changes, replies and notes agree with the document too', async () => {
  const { number } = (await api.post('/tickets', ticket)).body as { number: string };
  const path = '/api/staff/tickets/{number}';
  expect(await agrees('patch', path, `/staff/tickets/${number}`, { priority: 'high' }, jane)).toEqual({ status: 200, accepted: true });
  expect(await agrees('patch', path, `/staff/tickets/${number}`, { priority: 'urgent' }, jane)).toEqual({ status: 400, accepted: false });
  expect(await agrees('patch', path, `/staff/tickets/${number}`, { dueAt: 'tomorrow' }, jane)).toEqual({ status: 400, accepted: false });
  expect(await agrees('post', `${path}/replies`, `/staff/tickets/${number}/replies`, { message: 'On it.' }, jane)).toEqual({ status: 201, accepted: true });
  expect(await agrees('post', `${path}/replies`, `/staff/tickets/${number}/replies`, {}, jane)).toEqual({ status: 400, accepted: false });
  expect(await agrees('post', `${path}/notes`, `/staff/tickets/${number}/notes`, { message: 'Internal.' }, jane)).toEqual({ status: 201, accepted: true });
});

test('query parameters: the queue names the document lists are the ones the server takes', async () => {
  const queue = doc.paths['/api/staff/tickets']!['get']!.parameters!.find((p) => p.name === 'queue')!;
  const listed = (queue.schema['enum'] as string[] | undefined) ?? [];
  expect(listed.length).toBeGreaterThan(3);
  const answers: { name: string; status: number }[] = [];
  for (const name of listed) answers.push({ name, status: (await api.get(`/staff/tickets?queue=${name}`, { token: jane })).status });
  expect(answers).toEqual(listed.map((name) => ({ name, status: 200 })));
  expect(documentAccepts(queue.schema, 'everything')).toBe(false);
  const refused = await api.get('/staff/tickets?queue=everything', { token: jane });
  expect(refused.status).toBe(400);
  expect(ajv.validate(errorShape(), refused.body)).toBe(true);
});
