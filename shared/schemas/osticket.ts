// The osTicket-compatible API's request schemas. Unlike our own API, unknown fields are ignored:
// osTicket lets installations add custom form fields to the request, and clients written for such
// installations must keep working here.
import { z } from 'zod';
import { MAX_SUBJECT_CHARS, customerFields } from './api';
import { API_KEY_SCOPES } from '../domain/api-keys';
import { MAX_OSTICKET_MESSAGE_CHARS } from '../domain/osticket';
import { line } from './text';

const flag = z.union([z.boolean(), z.number(), z.string().max(8)]).optional();
const idOrNumber = z.union([z.number().int().nonnegative(), z.string().trim().max(64)]).optional();

export const OsTicketCreateBody = z.looseObject({
  ...customerFields,
  subject: line(MAX_SUBJECT_CHARS, 'subject'),
  // Checked again as text after decoding; a data URL of 100,000 characters encodes less.
  message: z.string({ error: 'message must be a string' }).min(1, { error: 'message must not be empty' }).max(MAX_OSTICKET_MESSAGE_CHARS),
  topicId: idOrNumber,
  priority: idOrNumber,
  ip: z.string().trim().max(64).optional(),
  alert: flag,
  autorespond: flag,
  source: z.string().trim().max(32).optional(),
  // osTicket's file-name-to-data-URL objects, taken apart in domain/osticket.ts.
  attachments: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
});
export type OsTicketCreateBody = z.infer<typeof OsTicketCreateBody>;

export const ApiKeyCreateBody = z.strictObject({
  name: line(128, 'name'),
  allowedIps: z
    .array(z.union([z.ipv4(), z.ipv6()], { error: 'each allowed address must be an IPv4 or IPv6 address' }))
    .max(50)
    .default([])
    .describe('Client addresses the key works from, as the platform sees them (the client-ip header), never X-Forwarded-For; empty or absent: any address, and the 201 warns'),
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { error: `each scope must be one of ${API_KEY_SCOPES.join(', ')}` }))
    .min(1, { error: 'scopes must name at least one scope; leave it out for both' })
    .optional()
    .describe('What the key may do: tickets:create (POST /api/tickets.json), mail:pipe (POST /api/tickets.email). Absent: both, and the 201 warns'),
});
export type ApiKeyCreateBody = z.infer<typeof ApiKeyCreateBody>;
