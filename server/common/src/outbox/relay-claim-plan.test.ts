// The relay's claim does work in proportion to its batch, not to the backlog behind it, whatever
// plan PostgreSQL keeps for it. A named statement keeps the plan it was given, and a generic plan
// made while the outbox was empty believes every scan returns one row: the claim's per-key check
// once planned as an anti-join of the claimed rows against every unpublished row, which behind a
// backlog of a few thousand rows took 40-50 ms a cycle. Here the statement is planned generic on
// the empty table, then run behind a backlog of 20,000 rows; the rows its plan touches (returned
// or filtered away, over all loops, the published stamp's update included: ~13 per claimed row)
// must stay within 20 times the batch, a tenth of the backlog.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { CLAIM_SQL } from './relay.js';

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  Plans?: PlanNode[];
}

/** Rows every node of `node`'s tree produced or filtered away, over all its loops. */
function rowsTouched(node: PlanNode): number {
  const own = (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0)) * node['Actual Loops'];
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsTouched(child), 0);
}

describe('outbox relay claim plan', () => {
  let db: TestDatabase;
  const BATCH = 100;
  const BACKLOG = 20_000;

  before(async () => {
    db = await createTestDatabase('outbox_claim_plan');
  });

  after(async () => {
    await db?.drop();
  });

  it('touches at most 20 times the batch behind a backlog of 20,000 rows on a generic plan made on an empty table', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE claim(int) AS ${CLAIM_SQL}`);
      // The first execution makes the generic plan, on the empty table.
      await client.query('BEGIN');
      assert.equal((await client.query(`EXECUTE claim(${BATCH})`)).rowCount, 0);
      await client.query('ROLLBACK');
      // Few keys, so each claimed row has thousands of unpublished rows of its key behind it.
      await client.query(
        `INSERT INTO outbox (id, topic, key, payload, occurred_at)
         SELECT gen_random_uuid(), 'orders.updated', 'account-' || (g % 4), jsonb_build_object('n', g), now()
         FROM generate_series(1, $1) AS g`,
        [BACKLOG],
      );
      await client.query('BEGIN');
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE claim(${BATCH})`);
      await client.query('ROLLBACK');
      const plan = rows[0]!['QUERY PLAN'][0].Plan;
      assert.equal(plan['Actual Rows'], BATCH, 'the claim returns a full batch');
      const touched = rowsTouched(plan);
      assert.ok(touched <= 20 * BATCH, `the claim touched ${touched} rows for a batch of ${BATCH} behind ${BACKLOG}`);
    } finally {
      client.release();
    }
  });
});
