// Throw-away databases on the test PostgreSQL server, one per test, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requireTestEnv } from './env.js';

/** A created database and how to drop it. */
export interface ScratchDatabase {
  url: string;
  name: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named after `label`. */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const base = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const name = `kestrel_admin_${label}_${randomBytes(5).toString('hex')}`;
  await onServer(base, (client) => client.query(`create database ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    query: (sql, params) => onServer(url.toString(), async (client) => (await client.query(sql, params)).rows),
    drop: () => onServer(base, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
