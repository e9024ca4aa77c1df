// The OpenAPI 3.1 document of the HTTP API, built from the declared functions (so a route cannot
// exist without appearing here) and from the zod schemas that validate requests (so the document
// cannot drift from what the functions accept). zod 4's own `z.toJSONSchema` writes JSON Schema
// 2020-12, which is the dialect OpenAPI 3.1 uses, so no third-party generator is needed.
import { z } from 'zod';
import { hostRoute, type HttpFunctionDeclaration } from '../host/functions';
import { openApiPath, parseRouteTemplate, requiredParameters } from './route-template';
import {
  AgentCreateBody,
  AgentPatchBody,
  AuditParams,
  BanCreateBody,
  BanPatchBody,
  MailboxCreateBody,
  MailboxPatchBody,
  NotificationSettingsPatch,
  SlaSettingsPatch,
  DepartmentCreateBody,
  DepartmentPatchBody,
  RoleCreateBody,
  RolePatchBody,
  ScheduleCreateBody,
  SchedulePatchBody,
  SlaPlanCreateBody,
  SlaPlanPatchBody,
  TopicCreateBody,
  TopicPatchBody,
} from '../schemas/admin';
import {
  AttachmentId,
  CreateTicketBody,
  CustomerMessageBody,
  IdempotencyKey,
  NoteBody,
  QueueParams,
  StaffReplyBody,
  TicketNumber,
  TicketPatchBody,
} from '../schemas/api';
import { ApiKeyCreateBody, OsTicketCreateBody } from '../schemas/osticket';
import { SlaReportParams } from '../schemas/sla-report';

type Security = 'none' | 'staff' | 'customer' | 'functionKey';


export interface RouteDoc {
  summary: string;
  tag: 'customer' | 'staff' | 'admin' | 'operations' | 'web' | 'integrations';
  security: Security;
  /** The query string, as one object schema (each property becomes a query parameter). */
  query?: z.ZodType;
  /** The JSON request body. */
  body?: z.ZodType;
  /** A request body that is not JSON (e.g. a raw e-mail): its media type and what it holds. */
  rawBody?: { mediaType: string; description: string };
  /** Request headers the function reads, beside Authorization. */
  headers?: { name: string; schema: z.ZodType; description: string; required?: boolean }[];
  /** The success answer: status, what it holds, and its media type when it is not JSON. */
  success: { status: number; description: string; mediaType?: string };
  /** Error statuses worth naming for this route (400, 401, 404, ... ). */
  errors: number[];
}

