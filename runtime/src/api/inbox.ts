/** The inbox: records awaiting the caller, and the notifications addressed to them. */
import { Type, type Static } from 'typebox';
import { BilingualTextSchema, SAFE_BIGINT_MAX } from './common.js';

/** `GET /api/inbox?limit=`. */
export const InboxQuerySchema = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, { additionalProperties: false });
export type InboxQuery = Static<typeof InboxQuerySchema>;

/** A record held by the caller's unit that waits for one of the caller's roles. */
export const InboxTaskSchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  moduleTitle: BilingualTextSchema,
  title: Type.String({ description: "The record's title (its module's list.title: e.g. the cadre and the problem, or the report, period and unit)" }),
  state: Type.String(),
  stateTitle: BilingualTextSchema,
  unitCode: Type.String(),
  assignedRole: Type.Union([Type.String(), Type.Null()]),
  deadlineAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  updatedAt: Type.String(),
});
export type InboxTask = Static<typeof InboxTaskSchema>;

/** A notification addressed to the caller's unit (and roles), read or not by the caller. */
export const NotificationSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  recordId: Type.Union([Type.String(), Type.Null()]),
  moduleKey: Type.Union([Type.String(), Type.Null()]),
  message: BilingualTextSchema,
  createdAt: Type.String(),
  read: Type.Boolean(),
});
export type NotificationView = Static<typeof NotificationSchema>;

/** `GET /api/inbox`: tasks (overdue first) and notifications (unread first). */
export const InboxSchema = Type.Object({
  tasks: Type.Array(InboxTaskSchema),
  notifications: Type.Array(NotificationSchema),
  unread: Type.Integer(),
});
export type Inbox = Static<typeof InboxSchema>;

/** `{ id }` of a notification. */
export const NotificationParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1, maximum: SAFE_BIGINT_MAX }) });
export type NotificationParams = Static<typeof NotificationParamsSchema>;
