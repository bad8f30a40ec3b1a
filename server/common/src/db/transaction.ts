// Runs a function inside one database transaction on one pooled connection. Invariants: the
// transaction commits only if `fn` resolves; otherwise it rolls back and the original error is
// rethrown; a connection whose rollback failed is destroyed rather than returned to the pool
// (its state is unknown). Known limit: no automatic retry on serialization failures (40001);
// callers that use SERIALIZABLE decide whether to retry.
import type pg from 'pg';

/** Isolation levels accepted by withTransaction. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/** Options of withTransaction. */
export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  readOnly?: boolean;
}

/** Runs `fn` in a transaction and returns its result. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return onTransactionConnection(pool, async (client) => {
    const mode = [
      options.isolationLevel ? `isolation level ${options.isolationLevel}` : '',
      options.readOnly ? 'read only' : '',
    ].filter(Boolean);
    await client.query(`begin${mode.length > 0 ? ' ' + mode.join(' ') : ''}`);
    const result = await fn(client);
    await client.query('commit');
    return result;
  });
}

/**
 * Runs `body` on one pooled connection; `body` begins and ends its transaction itself (for callers
 * that send BEGIN or COMMIT together with other statements, or commit early on a failure path).
 * When `body` fails the transaction is rolled back (a no-op when it had already ended) and the
 * error rethrown; a connection whose rollback failed is destroyed rather than returned to the pool.
 */
export async function onTransactionConnection<T>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await body(client);
  } catch (error) {
    try {
      await client.query('rollback');
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
