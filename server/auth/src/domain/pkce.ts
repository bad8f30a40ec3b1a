// PKCE (RFC 7636) with S256 only: `plain` is refused because it offers no protection when the
// authorization request is observed. Verifiers must be 43-128 characters of the unreserved set.
import { createHash } from 'node:crypto';
import { digestsEqual } from './opaque-secret.js';

const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The S256 challenge of a verifier: BASE64URL(SHA256(verifier)). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** True when `challenge` has the shape of an S256 challenge. */
export function isS256Challenge(challenge: string): boolean {
  return CHALLENGE_PATTERN.test(challenge);
}

/** True when the verifier is well formed and hashes to the stored challenge. */
export function verifyPkce(verifier: string, challenge: string): boolean {
  if (!VERIFIER_PATTERN.test(verifier) || !isS256Challenge(challenge)) return false;
  const computed = Buffer.from(s256Challenge(verifier), 'base64url').toString('hex');
  return digestsEqual(computed, Buffer.from(challenge, 'base64url').toString('hex'));
}
