// The auth service's configuration section (`auth` in the config file, KESTREL_AUTH_* in the
// environment). docs/configuration.md and docs/security.md describe each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `auth` config section. */
export const AuthConfigSchema = Type.Object(
  {
    issuer: Type.String({ minLength: 1, default: 'kestrel', description: 'JWT `iss` of access tokens; the gateway must expect the same value.' }),
    audience: Type.String({ minLength: 1, default: 'kestrel-api', description: 'JWT `aud` of access tokens; the gateway must expect the same value.' }),
    accessTokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 3600, default: 900, description: 'Lifetime of access tokens, in seconds.' }),
    refreshTokenTtlDays: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'Lifetime of a login session (refresh-token family), in days.' }),
    openRegistration: Type.Boolean({ default: false, description: 'Allow anyone to sign up with POST /v1/auth/register (as viewer). Off: admins create accounts.' }),
    keyEncryptionKey: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9+/_-]{43}=?$',
        description: 'Base64 of 32 random bytes; encrypts JWT signing keys at rest (AES-256-GCM). Absent: keys are stored unencrypted, with a warning.',
      }),
    ),
    signingKeyRotationDays: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'Age after which a new signing key is generated; older keys stay in the JWKS for one more period.' }),
    maxFailedLoginsPerHour: Type.Integer({ minimum: 1, maximum: 10000, default: 100, description: 'Failed logins per account within an hour after which the account locks until the hour ends.' }),
    loginAttemptsPerIp: Type.Integer({ minimum: 1, maximum: 100000, default: 300, description: 'Login, 2FA and token attempts allowed per client IP per window.' }),
    loginIpWindowSeconds: Type.Integer({ minimum: 1, maximum: 86400, default: 900, description: 'Window of the per-IP attempt limit, in seconds.' }),
    totpIssuer: Type.String({ minLength: 1, default: 'Kestrel', description: 'Issuer name shown by authenticator apps.' }),
    bootstrapAdminEmail: Type.Optional(
      Type.String({ format: 'email', description: 'On start, if no admin exists, create this admin with a one-time password printed to the log.' }),
    ),
  },
  { additionalProperties: false },
);

/** The validated `auth` section. */
export type AuthConfig = Static<typeof AuthConfigSchema>;
