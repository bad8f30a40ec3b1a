// Stable, documented error codes and the error class that carries them to the HTTP boundary.
// Invariants: a code is AREA_REASON in upper snake case, is defined exactly once process-wide
// (with one HTTP status), and every defined code is listed in docs/errors.md (a test checks it).
// A KestrelError can only be built from a defined code, so an undocumented code cannot be thrown.

/** What a code means and which HTTP status it maps to. */
export interface ErrorCodeSpec {
  status: number;
  description: string;
}

/** A defined error code: pass it to `new KestrelError(...)`. */
export interface ErrorCode<C extends string = string> extends ErrorCodeSpec {
  readonly code: C;
}

const CODE_FORMAT = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const registry = new Map<string, ErrorCode>();

/**
 * Defines a group of error codes (usually one `errors.ts` per service) and registers them so
 * tooling can list every code. Redefining a code with a different status or text is a bug.
 */
export function defineErrors<const T extends Record<string, ErrorCodeSpec>>(specs: T): { readonly [K in keyof T & string]: ErrorCode<K> } {
  const defined: Record<string, ErrorCode> = {};
  for (const [code, spec] of Object.entries(specs)) {
    if (!CODE_FORMAT.test(code)) throw new Error(`error code ${code} is not AREA_REASON in upper snake case`);
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw new Error(`error code ${code} has status ${spec.status}; expected 400-599`);
    }
    const existing = registry.get(code);
    if (existing && (existing.status !== spec.status || existing.description !== spec.description)) {
      throw new Error(`error code ${code} is defined twice with different meanings`);
    }
    const entry: ErrorCode = Object.freeze({ code, status: spec.status, description: spec.description });
    registry.set(code, existing ?? entry);
    defined[code] = existing ?? entry;
  }
  return defined as { readonly [K in keyof T & string]: ErrorCode<K> };
}

/** Every code defined so far in this process, sorted by code. */
export function listErrorCodes(): ErrorCode[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Options of a KestrelError beyond its code and message. */
export interface KestrelErrorOptions {
  /** Machine-readable specifics returned to the client (e.g. which fields failed). */
  details?: unknown;
  cause?: unknown;
}

/** An error with a stable code and HTTP status; the error handler turns it into the JSON error body. */
export class KestrelError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options: KestrelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KestrelError';
    this.code = code.code;
    this.status = code.status;
    if (options.details !== undefined) this.details = options.details;
  }
}
