// postgresDurability against real PostgreSQL: it reads the settings the session runs with, and a
// session that commits without waiting for its WAL flush is never called durable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { postgresDurability } from './postgres-durability.js';

describe('postgresDurability (PostgreSQL)', () => {
  let db: TestDatabase;
  let client: pg.PoolClient;

  before(async () => {
    db = await createTestDatabase('durability');
    client = await db.pool.connect();
  });

  after(async () => {
    client?.release();
    await db?.drop();
  });

  it('reports synchronous_commit=off as not durable, whatever fsync says', async () => {
    await client.query('SET synchronous_commit = off');
    const durability = await postgresDurability(client);
    assert.match(durability.text, /^fsync=(on|off) synchronous_commit=off full_page_writes=(on|off)$/);
    assert.equal(durability.durable, false);
  });

  it('with synchronous commit, is durable exactly when fsync and full-page writes are on', async () => {
    await client.query('SET synchronous_commit = local');
    const { rows } = await client.query<{ fsync: string; full_page_writes: string }>(
      "SELECT current_setting('fsync') AS fsync, current_setting('full_page_writes') AS full_page_writes",
    );
    const durability = await postgresDurability(client);
    assert.equal(durability.text, `fsync=${rows[0]!.fsync} synchronous_commit=local full_page_writes=${rows[0]!.full_page_writes}`);
    assert.equal(durability.durable, rows[0]!.fsync === 'on' && rows[0]!.full_page_writes === 'on');
  });
});
