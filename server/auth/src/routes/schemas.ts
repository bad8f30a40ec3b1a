// TypeBox schemas shared by the auth routes (request bodies, params and responses). Every object
// is closed (`additionalProperties: false`), so unknown fields are refused, not silently dropped.
import { Type, type TSchema } from '@sinclair/typebox';

/** A closed object schema. */
export const Obj = <T extends Record<string, TSchema>>(properties: T, options: { description?: string } = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Obj({ id: Uuid });
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** A password being checked (login, current password): any stored password must stay usable. */
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
/** A password being set: 8-128 characters (the policy also refuses the most common ones, 422). */
export const NewPassword = Type.String({ minLength: 8, maxLength: 128, description: '8-128 characters; the most common passwords are refused (AUTH_PASSWORD_COMMON).' });
export const Role = Type.Union([Type.Literal('admin'), Type.Literal('risk'), Type.Literal('trader'), Type.Literal('viewer')]);
export const GrantScope = Type.Union([Type.Literal('read'), Type.Literal('trade'), Type.Literal('admin')]);
/**
 * An ISO-8601 instant with an explicit offset, in the form every Kestrel service accepts (shared
 * TimestampSchema, restated here because auth does not depend on shared): years 0001-9999, no leap
 * second, offset at most ±15:59. Each of those is something PostgreSQL refuses to parse (year 0,
 * larger offsets) or JavaScript cannot hold (23:59:60), so a filter such as the audit log's `from`
 * can be handed to SQL as it is.
 */
export const Timestamp = Type.String({
  format: 'date-time',
  pattern:
    '^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9])$',
});
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const TokenPair = Obj({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires.' }),
  mustChangePassword: Type.Optional(Type.Boolean()),
});

export const User = Obj({
  id: Uuid,
  email: Type.String(),
  role: Role,
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  twoFactorEnabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  createdAt: Timestamp,
});

export const Session = Obj({
  id: Uuid,
  userId: Uuid,
  clientId: Nullable(Type.String()),
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  expiresAt: Timestamp,
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
});

export const ApiKey = Obj({
  id: Type.String(),
  userId: Uuid,
  name: Type.String(),
  scopes: Type.Array(GrantScope),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});

export const ApiKeyIdParams = Obj({ id: Type.String({ pattern: '^[a-z2-7]{12}$' }) });

export const Empty = Type.Null({ description: 'No content.' });
