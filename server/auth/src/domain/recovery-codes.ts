// One-time 2FA recovery codes: ten codes of 16 base32 characters (80 bits), shown once as
// xxxx-xxxx-xxxx-xxxx and stored as SHA-256 digests; using one marks it spent.
// Invariant: normalisation (lower-case, separators dropped) happens before hashing, so the way a
// person types the code does not matter.
import { randomBytes } from 'node:crypto';
import { digestSecret } from './opaque-secret.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** How many recovery codes one enrolment issues. */
export const RECOVERY_CODE_COUNT = 10;

/** Fresh recovery codes in display form. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = [...randomBytes(16)].map((byte) => ALPHABET[byte % 32]).join('');
    return raw.match(/.{4}/g)!.join('-');
  });
}

/** The digest a recovery code is stored and looked up under. */
export function digestRecoveryCode(code: string): string {
  return digestSecret(code.toLowerCase().replace(/[\s-]/g, ''));
}

/** True when the input could be a recovery code (cheap pre-check before a lookup). */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z2-7]{16}$/.test(code.toLowerCase().replace(/[\s-]/g, ''));
}
