/** Users: onboarding (filed for approval), listing, decisions, roles and passwords. */
import { Type, type Static } from 'typebox';
import type { Role } from '../../../engine/src/index.js';
import { LiteralUnion, StringEnum, UnitCodeSchema } from './common.js';

/** Every role, in the order the API lists them. */
export const ROLES = ['admin', 'designer', 'officer', 'leader', 'auditor', 'exporter'] as const satisfies readonly Role[];

/** Where a user stands: filed users are `pending` until a unit above decides. */
export const USER_STATUSES = ['active', 'pending', 'disabled', 'rejected'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A role in a request. */
export const RoleSchema = LiteralUnion(ROLES);
/** A user status in a request (a filter). */
export const UserStatusSchema = LiteralUnion(USER_STATUSES);
/** A username: letters, digits and `_ . @ -`, 2 to 64 characters. */
export const UsernameSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$' });

/** A user as the API shows it (never the password hash). */
export const UserSchema = Type.Object({
  username: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  unitCode: Type.String(),
  unitName: Type.String(),
  unitLevel: Type.Integer(),
  roles: Type.Array(Type.String()),
  status: StringEnum(USER_STATUSES),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  statusChangedBy: Type.Union([Type.String(), Type.Null()]),
  statusChangedAt: Type.Union([Type.String(), Type.Null()]),
  statusReason: Type.Union([Type.String(), Type.Null()]),
});
export type UserView = Static<typeof UserSchema>;

/** `POST /api/users`. */
export const CreateUserBodySchema = Type.Object(
  {
    username: UsernameSchema,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    unitCode: Type.String({ minLength: 1, maxLength: 64 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 6 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBodySchema>;

/** The answer of `POST /api/users`: active at once, or pending until a unit above approves. */
export const CreatedUserSchema = Type.Object({ username: Type.String(), status: StringEnum(USER_STATUSES) });
export type CreatedUser = Static<typeof CreatedUserSchema>;

/** `GET /api/users` filters and page. */
export const ListUsersQuerySchema = Type.Object(
  {
    unit: Type.Optional(UnitCodeSchema),
    status: Type.Optional(UserStatusSchema),
    role: Type.Optional(RoleSchema),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    cursor: Type.Optional(UsernameSchema),
  },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuerySchema>;

/** A page of users; `nextCursor` is the username to continue after, null at the end. */
export const UserListSchema = Type.Object({ items: Type.Array(UserSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type UserList = Static<typeof UserListSchema>;

/** `{ username }` of a user. */
export const UserParamsSchema = Type.Object({ username: UsernameSchema });
export type UserParams = Static<typeof UserParamsSchema>;

/** The optional reason of a decision (reject, disable). */
export const ReasonBodySchema = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type ReasonBody = Static<typeof ReasonBodySchema>;

/** `PUT /api/users/:username/roles`: the user's roles from now on. */
export const SetRolesBodySchema = Type.Object({ roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 6 }) }, { additionalProperties: false });
export type SetRolesBody = Static<typeof SetRolesBodySchema>;

/** `POST /api/users/:username/password`: a new password, set by an administrator. */
export const SetPasswordBodySchema = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
export type SetPasswordBody = Static<typeof SetPasswordBodySchema>;

/** What a filed change asks: a password reset or new roles. */
export const USER_CHANGE_KINDS = ['password', 'roles'] as const;
export const USER_CHANGE_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type UserChangeStatus = (typeof USER_CHANGE_STATUSES)[number];

/**
 * A change of a user's access filed by an administrator of the user's own unit (报备): it waits
 * for an administrator of a unit above, who approves (it is applied then) or rejects it.
 */
export const UserChangeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  kind: StringEnum(USER_CHANGE_KINDS),
  roles: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'The roles asked for (kind roles); the current ones are on the user' }),
  currentRoles: Type.Array(Type.String()),
  status: StringEnum(USER_CHANGE_STATUSES),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type UserChangeView = Static<typeof UserChangeSchema>;

/** `GET /api/user-changes`: the filed changes of users in the caller's subtree. */
export const ListUserChangesQuerySchema = Type.Object(
  { status: Type.Optional(LiteralUnion(USER_CHANGE_STATUSES)), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
  { additionalProperties: false },
);
export type ListUserChangesQuery = Static<typeof ListUserChangesQuerySchema>;
export const UserChangeListSchema = Type.Object({ items: Type.Array(UserChangeSchema) });
export type UserChangeList = Static<typeof UserChangeListSchema>;

export const UserChangeParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export type UserChangeParams = Static<typeof UserChangeParamsSchema>;
