// The request schemas the routes' docs name (shared/http/route-doc.ts), for the OpenAPI document:
// a function file names its schema rather than importing it, so that registering a route loads no
// zod; the document looks the name up here when it is built (issue 21). The handlers validate with
// these very schemas.
import { z } from 'zod';

export {
  CreateTicketBody,
  CustomerMessageBody,
  IdempotencyKey,
  NoteBody,
  QueueParams,
  StaffReplyBody,
  TicketPatchBody,
} from './api';
export {
  AgentCreateBody,
  AgentPatchBody,
  AuditParams,
  BanCreateBody,
  BanPatchBody,
  DepartmentCreateBody,
  DepartmentPatchBody,
  MailboxCreateBody,
  MailboxPatchBody,
  NotificationSettingsPatch,
  RoleCreateBody,
  RolePatchBody,
  ScheduleCreateBody,
  SchedulePatchBody,
  SlaPlanCreateBody,
  SlaPlanPatchBody,
  SlaSettingsPatch,
  TopicCreateBody,
  TopicPatchBody,
} from './admin';
export { ApiKeyCreateBody, OsTicketCreateBody } from './osticket';
export { GraphNotificationBody, GraphValidationQuery } from './graph';
export { SlaReportParams } from './sla-report';

/** A request header's value as the document shows it: any text (If-Match, X-API-Key). */
export const HeaderText = z.string();
