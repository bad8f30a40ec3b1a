// EngineError: the one error class of the engine facade. The native addon only reports
// {code, message}; this class is defined here, in JavaScript, like sharp and better-sqlite3 do.
// Business outcomes (rejections, fills, cancellations) are never errors — they are events. Errors
// are for bad arguments, a missing addon, a closed engine and durability failures.

/** Codes an EngineError can carry besides the engine's durability result codes (JOURNAL_*, SNAPSHOT_*). */
export type EngineErrorCode =
  | 'ENGINE_ADDON_NOT_BUILT'
  | 'ENGINE_ADDON_LOAD_FAILED'
  | 'ENGINE_INVALID_ARGUMENT'
  | 'ENGINE_CLOSED'
  | 'ENGINE_FAILED'
  | 'ENGINE_OUT_OF_MEMORY'
  | 'ENGINE_INTERNAL_ERROR'
  | 'ENGINE_NOT_DURABLE'
  | 'JOURNAL_WRITE_FAILED'
  | 'JOURNAL_CORRUPT'
  | 'JOURNAL_READ_FAILED'
  | 'SNAPSHOT_CORRUPT'
  | 'SNAPSHOT_WRITE_FAILED'
  | 'SNAPSHOT_READ_FAILED'
  | 'ROUTE_INVALID_VENUE'
  | 'ROUTE_NO_VENUE';

/** An engine failure with a stable code. */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    /** Stable AREA_REASON code. */
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Shorthand for the argument errors the facade raises before calling native code. */
export function invalidArgument(message: string): EngineError {
  return new EngineError('ENGINE_INVALID_ARGUMENT', message);
}
