import { createEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { BanCreateBody } from '../../shared/schemas/admin';

/** Ban an address or a whole domain (`name`) with a `note`: 201 with the ban; 409 when already banned (administrators only). */
export async function adminBansCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createEntry(await services(), actor, 'ban', await readJson(request, BanCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/bans/${created.id}` });
}
