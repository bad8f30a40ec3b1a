// argon2id password hashing with the OWASP minimum parameters (19 MiB, t=2, p=1) as a floor.
// Invariants: every stored hash is a PHC string that carries its own parameters, so raising the
// parameters later only needs `needsRehash` at the next successful login; the plaintext is
// NFKC-normalised first (see password-policy.ts) so the same typed password always verifies.
// Known limits: hashing costs ~50 ms of one core; login rate limits keep that from being a DoS lever.
import argon2 from 'argon2';
import { normalizePassword } from './password-policy.js';

/** Parameters of every new hash (memory in KiB). */
export const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** Parameters read back from a PHC hash string. */
export interface Argon2Parameters {
  variant: string;
  version: number;
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Hashes a password with argon2id. */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalizePassword(password), ARGON2_PARAMS);
}

/** True when `password` matches the PHC `hash`; false (never throws) on a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, normalizePassword(password));
  } catch {
    return false;
  }
}

/** True when the hash was made with weaker parameters than today's. */
export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, ARGON2_PARAMS);
}

/** Reads the variant and cost parameters out of a PHC string (`$argon2id$v=19$m=..,t=..,p=..$...`, any order). */
export function parseArgon2Hash(hash: string): Argon2Parameters {
  const [, variant, version, params] = hash.split('$');
  if (!variant?.startsWith('argon2') || !version?.startsWith('v=') || params === undefined) {
    throw new Error('not an argon2 PHC string');
  }
  const values = new Map(params.split(',').map((pair) => pair.split('=') as [string, string]));
  return {
    variant,
    version: Number(version.slice(2)),
    memoryKiB: Number(values.get('m')),
    iterations: Number(values.get('t')),
    parallelism: Number(values.get('p')),
  };
}

// A fixed hash of a random string: verifying against it when the account does not exist makes
// "unknown email" cost the same time as "wrong password", so timing does not reveal accounts.
let dummyHash: Promise<string> | undefined;

/** Burns the same time as one verification; used when there is no account to check against. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= argon2.hash('kestrel-timing-equaliser', ARGON2_PARAMS);
  await verifyPassword(await dummyHash, password);
  return false;
}