/** The admin API's five operations on each kind of directory entry, named as the functions are. */
function adminCrud(): Record<string, RouteDoc> {
  const kinds: [one: string, many: string, what: string, create: z.ZodType, patch: z.ZodType][] = [
    ['agent', 'agents', 'agent', AgentCreateBody, AgentPatchBody],
    ['department', 'departments', 'department', DepartmentCreateBody, DepartmentPatchBody],
    ['role', 'roles', 'role', RoleCreateBody, RolePatchBody],
    ['sla-plan', 'sla-plans', 'SLA plan', SlaPlanCreateBody, SlaPlanPatchBody],
    ['topic', 'topics', 'help topic', TopicCreateBody, TopicPatchBody],
    ['schedule', 'schedules', 'schedule', ScheduleCreateBody, SchedulePatchBody],
    ['ban', 'bans', 'ban (an address or a whole domain that may open no ticket)', BanCreateBody, BanPatchBody],
    ['mailbox', 'mailboxes', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', MailboxCreateBody, MailboxPatchBody],
  ];
  const docs: Record<string, RouteDoc> = {};
  for (const [one, many, what, create, patch] of kinds) {
    const base = { tag: 'admin', security: 'staff' } as const;
    docs[`admin-${many}-list`] = { ...base, summary: `Every ${what} (administrators only)`, success: { status: 200, description: `The ${what} list` }, errors: [401, 403] };
    docs[`admin-${many}-create`] = { ...base, summary: `Add a ${what}`, body: create, success: { status: 201, description: `The new ${what}` }, errors: [400, 401, 403, 409, 415] };
    docs[`admin-${one}-get`] = { ...base, summary: `One ${what}`, success: { status: 200, description: `The ${what}` }, errors: [401, 403, 404] };
    docs[`admin-${one}-update`] = { ...base, summary: `Change a ${what}`, body: patch, success: { status: 200, description: `The ${what} after the change` }, errors: [400, 401, 403, 404, 409, 415] };
    docs[`admin-${one}-delete`] = { ...base, summary: `Remove a ${what}`, success: { status: 204, description: 'Removed' }, errors: [401, 403, 404, 409] };
  }
  // Reads of mailboxes add what the fetch timer last did with each (issue 24).
  const status = 'its fetch `status`: `lastFetchAt`, `lastSuccessAt`, `taken`, `failed`, `retrying`, `lastError` (null before the first fetch)';
  docs['admin-mailboxes-list'] = { ...docs['admin-mailboxes-list']!, success: { status: 200, description: `The mailbox list, each with ${status}` } };
  docs['admin-mailbox-get'] = { ...docs['admin-mailbox-get']!, success: { status: 200, description: `The mailbox with ${status}` } };
  return docs;
}

/**
 * One entry per declared function, keyed by the function's name. A function declared without an
 * entry fails the OpenAPI test; method and route always come from the declaration itself.
 */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'tickets-create': {
    summary: 'Open a ticket',
    tag: 'customer',
    security: 'none',
    body: CreateTicketBody,
    headers: [{ name: 'Idempotency-Key', schema: IdempotencyKey, description: 'A retried request with the same key returns the first ticket' }],
    success: { status: 201, description: '`number`, `status`, `accessToken` (the customer\'s secret for reading and replying), `dueAt`, `subject`, `topicId`, `priority`, `createdAt`' },
    errors: [400, 403, 409, 413, 415, 429],
  },
  'tickets-get': {
    summary: "The customer's view of a ticket and its public thread",
    tag: 'customer',
    security: 'customer',
    success: { status: 200, description: 'The ticket with its messages and responses (never internal notes)' },
    errors: [401, 404],
  },
  'tickets-messages-create': {
    summary: 'The customer replies; a resolved or closed ticket reopens, a pending one is open again',
    tag: 'customer',
    security: 'customer',
    body: CustomerMessageBody,
    success: { status: 201, description: "The customer's view of the ticket after the reply" },
    errors: [400, 401, 404, 409, 413, 415],
  },
  'inbound-email': {
    summary: "One raw e-mail from a mail service's inbound webhook: opens a ticket, appends to the sender's ticket, or is ignored (automated mail)",
    tag: 'integrations',
    security: 'functionKey',
    rawBody: { mediaType: 'message/rfc822', description: 'The whole e-mail as received (headers, blank line, body), at most 40 MB; its files are kept within the attachment limits, and the others named in the message' },
    success: { status: 202, description: '`{ ticket: { number } | null, action: "created" | "appended" | "ignored" | "rejected" (a banned sender) | "rate-limited" (over an intake limit), reason }`' },
    errors: [400, 401, 413, 415],
  },
  'tickets-attachment-get': {
    summary: "Download a file from the customer's ticket (on their messages and the agents' responses)",
    tag: 'customer',
    security: 'customer',
    success: { status: 200, description: 'The file, as a download (Content-Disposition: attachment) under its name', mediaType: 'application/octet-stream' },
    errors: [400, 401, 404],
  },
  'attachment-limits-get': {
    summary: 'The attachment limits this deployment enforces (ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT, ATTACHMENT_TYPES)',
    tag: 'customer',
    security: 'none',
    success: { status: 200, description: '`{ maxBytes, maxCount, allowedTypes }`' },
    errors: [],
  },
  'topics-list': {
    summary: 'The help topics a customer may choose',
    tag: 'customer',
    security: 'none',
    success: { status: 200, description: '`{ topics: [{ id, name }] }`' },
    errors: [],
  },
  'staff-me': {
    summary: 'The signed-in agent: role, departments and permissions',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: '`id`, `name`, `email`, `isAdmin`, `permissions`, `departments[]` with role and permissions' },
    errors: [401],
  },
  'staff-directory': {
    summary: 'Departments, SLA plans, topics, priorities, roles and agents, to turn names into ids',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: '`departments`, `slaPlans`, `topics`, `priorities`, `roles`, `agents`' },
    errors: [401],
  },
  'staff-tickets-list': {
    summary: 'A queue, newest activity first (overdue: earliest due first), paged; pending tickets are only in `pending` and `mine`',
    tag: 'staff',
    security: 'staff',
    query: QueueParams,
    success: { status: 200, description: '`{ queue, items: [ticket summary with department, assignee, SLA plan and topic names], nextCursor }`' },
    errors: [400, 401, 403],
  },
  'staff-sla-report': {
    summary: 'SLA figures per plan and department over a range of UTC days (at most 366), from the counters the event consumers keep; needs the stats.agents permission',
    tag: 'staff',
    security: 'staff',
    query: SlaReportParams,
    success: {
      status: 200,
      description:
        '`{ from, to, department, rows: [{ slaPlanId, slaPlanName, departmentId, departmentName, firstResponse, resolution }] }`; each target has `due` (met + breached in the range), `met`, `breached`, `reached` (times counted), `median` (`{ minutes, from, to }`: business minutes, read from the fixed-bucket histogram `minutes`, or null) and `minutes`',
    },
    errors: [400, 401, 403],
  },
  'staff-ticket-get': {
    summary: 'The whole ticket: thread with messages, responses, notes and events',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: 'The ticket with names beside ids, and `sla`: its schedule and, for `firstResponse` (null when the plan sets none) and `resolution`, `dueAt`, `doneAt`, `met` (true, false, or null while still open and not yet due) and `businessMinutesLeft` (in the schedule, negative once past due; null when done). The `ETag` header guards the next change' },
    errors: [401, 403, 404],
  },
  'staff-ticket-attachment-get': {
    summary: 'Download a file from any entry of a ticket the agent may see, internal notes included',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: 'The file, as a download (Content-Disposition: attachment) under its name', mediaType: 'application/octet-stream' },
    errors: [400, 401, 403, 404],
  },
  'staff-ticket-update': {
    summary: 'Change priority, SLA plan, department, assignee, due time or status in one write (`pending` stops the SLA clocks; it and back to open need ticket.reply, resolve, close and reopen ticket.close)',
    tag: 'staff',
    security: 'staff',
    body: TicketPatchBody,
    headers: [{ name: 'If-Match', schema: z.string(), description: 'The ETag of the ticket as last read; 412 when it changed since' }],
    success: { status: 200, description: 'The ticket after the change, with its new `ETag`' },
    errors: [400, 401, 403, 404, 409, 412, 415],
  },
  'staff-ticket-replies-create': {
    summary: 'A response to the customer, optionally changing the status in the same action (e.g. `pending`: waiting on the customer)',
    tag: 'staff',
    security: 'staff',
    body: StaffReplyBody,
    headers: [{ name: 'If-Match', schema: z.string(), description: 'The ETag of the ticket as last read' }],
    success: { status: 201, description: 'The ticket after the reply' },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
  },
  'staff-ticket-notes-create': {
    summary: 'An internal note, never shown to the customer',
    tag: 'staff',
    security: 'staff',
    body: NoteBody,
    headers: [{ name: 'If-Match', schema: z.string(), description: 'The ETag of the ticket as last read' }],
    success: { status: 201, description: 'The ticket after the note' },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
  },
  ...adminCrud(),
  'admin-settings-notifications-get': {
    summary: "Which of osTicket's alerts and notices are switched on (administrators only)",
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: 'The notification settings' },
    errors: [401, 403],
  },
  'admin-settings-notifications-update': {
    summary: 'Switch alerts and notices on or off (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: NotificationSettingsPatch,
    success: { status: 200, description: 'The notification settings after the change' },
    errors: [400, 401, 403, 409, 415],
  },
  'admin-settings-sla-get': {
    summary: 'The SLA settings: the schedule that counts where neither the department nor the plan names one, and the plan new tickets take where neither the topic nor the department names one (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: 'The SLA settings: `defaultScheduleId`, `defaultPlanId`' },
    errors: [401, 403],
  },
  'admin-settings-sla-update': {
    summary: 'Choose the default schedule (the open tickets it governs are recomputed in the background) or the default SLA plan (for tickets opened from then on); an unknown or disabled one is 400 (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: SlaSettingsPatch,
    success: { status: 200, description: 'The SLA settings after the change' },
    errors: [400, 401, 403, 409, 415],
  },
  'admin-audit-list': {
    summary: 'The audit trail of directory changes (administrators only)',
    tag: 'admin',
    security: 'staff',
    query: AuditParams,
    success: { status: 200, description: 'Audit entries, newest first, paged' },
    errors: [400, 401, 403],
  },
  'osticket-tickets-create': {
    summary: "Open a ticket with osTicket's API request (for existing osTicket clients); the body is read as JSON whatever Content-Type says",
    tag: 'integrations',
    security: 'none',
    body: OsTicketCreateBody,
    headers: [{ name: 'X-API-Key', schema: z.string(), description: 'A key from POST /api/admin/api-keys with the scope tickets:create, used from one of its allowed addresses (as the platform sees the caller, never X-Forwarded-For)', required: true }],
    success: { status: 201, description: 'The ticket number, as plain text; errors are plain text too (401 "API key not authorized"; 403 when the key lacks tickets:create, naming it)', mediaType: 'text/plain' },
    errors: [400, 401, 403, 409, 413],
  },
  'osticket-tickets-email': {
    summary: "Open a ticket, or reply to one, with a raw e-mail from osTicket's mail-piping scripts (automail.php/.pl); any Content-Type",
    tag: 'integrations',
    security: 'none',
    rawBody: { mediaType: 'message/rfc822', description: 'The whole e-mail as the MTA delivered it, at most 40 MB' },
    headers: [{ name: 'X-API-Key', schema: z.string(), description: 'A key from POST /api/admin/api-keys with the scope mail:pipe, used from one of its allowed addresses (as the platform sees the caller, never X-Forwarded-For)', required: true }],
    success: {
      status: 201,
      description: 'The ticket number as plain text; empty for automated mail (auto-replies, bounces), and for a banned sender\'s mail, which are dropped but still 201 so the MTA neither retries nor bounces them. `X-Helpdesk-Action`: created, appended, ignored, rejected or rate-limited. 403 in plain text when the key lacks mail:pipe, naming it',
      mediaType: 'text/plain',
    },
    errors: [400, 401, 403, 413],
  },
  'admin-api-keys-create': {
    summary: 'Issue an API key for the osTicket-compatible API; the key is in the answer, and only there (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: ApiKeyCreateBody,
    success: {
      status: 201,
      description:
        '`id`, `name`, `allowedIps`, `anyAddress` (true when `allowedIps` is empty: the key works from any address), `scopes`, `createdAt`, `createdBy`, `key` (shown this once), and `warnings`: what makes the key broader than it need be (any address; both scopes because none were given), empty when nothing does',
    },
    errors: [400, 401, 403, 415],
  },
  'admin-api-keys-list': {
    summary: 'Every API key, without the key itself (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`{ apiKeys: [{ id, name, allowedIps, anyAddress, scopes, createdAt, createdBy }] }`; `anyAddress: true` marks a key without allowed addresses, which works from any address; keys made before scopes existed have both' },
    errors: [401, 403],
  },
  'admin-api-key-delete': {
    summary: 'Revoke an API key: it stops working at once (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 204, description: 'Revoked' },
    errors: [401, 403, 404],
  },
  'auth-config': {
    summary: 'How clients sign in here: the mode, and in Entra mode the tenant, client id, authority, delegated scope and resource',
    tag: 'operations',
    security: 'none',
    success: {
      status: 200,
      description:
        '`{ mode: "development" }`, or `{ mode: "entra", tenantId, clientId, authority, scope: "api://<id>/access_as_user", resource: "api://<id>" }`, or `{ mode: "unconfigured", message }`',
    },
    errors: [],
  },
  'auth-dev-sign-in': {
    summary: 'Local development only (AUTH_MODE=development; never registered in Azure): GET lists the active agents, POST `{ email }` signs a development token for one of them',
    tag: 'operations',
    security: 'none',
    success: { status: 200, description: 'GET: `{ agents: [{ email, name, isAdmin }] }`; POST: `{ token, expiresOn, email, name }`' },
    errors: [400, 404, 415],
  },
  'admin-sla-recomputes-list': {
    summary: 'The background recomputes of open tickets\' SLA targets that a schedule, plan or department change started, newest first',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`{ recomputes: [{ id, name, scope, status: queued|running|done, scanned, changed, createdAt, updatedAt, finishedAt }] }`' },
    errors: [401, 403],
  },
  'admin-sla-recompute-get': {
    summary: 'One background recompute and its progress',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`id`, `name`, `scope`, `status`, `scanned`, `changed`, `createdAt`, `updatedAt`, `finishedAt`' },
    errors: [401, 403, 404],
  },
  health: {
    summary: 'Liveness: 200 when the store answers',
    tag: 'operations',
    security: 'none',
    success: { status: 200, description: '`{ status: "ok" }`' },
    errors: [503],
  },
  'openapi-get': {
    summary: 'This document',
    tag: 'operations',
    security: 'none',
    success: { status: 200, description: 'The OpenAPI 3.1 document of every route' },
    errors: [],
  },
  'web-portal': {
    summary: 'The customer portal: open a ticket, follow it with the access link',
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
    errors: [],
  },
  'web-console': {
    summary: 'The agent console: queues, tickets, replies, notes',
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
    errors: [],
  },
  'web-assets': {
    summary: "The web pages' scripts and style sheet",
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'A script or style sheet (304 when the ETag still matches)', mediaType: 'application/octet-stream' },
    errors: [404],
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid; `details` say which field and why',
  401: 'No valid bearer token',
  403: 'Not allowed for this agent',
  404: 'Not found',
  409: 'Conflicts with the current state (a closed ticket, an invalid transition, a reused idempotency key)',
  412: 'The ticket changed since the given ETag',
  413: 'The body is too large',
  415: 'The body has the wrong media type (JSON for most routes; message/rfc822 for inbound e-mail)',
  503: 'A dependency is unavailable; retry after the given time',
};

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType): JsonSchema {
  // `input`: a request is described as the client sends it (defaults optional, strings before trim).
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function operation(declaration: HttpFunctionDeclaration, doc: RouteDoc, method: string): JsonSchema {
  const parameters: JsonSchema[] = [];
  for (const name of requiredParameters(parseRouteTemplate(hostRoute(declaration.route), declaration.name))) {
    const schema = name === 'number' ? schemaOf(TicketNumber) : name === 'attachmentId' ? schemaOf(AttachmentId) : { type: 'string' };
    parameters.push({ name, in: 'path', required: true, schema });
  }
  if (doc.query) {
    const q = schemaOf(doc.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
    }
  }
  for (const h of doc.headers ?? []) {
    parameters.push({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: schemaOf(h.schema) });
  }
  const responses: Record<string, JsonSchema> = {
    [String(doc.success.status)]: {
      description: doc.success.description,
      ...(doc.success.status === 204 ? {} : { content: { [doc.success.mediaType ?? 'application/json']: doc.success.mediaType ? { schema: { type: 'string' } } : {} } }),
    },
  };
  for (const status of doc.errors) {
    responses[String(status)] = { description: STATUS_TEXT[status] ?? 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  const security =
    doc.security === 'staff' ? [{ staffBearer: [] }] : doc.security === 'customer' ? [{ customerAccessToken: [] }] : doc.security === 'functionKey' ? [{ functionKey: [] }] : [];
  return {
    operationId: declaration.name,
    summary: doc.summary,
    tags: [doc.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(doc.body) } } } } : {}),
    ...(doc.rawBody ? { requestBody: { required: true, description: doc.rawBody.description, content: { [doc.rawBody.mediaType]: { schema: { type: 'string' } } } } } : {}),
    responses,
    security,
  };
}

