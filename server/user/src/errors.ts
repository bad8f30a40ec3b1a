// Error codes of the user service; documented in docs/errors.md through the shared registry.
import { defineErrors } from '@kestrel/server-common';

/** Error codes the user service raises. */
export const UserErrors = defineErrors({
  USER_UNAUTHENTICATED: { status: 401, description: 'The request needs a valid access token or API key.' },
  USER_FORBIDDEN: { status: 403, description: 'The caller\'s role or scopes do not allow this action.' },
  USER_PROFILE_INVALID: { status: 422, description: 'The locale is not a valid BCP 47 language tag.' },
  USER_WORKSPACE_NOT_FOUND: { status: 404, description: 'No workspace with this id belongs to the caller.' },
  USER_WORKSPACE_NAME_TAKEN: { status: 409, description: 'The caller already has a workspace with this name.' },
  USER_WORKSPACE_LIMIT: { status: 409, description: 'The caller has the maximum number of saved workspaces (200); delete one first.' },
  USER_DOCUMENT_TOO_LARGE: { status: 413, description: 'The preferences or layout document is larger than 256 KiB when serialised.' },
});
