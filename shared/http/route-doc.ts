// What the OpenAPI document says of a route, written where the route is declared (each function
// file's `doc`), so a route and its description cannot part (issue 21). Method, path and path
// parameters come from the declaration itself; shared/http/openapi.ts turns both into the document.
// Request schemas are named, not imported: a function file registers without loading zod, and the
// document finds them by name in shared/schemas/route-schemas.ts (issue 21, cold start).
import type * as RouteSchemas from '../schemas/route-schemas';

/** The name of a request schema in shared/schemas/route-schemas.ts (checked by the compiler). */
export type SchemaName = keyof typeof RouteSchemas;

/** If-Match, which the staff actions read to refuse a change to a ticket that changed since (412). */
export function ifMatchHeader(description = 'The ETag of the ticket as last read'): NonNullable<RouteDoc['headers']>[number] {
  return { name: 'If-Match', schema: 'HeaderText', description };
}

export type Security = 'none' | 'staff' | 'customer' | 'functionKey';

export interface RouteDoc {
  summary: string;
  tag: 'customer' | 'staff' | 'admin' | 'operations' | 'web' | 'integrations';
  security: Security;
  /** The query string, as one object schema (each property becomes a query parameter). */
  query?: SchemaName;
  /** The JSON request body. */
  body?: SchemaName;
  /** A request body that is not JSON (e.g. a raw e-mail): its media type and what it holds. */
  rawBody?: { mediaType: string; description: string };
  /** Request headers the function reads, beside Authorization. */
  headers?: { name: string; schema: SchemaName; description: string; required?: boolean }[];
  /** The success answer: status, what it holds, and its media type when it is not JSON. */
  success: { status: number; description: string; mediaType?: string };
  /** Error statuses worth naming for this route (400, 401, 404, ... ). */
  errors: number[];
}

type AdminOperation = 'list' | 'create' | 'get' | 'update' | 'delete';

/**
 * The admin API's five operations on a kind of directory entry (`what`: "help topic"), alike for
 * every kind; `body` is the create or update schema, `success` replaces the answer's description.
 */
export function adminDoc(operation: AdminOperation, what: string, options: { body?: SchemaName; success?: string } = {}): RouteDoc {
  const base = { tag: 'admin', security: 'staff' } as const;
  const docs: Record<AdminOperation, RouteDoc> = {
    list: { ...base, summary: `Every ${what} (administrators only)`, success: { status: 200, description: `The ${what} list` }, errors: [401, 403] },
    create: { ...base, summary: `Add a ${what}`, success: { status: 201, description: `The new ${what}` }, errors: [400, 401, 403, 409, 415] },
    get: { ...base, summary: `One ${what}`, success: { status: 200, description: `The ${what}` }, errors: [401, 403, 404] },
    update: { ...base, summary: `Change a ${what}`, success: { status: 200, description: `The ${what} after the change` }, errors: [400, 401, 403, 404, 409, 415] },
    delete: { ...base, summary: `Remove a ${what}`, success: { status: 204, description: 'Removed' }, errors: [401, 403, 404, 409] },
  };
  const doc = docs[operation];
  return {
    ...doc,
    ...(options.body ? { body: options.body } : {}),
    ...(options.success ? { success: { ...doc.success, description: options.success } } : {}),
  };
}
