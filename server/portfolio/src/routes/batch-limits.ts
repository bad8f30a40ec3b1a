// How large the internal bulk requests (instruments, marks, daily closes) may be. Each route's
// body limit is derived from its maxItems and the size of the largest entry its schema allows,
// written as compact JSON with non-ASCII text \u-escaped (the longest form standard encoders
// emit: a character outside the BMP becomes 12 bytes), so a body of maxItems largest entries always
// fits and an over-long array always reaches validation (400 REQUEST_INVALID) instead of tripping
// the size limit (413 REQUEST_TOO_LARGE). Why route-level limits rather than the global
// KESTREL_HTTP_BODY_LIMIT_BYTES: that is an operator setting (it may be as low as 1 KiB), and a
// batch contract must not change with it. test/batch-limits.test.ts sends the largest bodies.
// Known limit: whitespace padding, \u-escaped ASCII or long number forms (1.000e0) can push a valid
// body past the limit; no encoder writes those.

/** A bulk route's bounds. */
export interface BatchLimit {
  /** Most entries one request carries. */
  maxItems: number;
  /** Upper bound of one entry's encoded size in bytes (see the module comment), plus its comma. */
  maxItemBytes: number;
}

/** `PUT /v1/internal/instruments`: a largest instrument is about 18.4 KB (1000 holidays, 32 sessions, 200-character name). */
export const INSTRUMENTS_BATCH: BatchLimit = { maxItems: 100, maxItemBytes: 20_480 };
/** `PUT /v1/internal/marks`: a largest mark is about 120 bytes. */
export const MARKS_BATCH: BatchLimit = { maxItems: 10_000, maxItemBytes: 128 };
/** `PUT /v1/internal/daily-closes`: a largest close is about 95 bytes. */
export const DAILY_CLOSES_BATCH: BatchLimit = { maxItems: 10_000, maxItemBytes: 128 };

/** `POST /v1/internal/buying-power-checks`: a largest check is about 330 bytes (two UUIDs, a 32-character symbol, four 16-digit integers). */
export const CHECKS_BATCH: BatchLimit = { maxItems: 1_000, maxItemBytes: 512 };

/** Room for the envelope around the array (`{"instruments":[…]}`). */
const ENVELOPE_BYTES = 1024;

/** The route body limit that fits maxItems of the largest entries. */
export function batchBodyLimit(limit: BatchLimit): number {
  return limit.maxItems * limit.maxItemBytes + ENVELOPE_BYTES;
}
