// Deterministic ids of what execution derives from engine events. Invariant: the same engine event
// (shard, journal sequence, position in the request's events, order) always yields the same
// execution id, so re-applying an event after a crash cannot create a second fill anywhere
// downstream (the portfolio is idempotent by execution id too).
import { createHash } from 'node:crypto';

/** A name-based UUID (version 5 layout, SHA-256 truncated) for `parts`. */
export function derivedUuid(...parts: (string | number | bigint)[]): string {
  const hex = createHash('sha256').update(parts.join(':')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Engine time (ns since the epoch) as an ISO-8601 instant. */
export function isoFromNanos(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString();
}
