// The batch statements that read or update many orders by id do work in proportion to the batch,
// not to order_orders, even when the connection first ran them while the table was empty. A named
// statement keeps, after five calls, a generic plan made with the table as it was then; for these
// statements that plan read the whole table (a sequential scan: every order ever placed, for each
// batch). Here each statement runs through its store function, as the service runs it, eight times
// on the empty table, then once behind 20,000 orders; the rows it reads from order_orders (by
// sequential scan or by index, from PostgreSQL's per-transaction counters) must stay within a few
// times the batch. Autovacuum is off for the table so that no ANALYZE replans the statements between
// the two (which would hide a plan that is kept until it comes).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { createEnvelope, createLogger, createTestDatabase, migrateService, queryTogether, tableActivity, type TestDatabase } from '@kestrel/server-common';
import type { OrderRecord } from '../domain/order-record.js';
import { newOrderRecord, type OrderTerms } from '../domain/new-order.js';
import { markOrdersRouted } from './order-batches-store.js';
import { lockedTopLevelOrders, lockTopLevelOrdersStatement, updateOrdersStatement } from './orders-store.js';

const BATCH = 50;
const ORDERS = 20_000;
const ACCOUNT = '00000000-0000-4000-8000-000000000001';
const OWNER = '00000000-0000-4000-8000-000000000002';

/** The id of generated order `n` (the same expression as the fill's SQL). */
const orderId = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

/** A new order `id` (status new, checking) with `fields` changed. */
function record(id: string, fields: Partial<OrderRecord>): OrderRecord {
  const identity = { id, accountId: ACCOUNT, ownerUserId: OWNER, clientOrderId: `c-${id}`, parentOrderId: null, parentRole: null };
  const terms: OrderTerms = { symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 10, limitPriceTicks: 100,
    stopPriceTicks: null, expireAt: null, postOnly: false, displayQuantityLots: null, lotSelection: null };
  return { ...newOrderRecord(identity, terms, null, '2026-03-02T14:30:00.000Z'), ...fields };
}

/** The last BATCH orders, which the fill leaves `new` and `checking`. */
const checkingIds = Array.from({ length: BATCH }, (_, i) => orderId(ORDERS - BATCH + 1 + i));
/** BATCH open (accepted, routed) orders among the fill's. */
const openIds = Array.from({ length: BATCH }, (_, i) => orderId(ORDERS - 1_000 + i * 7));

const statements: { name: string; run: (client: pg.ClientBase) => Promise<number> }[] = [
  { name: 'lockTopLevelOrders', run: async (client) => lockedTopLevelOrders((await queryTogether(client, [lockTopLevelOrdersStatement(openIds)]))[0]!).size },
  {
    name: 'updateOrders',
    run: async (client) => {
      await queryTogether(client, [updateOrdersStatement(openIds.map((id) => record(id, { status: 'partially_filled', routing: 'routed', filledQuantityLots: 1, fillNotional: 100n })))]);
      return BATCH;
    },
  },
  {
    name: 'markOrdersRouted',
    run: async (client) =>
      (
        await markOrdersRouted(
          client,
          checkingIds.map((id, i) => ({
            order: record(id, { routing: 'routed', submitCommandId: orderId(900_000 + i), reservationIds: [id] }),
            previousReservationIds: [],
            events: [createEnvelope('orders.updated', ACCOUNT, { orderId: id })],
          })),
        )
      ).size,
  },
];

describe('order batch statements behind a grown order_orders', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('order_batch_plans');
    await migrateService(
      { name: 'order', migrationsDir: fileURLToPath(new URL('../../migrations', import.meta.url)) },
      { pool: db.pool, logger: createLogger({ level: 'silent' }) },
    );
    await db.pool.query('ALTER TABLE order_orders SET (autovacuum_enabled = false)');
  });

  after(async () => {
    await db?.drop();
  });

  it(`read a few times the batch of ${BATCH} behind ${ORDERS} orders after their first calls on the empty table`, async () => {
    const client = await db.pool.connect();
    try {
      // Past the five calls after which a named statement may keep a generic plan, on the empty table.
      for (const statement of statements) for (let i = 0; i < 8; i++) await tableActivity(client, 'order_orders', statement.run);
      // Most orders ended long ago; the last 1,000 are open, and of those the last BATCH still checking.
      await client.query(
        `INSERT INTO order_orders (id, account_id, owner_user_id, client_order_id, symbol, side, type, time_in_force, quantity_lots,
           limit_price_ticks, post_only, status, filled_quantity_lots, routing, created_at, updated_at)
         SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, $1, $2, 'c-' || g, 'ACME', 'buy', 'limit', 'GTC', 10, 100, false,
           CASE WHEN g > $3 - $4 THEN 'new' WHEN g > $3 - 1000 THEN 'accepted' WHEN g % 3 = 0 THEN 'cancelled' ELSE 'filled' END,
           CASE WHEN g <= $3 - 1000 AND g % 3 <> 0 THEN 10 ELSE 0 END,
           CASE WHEN g > $3 - $4 THEN 'checking' ELSE 'routed' END, now(), now()
         FROM generate_series(1, $3) AS g`,
        [ACCOUNT, OWNER, ORDERS, BATCH],
      );
      const reads: string[] = [];
      for (const statement of statements) {
        const { answer, rowsRead } = await tableActivity(client, 'order_orders', statement.run);
        assert.equal(answer, BATCH, `${statement.name} handled the whole batch`);
        reads.push(`${statement.name} ${rowsRead}`);
      }
      const over = reads.filter((read) => Number(read.split(' ')[1]) > 10 * BATCH);
      assert.deepEqual(over, [], `rows of order_orders read for a batch of ${BATCH} behind ${ORDERS} orders: ${reads.join(', ')}`);
    } finally {
      client.release();
    }
  });
});
