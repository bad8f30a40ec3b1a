// Password acceptance rules (NIST SP 800-63B style): 8-128 characters, no composition rules, and the
// most common passwords refused. The deny list is the ranked "passwords-common" dictionary that
// zxcvbn-ts ships (about 49k entries drawn from public breach corpora), loaded once from the npm
// package, so nothing is fetched at run time.
// Invariants: length is counted in Unicode code points after NFKC normalisation, the same form the
// hasher receives, so "8 characters" means what a person typed; the deny-list check is
// case-insensitive because "Password1" is as guessable as "password1".
// Known limits: no breach-corpus (k-anonymity) lookup, which would need the network.
import { dictionary } from '@zxcvbn-ts/language-common';

/** Fewest characters a password may have. */
export const PASSWORD_MIN_LENGTH = 8;
/** Most characters a password may have (bounds hashing cost per request). */
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password was refused; `null` from checkPassword means it is acceptable. */
export type PasswordProblem = 'AUTH_PASSWORD_TOO_SHORT' | 'AUTH_PASSWORD_TOO_LONG' | 'AUTH_PASSWORD_COMMON';

const commonPasswords: ReadonlySet<string> = new Set(
  dictionary['passwords-common'].map((word) => word.normalize('NFKC').toLowerCase()),
);

/** The normal form passwords are hashed and measured in. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Number of entries in the common-password deny list (for docs and tests). */
export function commonPasswordCount(): number {
  return commonPasswords.size;
}

/** Checks a candidate password against the policy; `email` is refused as a password too. */
export function checkPassword(password: string, context: { email?: string } = {}): PasswordProblem | null {
  const normal = normalizePassword(password);
  const length = [...normal].length;
  if (length < PASSWORD_MIN_LENGTH) return 'AUTH_PASSWORD_TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'AUTH_PASSWORD_TOO_LONG';
  const folded = normal.toLowerCase();
  if (commonPasswords.has(folded)) return 'AUTH_PASSWORD_COMMON';
  if (context.email !== undefined && folded === context.email.toLowerCase()) return 'AUTH_PASSWORD_COMMON';
  return null;
}