/** The functions that have no entry in ROUTE_DOCS: the test holds this empty. */
export function undocumented(declarations: readonly HttpFunctionDeclaration[]): string[] {
  return declarations.filter((d) => !ROUTE_DOCS[d.name]).map((d) => d.name);
}

export function openApiDocument(declarations: readonly HttpFunctionDeclaration[], serverUrl = '/'): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const declaration of declarations) {
    // A function without an entry is still listed, so the document never hides a route.
    const doc: RouteDoc = ROUTE_DOCS[declaration.name] ?? {
      summary: `${declaration.name} (not yet described)`,
      tag: 'operations',
      security: 'none',
      success: { status: 200, description: 'Not yet described' },
      errors: [],
    };
    const path = openApiPath(parseRouteTemplate(hostRoute(declaration.route), declaration.name));
    for (const method of declaration.methods) {
      (paths[path] ??= {})[method.toLowerCase()] = operation(declaration, doc, method);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Help desk API',
      version: '0.1.0',
      description: 'A help desk in the spirit of osTicket on Azure Functions. Errors are `{"error": {"code", "message", "details"}}`.',
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'customer', description: 'No account needed; a ticket is opened with its access token' },
      { name: 'staff', description: 'Agents, with a bearer token (Entra ID in Azure, a development token locally)' },
      { name: 'admin', description: 'Agents with the admin flag' },
      { name: 'operations', description: 'Health and this document' },
      { name: 'web', description: 'The web pages served by the same function app' },
      { name: 'integrations', description: 'Mail services and other programs, with a key of their own' },
    ],
    paths,
    components: {
      securitySchemes: {
        staffBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An Entra ID access token for the API, or locally a development token' },
        customerAccessToken: { type: 'http', scheme: 'bearer', description: "The ticket's access token, returned once when it was opened" },
        functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key', description: "The function's key (locally INBOUND_EMAIL_KEY from local settings)" },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: { type: 'string', description: 'A stable code such as validation_failed, not_found, precondition_failed' },
                message: { type: 'string' },
                details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
  };
}
