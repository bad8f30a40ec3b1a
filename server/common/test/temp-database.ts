// A throw-away database per test file on the real PostgreSQL of scripts/test-services.sh, so
// migration tables and fixtures never collide with other tests running against the same server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requireTestEnv } from '../src/testing/require-test-env.js';
import { dropDatabase } from '../src/testing/test-database.js';

/** A fresh database and how to drop it. */
export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database next to KESTREL_TEST_DATABASE_URL's (fails loudly when it is unset). */
export async function createTempDatabase(prefix = 'kestrel_common'): Promise<TempDatabase> {
  const base = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await dropDatabase(base, name);
    },
  };
}
