import { directoryView } from '../shared/app/staff-views';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { staffActor } from '../shared/http/request-context';
import { json } from '../shared/http/responses';

/** Departments, SLA plans, topics, priorities, roles and agents, so clients can turn names into ids. */
export async function staffDirectory(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, directoryView(await staffActor(request)));
}

httpFunction({
  name: 'staff-directory', route: 'staff/directory', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Departments, SLA plans, topics, priorities, roles and agents, to turn names into ids',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: '`departments`, `slaPlans`, `topics`, `priorities`, `roles`, `agents`' },
    errors: [401],
  },
  handler: staffDirectory,
});
