/** Signing in and out, the signed-in user, their preferences and password, the permission table. */
import { Type, type Static } from 'typebox';
import { UserSchema } from './users.js';

/** `POST /api/auth/login`. */
export const LoginBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBodySchema>;

/** A bearer token and who it is for. */
export const LoginResultSchema = Type.Object({
  token: Type.String(),
  user: Type.Object({ username: Type.String(), unitCode: Type.String(), roles: Type.Array(Type.String()) }),
});
export type LoginResult = Static<typeof LoginResultSchema>;

/** A user's own preferences (the workspace language …), kept for every browser they use. */
export const PreferencesSchema = Type.Object({ locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) }, { additionalProperties: false });
export type Preferences = Static<typeof PreferencesSchema>;

/** `GET /api/auth/me`: the signed-in user, the permissions their roles give, their preferences. */
export const MeSchema = Type.Object({ ...UserSchema.properties, permissions: Type.Array(Type.String()), preferences: PreferencesSchema });
export type Me = Static<typeof MeSchema>;

/** `POST /api/auth/password`: one's own password, proving the current one. */
export const ChangePasswordBodySchema = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBodySchema>;

/** `GET /api/permissions`: the roles and, for each permission, the roles that hold it. */
export const PermissionTableSchema = Type.Object({ roles: Type.Array(Type.String()), permissions: Type.Record(Type.String(), Type.Array(Type.String())) });
export type PermissionTable = Static<typeof PermissionTableSchema>;
