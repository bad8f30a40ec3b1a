// SQL of order_client_ids: the idempotency key of submission. Claiming is an INSERT that either
// creates the row or finds the existing one; two concurrent claims of one key serialise on the
// primary key (the second waits for the first's transaction, then sees its row), so exactly one
// order or parent is ever created per (account, clientOrderId).
import type { Queryable } from './queryable.js';

/** A claimed key. */
export interface ClientIdClaim {
  kind: 'order' | 'parent';
  targetId: string;
  fingerprint: string;
}

/** Claims the key for a new target; returns null when claimed now, or the existing claim. */
export async function claimClientId(db: Queryable, accountId: string, clientOrderId: string, claim: ClientIdClaim): Promise<ClientIdClaim | null> {
  const inserted = await db.query({
    name: 'order-claim-client-id',
    text: `INSERT INTO order_client_ids (account_id, client_order_id, kind, target_id, fingerprint) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (account_id, client_order_id) DO NOTHING`,
    values: [accountId, clientOrderId, claim.kind, claim.targetId, claim.fingerprint],
  });
  if (inserted.rowCount === 1) return null;
  const existing = await findClientId(db, accountId, clientOrderId);
  if (!existing) throw new Error(`client order id ${clientOrderId} conflicted but no row was found`);
  return existing;
}

/** The claim of a key, or null. */
export async function findClientId(db: Queryable, accountId: string, clientOrderId: string): Promise<ClientIdClaim | null> {
  const result = await db.query<{ kind: 'order' | 'parent'; target_id: string; fingerprint: string }>(
    'SELECT kind, target_id, fingerprint FROM order_client_ids WHERE account_id = $1 AND client_order_id = $2',
    [accountId, clientOrderId],
  );
  const row = result.rows[0];
  return row ? { kind: row.kind, targetId: row.target_id, fingerprint: row.fingerprint } : null;
}
