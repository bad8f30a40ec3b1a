// Error codes of object storage. Both backends raise the same codes for the same situations, so
// callers never branch on the backend.
import { KestrelError, defineErrors } from '../errors/kestrel-error.js';

/** Error codes raised by object storage. */
export const StorageErrors = defineErrors({
  STORAGE_INVALID_KEY: {
    status: 400,
    description: 'An object key or prefix is empty, too long, not UTF-8, has control characters, a backslash, an empty, `.` or `..` segment, or a leading/trailing `/`.',
  },
  STORAGE_INVALID_METADATA: {
    status: 400,
    description: 'Object metadata or content type is invalid: metadata keys are lower-case letters, digits and `-`; values printable ASCII; 2 KiB in total.',
  },
  STORAGE_INVALID_RANGE: { status: 416, description: 'The requested byte range is malformed or starts at or beyond the end of the object.' },
  STORAGE_INVALID_CURSOR: { status: 400, description: 'A list cursor was not produced by this storage for this prefix.' },
  STORAGE_NOT_FOUND: { status: 404, description: 'No object has this key.' },
  STORAGE_INVALID_OPTIONS: { status: 500, description: 'Object storage was configured with invalid options; the message names the option.' },
  STORAGE_UNAVAILABLE: { status: 503, description: 'The storage backend failed (I/O error, S3 endpoint unreachable or refusing); the cause has details.' },
});

/** Codes of StorageErrors. */
export type StorageErrorCode = keyof typeof StorageErrors;

/** Builds the KestrelError for a storage code. */
export function storageError(code: StorageErrorCode, message: string, cause?: unknown): KestrelError {
  return new KestrelError(StorageErrors[code], message, cause === undefined ? {} : { cause });
}
