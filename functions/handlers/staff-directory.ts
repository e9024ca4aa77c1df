import { directoryView } from '../../shared/app/staff-views';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { staffActor } from '../../shared/http/request-context';
import { json } from '../../shared/http/responses';

/** Departments, SLA plans, topics, priorities, roles and agents, so clients can turn names into ids. */
export async function staffDirectory(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, directoryView(await staffActor(request)));
}
