import { createEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { BanCreateBody } from '../shared/schemas/admin';
import { adminDoc } from '../shared/http/route-doc';

/** Ban an address or a whole domain (`name`) with a `note`: 201 with the ban; 409 when already banned (administrators only). */
export async function adminBansCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createEntry(await services(), actor, 'ban', await readJson(request, BanCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/bans/${created.id}` });
}

httpFunction({
  name: 'admin-bans-create', route: `${ADMIN_ROUTE}/bans`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'ban (an address or a whole domain that may open no ticket)', { body: BanCreateBody }),
  handler: adminBansCreate,
});
