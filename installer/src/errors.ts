// Errors of kestrel-admin. Every failure the operator can act on has a stable code (ADMIN_*), a
// message saying what went wrong and, where one exists, a remedy saying what to do; main.ts prints
// both and exits non-zero. Invariant: a command that fails never leaves half-written state it
// created (files are written to a temp name and renamed; a failed upgrade rolls back).

/** Stable codes of kestrel-admin failures. */
export const ADMIN_ERROR_CODES = [
  'ADMIN_USAGE',
  'ADMIN_PREREQUISITES',
  'ADMIN_CONFIG',
  'ADMIN_COMMAND_FAILED',
  'ADMIN_CERTIFICATE_INVALID',
  'ADMIN_UNHEALTHY',
  'ADMIN_BACKUP_INVALID',
  'ADMIN_RESTORE_MISMATCH',
  'ADMIN_UPGRADE_ROLLED_BACK',
  'ADMIN_ROLLBACK_FAILED',
  'ADMIN_PUBLISH_INVALID',
] as const;

/** One of ADMIN_ERROR_CODES. */
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];

/** A failure with a stable code and, when known, what the operator should do about it. */
export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly remedy?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
