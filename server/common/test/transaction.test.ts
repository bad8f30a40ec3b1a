// withTransaction against real PostgreSQL: commit on success, rollback on failure, and the
// connection goes back to the pool in a clean state either way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { createPool } from '../src/db/pool.js';
import { withTransaction } from '../src/db/transaction.js';
import { createTempDatabase, type TempDatabase } from './temp-database.js';

describe('withTransaction', () => {
  let database: TempDatabase;
  let pool: pg.Pool;

  before(async () => {
    database = await createTempDatabase();
    pool = createPool({ url: database.url, max: 1 });
    await pool.query('create table accounts (id int primary key, balance_minor bigint not null check (balance_minor >= 0))');
    await pool.query('insert into accounts values (1, 1000), (2, 0)');
  });
  after(async () => {
    await pool?.end();
    await database?.drop();
  });

  const balances = async () => (await pool.query('select balance_minor::int as b from accounts order by id')).rows.map((row) => row.b);

  it('commits when the function resolves and returns its result', async () => {
    const moved = await withTransaction(pool, async (client) => {
      await client.query('update accounts set balance_minor = balance_minor - 300 where id = 1');
      await client.query('update accounts set balance_minor = balance_minor + 300 where id = 2');
      return 300;
    });
    assert.equal(moved, 300);
    assert.deepEqual(await balances(), [700, 300]);
  });

  it('rolls back everything when the function throws, rethrowing the error', async () => {
    await assert.rejects(
      withTransaction(pool, async (client) => {
        await client.query('update accounts set balance_minor = balance_minor + 5000 where id = 2');
        await client.query('update accounts set balance_minor = balance_minor - 5000 where id = 1');
      }),
      /violates check constraint/,
    );
    assert.deepEqual(await balances(), [700, 300]);
    const { rows } = await pool.query('select pg_current_xact_id_if_assigned() is null as idle');
    assert.equal(rows[0].idle, true, 'the pooled connection is not left inside a transaction');
  });

  it('honours the isolation level and read-only mode', async () => {
    const level = await withTransaction(pool, async (client) => (await client.query('show transaction_isolation')).rows[0].transaction_isolation, {
      isolationLevel: 'serializable',
      readOnly: true,
    });
    assert.equal(level, 'serializable');
    await assert.rejects(
      withTransaction(pool, (client) => client.query('delete from accounts'), { readOnly: true }),
      /read-only transaction/,
    );
  });
});
