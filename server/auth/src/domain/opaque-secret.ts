// High-entropy opaque secrets (refresh tokens, authorization codes, API key and client secrets,
// recovery codes) and the digest they are stored under.
// Invariants: secrets carry at least 128 bits from crypto.randomBytes, so a plain SHA-256 digest is
// enough at rest (no password-style stretching needed) and lookup by digest is constant-cost;
// comparisons of digests use timingSafeEqual.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random secret of `bytes` bytes (default 32 = 256 bits). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a secret, hex-encoded: the only form a secret is stored in. */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
