import { meView } from '../shared/app/staff-views';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { staffActor } from '../shared/http/request-context';
import { json } from '../shared/http/responses';

/** The signed-in agent: role, departments and permissions. */
export async function staffMe(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, meView(await staffActor(request)));
}

httpFunction({
  name: 'staff-me', route: 'staff/me', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The signed-in agent: role, departments and permissions',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: '`id`, `name`, `email`, `isAdmin`, `permissions`, `departments[]` with role and permissions' },
    errors: [401],
  },
  handler: staffMe,
});
