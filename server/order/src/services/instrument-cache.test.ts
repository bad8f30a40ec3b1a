import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, migrateService, type TestDatabase } from '@kestrel/server-common';
import { pino } from 'pino';
import { InstrumentCache } from './instrument-cache.js';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

describe('InstrumentCache on a real order_instruments table', () => {
  let database: TestDatabase;
  let reads = 0;
  const db = {
    query: ((...args: Parameters<TestDatabase['pool']['query']>) => {
      reads += 1;
      return database.pool.query(...args);
    }) as TestDatabase['pool']['query'],
  };
  const store = (symbol: string, maxQuantityLots: number) =>
    database.pool.query(
      `INSERT INTO order_instruments (symbol, definition, revision, updated_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (symbol) DO UPDATE SET definition = EXCLUDED.definition`,
      [symbol, JSON.stringify({ symbol, maxQuantityLots })],
    );
  const maxLots = async (cache: InstrumentCache, symbol: string) => ((await cache.get(symbol)) as { maxQuantityLots: number } | null)?.maxQuantityLots ?? null;

  before(async () => {
    database = await createTestDatabase('instrument_cache');
    await migrateService({ name: 'order', migrationsDir }, { pool: database.pool, logger: pino({ level: 'silent' }) });
  });
  after(() => database.drop());

  it('reads once per symbol within the TTL (concurrent misses share the read), again after it', async (t) => {
    await store('AAA', 10);
    // The cache's clock is mocked: on a loaded machine more than a real TTL could pass between the
    // first read and the "still cached" one.
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const cache = new InstrumentCache(db, 200);
    reads = 0;
    assert.deepEqual(await Promise.all([maxLots(cache, 'AAA'), maxLots(cache, 'AAA'), maxLots(cache, 'AAA')]), [10, 10, 10]);
    assert.equal(reads, 1);
    await store('AAA', 20);
    t.mock.timers.tick(199);
    assert.equal(await maxLots(cache, 'AAA'), 10, 'a change by another instance is seen only after the TTL');
    t.mock.timers.tick(1);
    assert.equal(await maxLots(cache, 'AAA'), 20);
    assert.equal(reads, 2);
  });

  it('clear() (this process stored a change) makes the next read see it at once, also for an unknown symbol', async () => {
    const cache = new InstrumentCache(db, 60_000);
    assert.equal(await maxLots(cache, 'NEW'), null);
    await store('NEW', 5);
    assert.equal(await maxLots(cache, 'NEW'), null, 'an unknown symbol is cached too');
    cache.clear();
    assert.equal(await maxLots(cache, 'NEW'), 5);
  });

  it('a TTL of 0 reads every time, and a failed read is not remembered', async () => {
    const cache = new InstrumentCache(db, 0);
    reads = 0;
    await maxLots(cache, 'AAA');
    await maxLots(cache, 'AAA');
    assert.equal(reads, 2);
    const failing = new InstrumentCache({ query: (() => Promise.reject(new Error('connection lost'))) as TestDatabase['pool']['query'] }, 60_000);
    await assert.rejects(failing.get('AAA'), /connection lost/);
    const recovering = new InstrumentCache(db, 60_000);
    assert.equal(await maxLots(recovering, 'AAA'), 20);
  });
});
