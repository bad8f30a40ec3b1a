// Codes the shared HTTP plumbing itself produces, independent of any service.
import { defineErrors } from './kestrel-error.js';

/** Error codes raised by the common HTTP layer. */
export const CommonErrors = defineErrors({
  REQUEST_INVALID: { status: 400, description: 'The request does not match the route schema; `details` lists each problem.' },
  REQUEST_MALFORMED: { status: 400, description: 'The request body could not be parsed (for example invalid JSON).' },
  REQUEST_TOO_LARGE: { status: 413, description: 'The request body is larger than KESTREL_HTTP_BODY_LIMIT_BYTES.' },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The Content-Type of the request body is not accepted by the route.' },
  REQUEST_REJECTED: { status: 400, description: 'The HTTP layer rejected the request for another client-side reason; the status tells which.' },
  ROUTE_NOT_FOUND: { status: 404, description: 'No route matches the method and path.' },
  SERVICE_UNAVAILABLE: { status: 503, description: 'The server is shutting down or a dependency is unavailable; retry later.' },
  INTERNAL_ERROR: { status: 500, description: 'An unexpected server error; the log has details under the same request id.' },
});
