// What the admin functions read from a request besides the body: the caller, who must be an
// administrator, and the entry's id from the route.
import { z } from 'zod';
import { requireAdmin, type Actor } from '../app/actor';
import type { HttpRequest } from '../host/http-types';
import { staffActor } from './request-context';
import { parseWith } from './requests';

export { ADMIN_ROUTE } from './admin-route';

const RouteId = z.string().trim().min(1, { error: 'the id must not be empty' }).max(64, { error: 'an id is at most 64 characters' });

export function routeId(request: HttpRequest): string {
  return parseWith(RouteId, request.params['id'], 'id');
}

/**
 * The signed-in agent, refused with 403 unless an administrator. Every admin function calls this
 * before it reads the body or the route, so a non-admin learns nothing (no field names from a 400).
 */
export async function adminActor(request: HttpRequest): Promise<Actor> {
  const actor = await staffActor(request);
  requireAdmin(actor);
  return actor;
}
