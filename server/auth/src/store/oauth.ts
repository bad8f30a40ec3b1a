// OAuth clients and authorization codes. Codes are stored as digests, expire after 60 s and are
// spent by a conditional UPDATE (exactly one redemption can win).
import type { GrantableScope as Scope } from '../domain/roles.js';
import type { Queryable } from './queryable.js';

/** A registered client. */
export interface OAuthClientRecord {
  id: string;
  name: string;
  ownerUserId: string | null;
  secretDigest: string | null;
  redirectUris: string[];
  grantTypes: string[];
  scopes: Scope[];
  createdAt: string;
}

function toClient(row: Record<string, unknown>): OAuthClientRecord {
  return {
    id: row.id as string,
    name: row.name as string,
    ownerUserId: row.owner_user_id as string | null,
    secretDigest: row.secret_digest as string | null,
    redirectUris: row.redirect_uris as string[],
    grantTypes: row.grant_types as string[],
    scopes: row.scopes as Scope[],
    createdAt: (row.created_at as Date).toISOString(),
  };
}

const COLUMNS = 'id, name, owner_user_id, secret_digest, redirect_uris, grant_types, scopes, created_at';

/** A live client by id. */
export async function findClient(db: Queryable, id: string): Promise<OAuthClientRecord | null> {
  const { rows } = await db.query(`select ${COLUMNS} from auth_oauth_clients where id = $1 and revoked_at is null`, [id]);
  return rows[0] ? toClient(rows[0]) : null;
}

/** Every live client. */
export async function listClients(db: Queryable): Promise<OAuthClientRecord[]> {
  const { rows } = await db.query(`select ${COLUMNS} from auth_oauth_clients where revoked_at is null order by created_at, id`);
  return rows.map(toClient);
}

/** Registers a client. */
export async function insertClient(db: Queryable, client: Omit<OAuthClientRecord, 'createdAt'>): Promise<OAuthClientRecord> {
  const { rows } = await db.query(
    `insert into auth_oauth_clients (id, name, owner_user_id, secret_digest, redirect_uris, grant_types, scopes)
     values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
    [client.id, client.name, client.ownerUserId, client.secretDigest, client.redirectUris, client.grantTypes, client.scopes],
  );
  return toClient(rows[0]);
}

/** Revokes a client; false when there is none. */
export async function revokeClient(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`update auth_oauth_clients set revoked_at = now() where id = $1 and revoked_at is null`, [id]);
  return rowCount === 1;
}

/** Stores an authorization code (by digest). */
export async function insertCode(
  db: Queryable,
  code: { digest: string; clientId: string; userId: string; redirectUri: string; codeChallenge: string; scopes: Scope[]; expiresAt: Date },
): Promise<void> {
  await db.query(
    `insert into auth_oauth_codes (code_digest, client_id, user_id, redirect_uri, code_challenge, scopes, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [code.digest, code.clientId, code.userId, code.redirectUri, code.codeChallenge, code.scopes, code.expiresAt],
  );
}

/** Spends a code and returns what it was issued for, or null when unknown, used or expired. */
export async function redeemCode(
  db: Queryable,
  digest: string,
): Promise<{ clientId: string; userId: string; redirectUri: string; codeChallenge: string; scopes: Scope[] } | null> {
  const { rows } = await db.query(
    `update auth_oauth_codes set used_at = now() where code_digest = $1 and used_at is null and expires_at > now()
     returning client_id, user_id, redirect_uri, code_challenge, scopes`,
    [digest],
  );
  const row = rows[0];
  return row
    ? { clientId: row.client_id, userId: row.user_id, redirectUri: row.redirect_uri, codeChallenge: row.code_challenge, scopes: row.scopes }
    : null;
}
