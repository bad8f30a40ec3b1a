// Persistence of JWT signing keys. Invariants: the private half is stored sealed when a
// key-encryption key is configured; `retired_at` keys are neither used nor published.
import type { Queryable } from './queryable.js';

/** A stored signing key. */
export interface SigningKeyRecord {
  kid: string;
  alg: string;
  publicJwk: Record<string, unknown>;
  privateJwk: string;
  encrypted: boolean;
  createdAt: Date;
}

/** Keys not retired, newest first. */
export async function listActiveSigningKeys(db: Queryable): Promise<SigningKeyRecord[]> {
  const { rows } = await db.query(
    `select kid, alg, public_jwk, private_jwk, encrypted, created_at from auth_signing_keys where retired_at is null order by created_at desc, kid desc`,
  );
  return rows.map((row) => ({
    kid: row.kid,
    alg: row.alg,
    publicJwk: row.public_jwk,
    privateJwk: row.private_jwk,
    encrypted: row.encrypted,
    createdAt: row.created_at,
  }));
}

/** Stores a new key. */
export async function insertSigningKey(db: Queryable, key: SigningKeyRecord): Promise<void> {
  await db.query(`insert into auth_signing_keys (kid, alg, public_jwk, private_jwk, encrypted, created_at) values ($1, $2, $3, $4, $5, $6)`, [
    key.kid,
    key.alg,
    JSON.stringify(key.publicJwk),
    key.privateJwk,
    key.encrypted,
    key.createdAt,
  ]);
}

/** Retires keys created before `cutoff` except the newest one. */
export async function retireSigningKeysBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rowCount } = await db.query(
    `update auth_signing_keys set retired_at = now()
      where retired_at is null and created_at < $1
        and kid <> (select kid from auth_signing_keys where retired_at is null order by created_at desc, kid desc limit 1)`,
    [cutoff],
  );
  return rowCount ?? 0;
}
