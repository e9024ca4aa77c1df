// The OpenAPI 3.1 document of the HTTP API, built from the declared functions and the `doc` each
// one has beside its route (so a route cannot exist without appearing here, nor without its
// description), and from the zod schemas that validate requests (so the document cannot drift
// from what the functions accept; a route's doc names them, shared/schemas/route-schemas.ts holds
// them). zod 4's own `z.toJSONSchema` writes JSON Schema
// 2020-12, which is the dialect OpenAPI 3.1 uses, so no third-party generator is needed.
import { z } from 'zod';
import { hostRoute, type HttpFunctionDeclaration } from '../host/functions';
import { openApiPath, parseRouteTemplate, requiredParameters } from './route-template';
import { AttachmentId, TicketNumber } from '../schemas/api';
import * as ROUTE_SCHEMAS from '../schemas/route-schemas';
import type { RouteDoc, SchemaName } from './route-doc';

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

function schemaOf(schema: z.ZodType | SchemaName): JsonSchema {
  if (typeof schema === 'string') schema = ROUTE_SCHEMAS[schema];
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

export function openApiDocument(declarations: readonly HttpFunctionDeclaration[], serverUrl = '/'): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const declaration of declarations) {
    const path = openApiPath(parseRouteTemplate(hostRoute(declaration.route), declaration.name));
    for (const method of declaration.methods) {
      (paths[path] ??= {})[method.toLowerCase()] = operation(declaration, declaration.doc, method);
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
