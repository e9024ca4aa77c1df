// Every response the functions give carries Strict-Transport-Security in Azure (issue 19), the
// errors too, and none locally, where the stack speaks plain HTTP. Azure is known by the
// platform's own settings (WEBSITE_SITE_NAME / WEBSITE_INSTANCE_ID), as shared/config.ts says.
import { forbidden } from '../../../shared/domain/errors';
import { HttpRequestClass, InvocationContextClass, declaredHttpFunctions, httpFunction } from '../../../shared/host/functions';
import { HSTS, json } from '../../../shared/http/responses';
import type { RouteDoc } from '../../../shared/http/route-doc';

const doc: RouteDoc = { summary: 'A test route', tag: 'operations', security: 'none', success: { status: 200, description: 'OK' }, errors: [] };

httpFunction({ name: 'test-ok', route: 'test/ok', methods: ['GET'], authLevel: 'anonymous', doc, handler: async () => json(200, { ok: true }) });
httpFunction({ name: 'test-refused', route: 'test/refused', methods: ['GET'], authLevel: 'anonymous', doc, handler: async () => { throw forbidden('no'); } });

async function hstsOf(name: string, env: Record<string, string>): Promise<string | null> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const fn = declaredHttpFunctions().find((d) => d.name === name)!;
    const res = await fn.handler(new HttpRequestClass({ method: 'GET', url: `https://x.example/api/${fn.route}` }), new InvocationContextClass());
    return new Headers(res.headers as HeadersInit).get('strict-transport-security');
  } finally {
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
  }
}

test.each([
  ['WEBSITE_SITE_NAME', { WEBSITE_SITE_NAME: 'func-helpdesk-abc' }],
  ['WEBSITE_INSTANCE_ID', { WEBSITE_INSTANCE_ID: '0123456789abcdef' }],
])('in Azure (%s set) successes and errors alike carry Strict-Transport-Security', async (_label, env) => {
  expect([await hstsOf('test-ok', env), await hstsOf('test-refused', env)]).toEqual([HSTS, HSTS]);
  expect(HSTS).toMatch(/^max-age=31536000; includeSubDomains$/);
});

test('locally (neither set, or set blank as azd writes an unset value) no response carries it', async () => {
  expect([await hstsOf('test-ok', {}), await hstsOf('test-refused', { WEBSITE_SITE_NAME: ' ' })]).toEqual([null, null]);
});
