import { meView } from '../../shared/app/staff-views';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { staffActor } from '../../shared/http/request-context';
import { json } from '../../shared/http/responses';

/** The signed-in agent: role, departments and permissions. */
export async function staffMe(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, meView(await staffActor(request)));
}
