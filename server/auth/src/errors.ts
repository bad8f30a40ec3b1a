// Error codes of the auth service (accounts, credentials, tokens, OAuth, API keys, audit).
// Every code is documented in docs/errors.md through the shared registry.
import { defineErrors } from '@kestrel/server-common';

/** Error codes the auth service raises. */
export const AuthErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: { status: 401, description: 'Email or password is wrong (deliberately not saying which).' },
  AUTH_ACCOUNT_LOCKED: {
    status: 423,
    description: 'Too many failed logins for this account in the last hour; `details.retryAfterSeconds` says when it unlocks (or an admin unlocks it).',
  },
  AUTH_ACCOUNT_DISABLED: { status: 403, description: 'The account is disabled by an administrator.' },
  AUTH_TOO_MANY_ATTEMPTS: { status: 429, description: 'Too many authentication attempts from this address; retry after `Retry-After` seconds.' },
  AUTH_REGISTRATION_CLOSED: { status: 403, description: 'Open sign-up is off (KESTREL_AUTH_OPEN_REGISTRATION); an administrator creates accounts.' },
  AUTH_EMAIL_TAKEN: { status: 409, description: 'An account with this email already exists.' },
  AUTH_PASSWORD_TOO_SHORT: { status: 422, description: 'Passwords need at least 8 characters.' },
  AUTH_PASSWORD_TOO_LONG: { status: 422, description: 'Passwords may have at most 128 characters.' },
  AUTH_PASSWORD_COMMON: { status: 422, description: 'The password is on the list of most common passwords (or is the account email); choose another.' },
  AUTH_UNAUTHENTICATED: { status: 401, description: 'The request needs a valid access token or API key.' },
  AUTH_TOKEN_INVALID: { status: 401, description: 'The token is malformed, expired, revoked, or not valid for this use.' },
  AUTH_REFRESH_REUSED: {
    status: 401,
    description: 'A refresh token was used twice; the whole session was revoked as a precaution. Log in again.',
  },
  AUTH_FORBIDDEN: { status: 403, description: 'The caller is authenticated but its role or scopes do not allow this action.' },
  AUTH_2FA_REQUIRED: { status: 403, description: 'The caller\'s role requires two-factor authentication; enrol with POST /v1/auth/2fa/enroll first.' },
  AUTH_2FA_INVALID_CODE: { status: 401, description: 'The TOTP or recovery code is wrong, expired, or already used.' },
  AUTH_2FA_NOT_ENROLLED: { status: 409, description: 'Two-factor authentication is not being enrolled or is not enabled for this account.' },
  AUTH_2FA_ALREADY_ENABLED: { status: 409, description: 'Two-factor authentication is already enabled; disable it first to re-enrol.' },
  AUTH_USER_NOT_FOUND: { status: 404, description: 'No user with this id.' },
  AUTH_SESSION_NOT_FOUND: { status: 404, description: 'No session with this id belongs to the caller.' },
  AUTH_API_KEY_NOT_FOUND: { status: 404, description: 'No API key with this id belongs to the caller.' },
  AUTH_API_KEY_SCOPE: { status: 403, description: 'Requested API key scopes exceed what the caller\'s role may grant.' },
  AUTH_LAST_ADMIN: { status: 409, description: 'The change would leave no active administrator.' },
  AUTH_OAUTH_INVALID_REQUEST: { status: 400, description: 'The OAuth request is missing a parameter or has an invalid one (RFC 6749 invalid_request).' },
  AUTH_OAUTH_INVALID_CLIENT: { status: 401, description: 'Unknown OAuth client or wrong client secret (RFC 6749 invalid_client).' },
  AUTH_OAUTH_INVALID_GRANT: {
    status: 400,
    description: 'The authorization code or PKCE verifier is invalid, expired, used, or issued to another client or redirect URI (invalid_grant).',
  },
  AUTH_OAUTH_UNSUPPORTED_GRANT: { status: 400, description: 'The grant_type is not supported for this client (unsupported_grant_type).' },
  AUTH_OAUTH_INVALID_REDIRECT: { status: 400, description: 'The redirect_uri is not registered for the client.' },
  AUTH_OAUTH_CLIENT_INVALID: { status: 422, description: 'The client registration is inconsistent (e.g. an authorization_code client without redirect URIs).' },
  AUTH_OAUTH_CLIENT_NOT_FOUND: { status: 404, description: 'No OAuth client with this id.' },
});
