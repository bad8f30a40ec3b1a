// A batch's order totals (filled lots and notional, quantity, submitted) are written with work in
// proportion to the batch, not to execution_orders, even when the connection first wrote them while
// the table was empty. As a named statement this UPDATE kept, after five calls, a generic plan made
// on the empty table: a hash join over a sequential scan of every order execution ever recorded,
// for each batch. Here persistWrites (which the command handler runs for every batch) writes the
// totals of 50 orders eight times on the empty table, then once behind 20,000 orders; the rows it
// reads from execution_orders (by sequential scan or by index, from PostgreSQL's per-transaction
// counters) must stay within a few times the batch. Autovacuum is off for the table so that no
// ANALYZE replans the statement between the two (which would hide a plan that is kept until it comes).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { createLogger, createTestDatabase, migrateService, tableActivity, type TestDatabase } from '@kestrel/server-common';
import type { InstrumentEconomics, Order } from '@kestrel/shared';
import type { EngineInput } from '../domain/engine-input.js';
import type { KnownOrder } from '../domain/report-builder.js';
import { persistWrites } from './command-batch-store.js';

const BATCH = 50;
const ORDERS = 20_000;
const ACCOUNT = '00000000-0000-4000-8000-000000000001';

/** The id of generated order `n` (the same expression as the fill's SQL). */
const orderId = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** BATCH of the newest orders, as a batch of reports touches them. */
const touched: KnownOrder[] = Array.from({ length: BATCH }, (_, i) => ({
  orderId: orderId(ORDERS - 1_000 + i * 7),
  engineOrderId: BigInt(ORDERS - 1_000 + i * 7),
  accountId: ACCOUNT,
  order: {} as Order,
  instrument: {} as InstrumentEconomics,
  quantityLots: 10,
  filledLots: 4,
  filledNotional: 400n,
}));

/** Writes the batch's totals, as persistWrites does for a batch of requests. */
async function writeTotals(client: pg.ClientBase): Promise<void> {
  // journalSequence 0n: a request refused before the journal, so only the totals (and no input) are written.
  const input = { kind: 'command' } as unknown as EngineInput;
  await persistWrites(client, { steps: [{ kind: 'request', write: { shard: 's0', journalSequence: 0n, input, built: { reports: [], fills: [], touched } } }], commands: [], submitted: [] });
}

describe('execution order totals behind a grown execution_orders', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('execution_totals_plan');
    await migrateService(
      { name: 'execution', migrationsDir: fileURLToPath(new URL('../../migrations', import.meta.url)) },
      { pool: db.pool, logger: createLogger({ level: 'silent' }) },
    );
    await db.pool.query('ALTER TABLE execution_orders SET (autovacuum_enabled = false)');
  });

  after(async () => {
    await db?.drop();
  });

  it(`read a few times the batch of ${BATCH} behind ${ORDERS} orders after their first writes on the empty table`, async () => {
    const client = await db.pool.connect();
    try {
      // Past the five calls after which a named statement may keep a generic plan, on the empty table.
      for (let i = 0; i < 8; i++) await tableActivity(client, 'execution_orders', writeTotals);
      await client.query(
        `INSERT INTO execution_orders (order_id, shard, account_id, symbol, order_json, instrument, quantity_lots, submitted)
         SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 's0', $1, 'ACME', '{}', '{}', 10, true
         FROM generate_series(1, $2) AS g`,
        [ACCOUNT, ORDERS],
      );
      const { rowsRead, rowsUpdated } = await tableActivity(client, 'execution_orders', writeTotals);
      assert.equal(rowsUpdated, BATCH, 'the totals of the whole batch are written');
      assert.ok(rowsRead <= 10 * BATCH, `the totals read ${rowsRead} rows of execution_orders for a batch of ${BATCH} behind ${ORDERS} orders`);
    } finally {
      client.release();
    }
  });
});
