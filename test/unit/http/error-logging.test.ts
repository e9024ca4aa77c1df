// A failure is logged by its method and path, never its query: Azure accepts a function's key as
// `?code=<key>` (issue 19: no token or key in any log line).
import { HttpRequestClass, InvocationContextClass, declaredHttpFunctions, httpFunction } from '../../../shared/host/functions';
import type { RouteDoc } from '../../../shared/http/route-doc';

const doc: RouteDoc = { summary: 'A test route', tag: 'operations', security: 'none', success: { status: 200, description: 'OK' }, errors: [] };

httpFunction({ name: 'test-broken', route: 'test/broken', methods: ['POST'], authLevel: 'function', doc, handler: async () => { throw new Error('store exploded'); } });

test('a 500 is logged with the path and the error, without the query string', async () => {
  const lines: string[] = [];
  const context = new InvocationContextClass({ logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')) });
  const fn = declaredHttpFunctions().find((d) => d.name === 'test-broken')!;
  const res = await fn.handler(new HttpRequestClass({ method: 'POST', url: 'https://x.example/api/test/broken?code=SECRET-KEY-123&x=1' }), context);
  expect(res.status).toBe(500);
  expect(lines.join('\n')).toContain('POST /api/test/broken failed');
  expect(lines.join('\n')).toContain('store exploded');
  expect(lines.join('\n')).not.toContain('SECRET-KEY-123');
});
