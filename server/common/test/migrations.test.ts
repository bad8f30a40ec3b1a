// Per-service migrations against real PostgreSQL: idempotence, one table per service,
// concurrent migrators, all-or-nothing application.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { migrateAll, migrateService } from '../src/db/migrate.js';
import { createPool } from '../src/db/pool.js';
import { createLogger } from '../src/log/logger.js';
import { LogCapture } from '../src/testing/test-deps.js';
import { createTempDatabase, type TempDatabase } from './temp-database.js';

const fixtures = (name: string) => fileURLToPath(new URL(`./fixtures/migrations/${name}`, import.meta.url));
const logger = createLogger({ destination: new LogCapture().stream });
const ALPHA = ['1700000000000_create-widgets', '1700000000001_add-price'];

async function advisoryLocksHeld(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query(
    "select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())",
  );
  return rows[0].n as number;
}

describe('migrations', () => {
  let database: TempDatabase;
  let pool: pg.Pool;

  before(async () => {
    database = await createTempDatabase();
    pool = createPool({ url: database.url, logger });
  });
  after(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('applies pending migrations once; a second run is a no-op', async () => {
    assert.deepEqual(await migrateService({ name: 'alpha', migrationsDir: fixtures('alpha') }, { pool, logger }), ALPHA);
    assert.deepEqual(await migrateService({ name: 'alpha', migrationsDir: fixtures('alpha') }, { pool, logger }), []);
    const { rows } = await pool.query('select name from kestrel_migrations_alpha order by id');
    assert.deepEqual(rows.map((row) => row.name), ALPHA);
    await pool.query("insert into alpha_widgets (name, price_ticks) values ('w', 12500)");
    assert.equal(await advisoryLocksHeld(pool), 0);
  });

  it('keeps one migrations table per service', async () => {
    const applied = await migrateAll(
      [{ name: 'alpha', migrationsDir: fixtures('alpha') }, { name: 'nothing' }, { name: 'beta', migrationsDir: fixtures('beta') }],
      { pool, logger },
    );
    assert.deepEqual(applied, { alpha: [], beta: ['1700000000000_create-gadgets'] });
    const { rows } = await pool.query("select table_name from information_schema.tables where table_name like 'kestrel_migrations_%' order by 1");
    assert.deepEqual(rows.map((row) => row.table_name), ['kestrel_migrations_alpha', 'kestrel_migrations_beta']);
  });

  it('rolls back every pending migration of a service when one fails', async () => {
    await assert.rejects(migrateService({ name: 'broken', migrationsDir: fixtures('broken') }, { pool, logger }), /no_such_type/);
    const { rows } = await pool.query("select to_regclass('broken_things') as t");
    assert.equal(rows[0].t, null, 'the first migration was rolled back with the failing one');
    const recorded = await pool.query('select count(*)::int as n from kestrel_migrations_broken');
    assert.equal(recorded.rows[0].n, 0);
    assert.equal(await advisoryLocksHeld(pool), 0);
  });
});

describe('concurrent migrators', () => {
  let database: TempDatabase;

  before(async () => {
    database = await createTempDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it('all succeed, and each migration is applied exactly once', async () => {
    const pools = Array.from({ length: 4 }, () => createPool({ url: database.url, max: 1, logger }));
    try {
      const results = await Promise.all(pools.map((pool) => migrateService({ name: 'alpha', migrationsDir: fixtures('alpha') }, { pool, logger })));
      assert.deepEqual(results.flat().sort(), ALPHA, 'the migrations were applied once in total');
      assert.equal(results.filter((names) => names.length > 0).length, 1, 'exactly one migrator did the work');
      const { rows } = await pools[0]!.query('select count(*)::int as n from kestrel_migrations_alpha');
      assert.equal(rows[0].n, 2);
      assert.equal(await advisoryLocksHeld(pools[0]!), 0);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
