// Error codes the gateway raises; documented in docs/errors.md through the shared registry.
import { defineErrors } from '@kestrel/server-common';

/** Error codes of the gateway. */
export const GatewayErrors = defineErrors({
  GATEWAY_UNAUTHENTICATED: { status: 401, description: 'The route needs `Authorization: Bearer <access token or API key>` (or `X-API-Key`).' },
  GATEWAY_CREDENTIALS_INVALID: { status: 401, description: 'The access token or API key is invalid, expired or revoked.' },
  GATEWAY_FORBIDDEN: { status: 403, description: 'The caller\'s role or credential scopes do not include the permission this route requires.' },
  GATEWAY_METHOD_NOT_ALLOWED: { status: 405, description: 'The path exists but not with this HTTP method; the `Allow` header lists the methods it has.' },
  GATEWAY_RATE_LIMITED: { status: 429, description: 'Too many requests for this user, API key or address; retry after `Retry-After` seconds.' },
  GATEWAY_UPSTREAM_UNAVAILABLE: { status: 503, description: 'The service behind this route (or the auth service) did not answer; retry later.' },
});
