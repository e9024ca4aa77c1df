import { listEntries } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Every ban, by name (administrators only). */
export async function adminBansList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { bans: await listEntries(await services(), await adminActor(request), 'ban') });
}
