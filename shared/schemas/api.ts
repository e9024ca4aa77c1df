// The HTTP API's request schemas: they validate at the edge, and the TypeScript types (and the
// OpenAPI document) are derived from them. Unknown fields are refused, not ignored.
import { z } from 'zod';
import { DEPARTMENT_PERMISSIONS, PRIORITIES, QUEUES, STATUSES } from '../domain/model';
import { MULTI_LINE, line, text } from './text';

export const MAX_MESSAGE_CHARS = 100_000;
export const MAX_SUBJECT_CHARS = 255;

const id = z.string().trim().min(1).max(64);
const message = text(MAX_MESSAGE_CHARS, 'message').regex(MULTI_LINE, { error: 'message must not contain control characters other than tabs and line breaks' });

/** The customer's own fields, the same for every way a ticket comes in. */
export const customerFields = {
  name: line(128, 'name'),
  email: z.email({ error: 'email must be a valid e-mail address' }).max(254),
  phone: z
    .string()
    .trim()
    .max(32)
    .regex(/^[+()0-9 .\-xX]*$/, { error: 'phone may hold digits, spaces and + ( ) . - x' })
    .optional(),
};

/** Whatever the configured limit, never more files than this on one request (a schema bound). */
export const MAX_FILES_PER_REQUEST = 20;

/**
 * One file, Zammad-style: its name, an optional media type (taken from the name's extension when
 * missing or generic) and the bytes in base64 (line breaks allowed, as `base64` prints them).
 */
export const AttachmentUpload = z.strictObject({
  filename: z.string().trim().min(1, { error: 'filename must not be empty' }).max(255),
  contentType: z.string().trim().max(255).regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, { error: 'contentType must be a media type such as image/png' }).optional(),
  data: z
    .string()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.base64({ error: 'data must be the file in base64' })),
});
export type AttachmentUpload = z.infer<typeof AttachmentUpload>;

const attachments = z.array(AttachmentUpload).max(MAX_FILES_PER_REQUEST, { error: `at most ${MAX_FILES_PER_REQUEST} files per request` }).optional();

export const CreateTicketBody = z.strictObject({
  ...customerFields,
  topicId: id,
  subject: line(MAX_SUBJECT_CHARS, 'subject'),
  message,
  priority: z.enum(PRIORITIES).optional(),
  attachments,
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

export const CustomerMessageBody = z.strictObject({ message, attachments });

export const TicketPatchBody = z
  .strictObject({
    priority: z.enum(PRIORITIES).optional(),
    slaPlanId: id.optional(),
    departmentId: id.optional(),
    assigneeId: id.nullable().optional(),
    dueAt: z.iso.datetime({ offset: true, error: 'dueAt must be an ISO 8601 date-time such as 2026-12-01T09:00:00Z' }).nullable().optional(),
    status: z.enum(STATUSES).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: 'send at least one of priority, slaPlanId, departmentId, assigneeId, dueAt, status' });
export type TicketPatchBody = z.infer<typeof TicketPatchBody>;

export const StaffReplyBody = z.strictObject({ message, status: z.enum(STATUSES).optional(), attachments });
export const NoteBody = z.strictObject({ message, attachments });

export const QueueParams = z.strictObject({
  queue: z.enum(QUEUES).default('open'),
  department: id.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(8192).optional(),
});
export type QueueParams = z.infer<typeof QueueParams>;

export const TicketNumber = z.string().regex(/^\d{6,9}$/, { error: 'a ticket number is 6 to 9 digits' });

export const AttachmentId = z.uuid({ error: 'an attachment id is a UUID, as the ticket lists it' });

export const IdempotencyKey = z
  .string()
  .min(1)
  .max(255, { error: 'Idempotency-Key must be at most 255 characters' })
  .regex(/^[\x21-\x7e]+$/, { error: 'Idempotency-Key must be printable ASCII without spaces' });

// The admin API's schemas live in ./admin; this one stays importable from here.
export { AgentPatchBody } from './admin';

export const PermissionName = z.enum(DEPARTMENT_PERMISSIONS);
