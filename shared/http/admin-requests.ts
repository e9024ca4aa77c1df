// What the admin functions read from a request besides the body: the entry's id from the route.
import { z } from 'zod';
import type { HttpRequest } from './functions';
import { parseWith } from './requests';

/**
 * The first segment of every admin route, in one place because it may have to change: the real
 * Functions host reserves routes that start with `admin` for its own management API, whatever the
 * route prefix, and puts such functions in error at start-up ("The specified route conflicts with
 * one or more built in routes"; azure-functions-host#1781). The local host does not enforce that.
 */
export const ADMIN_ROUTE = 'admin';

const RouteId = z.string().trim().min(1, { error: 'the id must not be empty' }).max(64, { error: 'an id is at most 64 characters' });

export function routeId(request: HttpRequest): string {
  return parseWith(RouteId, request.params['id'], 'id');
}
