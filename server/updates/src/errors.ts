// Error codes of the updates service; documented in docs/errors.md through the shared registry.
import { defineErrors } from '@kestrel/server-common';

/** Error codes the update feed raises. */
export const UpdatesErrors = defineErrors({
  UPDATES_NOT_FOUND: { status: 404, description: 'No such channel, or the channel has no file with this name.' },
  UPDATES_INVALID_FILE_NAME: {
    status: 400,
    description: 'The file name is not one the feed serves: one path segment of letters, digits, spaces and `._+()-`, not starting with a dot.',
  },
  UPDATES_RANGE_NOT_SATISFIABLE: {
    status: 416,
    description: 'Every requested byte range starts at or beyond the end of the file; `Content-Range: bytes */<size>` gives the size.',
  },
});
