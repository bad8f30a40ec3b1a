// What a benchmark's PostgreSQL promises about a commit: the three settings that decide whether a
// committed row survives a crash. Benches print this beside their numbers, and the ones that
// claim persistence refuse a server that trades it for speed (the test services' default;
// KESTREL_TEST_PG_DURABLE=1 starts a durable one).
import type pg from 'pg';

/** The durability settings of the server behind `db`, and whether a commit is on disk when it returns. */
export interface PostgresDurability {
  durable: boolean;
  /** e.g. `fsync=on synchronous_commit=on full_page_writes=on`. */
  text: string;
}

const SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes'] as const;

export async function postgresDurability(db: Pick<pg.Pool, 'query'>): Promise<PostgresDurability> {
  const { rows } = await db.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [SETTINGS]);
  const value = new Map(rows.map((row) => [row.name, row.setting]));
  const text = SETTINGS.map((name) => `${name}=${value.get(name) ?? '?'}`).join(' ');
  // synchronous_commit `local`, `remote_write` etc. all flush locally; only `off` does not.
  const durable = value.get('fsync') === 'on' && value.get('full_page_writes') === 'on' && value.get('synchronous_commit') !== 'off';
  return { durable, text };
}
