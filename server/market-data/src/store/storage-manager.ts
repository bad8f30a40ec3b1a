// Chooses and applies the storage layout at start. Rules: `auto` picks timescale when the
// timescaledb extension is installable on the server, native otherwise; the first layout applied
// is recorded in md_service_state and kept for good (the tables cannot change shape under
// existing data), so a later start with a different explicit setting fails with
// MARKET_STORAGE_LAYOUT_MISMATCH instead of mixing layouts. The DDL comes from domain/storage-ddl
// and runs in one transaction under an advisory lock, so concurrent starts are safe.
import type pg from 'pg';
import { marketError } from '../errors.js';
import { nativeLayoutDdl, timescaleLayoutDdl, type LayoutSettings, type StorageLayout } from '../domain/storage-ddl.js';

/** The configured choice. */
export type LayoutChoice = 'auto' | StorageLayout;

/** What prepare() found and did. */
export interface PreparedStorage {
  layout: StorageLayout;
  timescaleAvailable: boolean;
}

const LAYOUT_KEY = 'storage-layout';
const DDL_LOCK = 0x6d64_6c79_0001;

/** True when the server can `CREATE EXTENSION timescaledb`. */
export async function timescaleAvailable(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
  return rows.length > 0;
}

/** Decides the layout from the configured choice, what the server offers and what was recorded before. */
export function decideLayout(choice: LayoutChoice, available: boolean, recorded: StorageLayout | null): StorageLayout {
  if (recorded !== null) {
    if (choice !== 'auto' && choice !== recorded) {
      throw marketError('MARKET_STORAGE_LAYOUT_MISMATCH', `storageLayout is ${choice}, but this database was created with the ${recorded} layout`);
    }
    if (recorded === 'timescale' && !available) {
      throw marketError('MARKET_STORAGE_LAYOUT_MISMATCH', 'this database uses the timescale layout, but the timescaledb extension is not available');
    }
    return recorded;
  }
  if (choice === 'timescale' && !available) {
    throw marketError('MARKET_STORAGE_LAYOUT_MISMATCH', 'storageLayout is timescale, but the timescaledb extension is not available on this server');
  }
  if (choice === 'auto') return available ? 'timescale' : 'native';
  return choice;
}

/** The statements that lay out `layout` with `settings`. */
export function layoutDdl(layout: StorageLayout, settings: LayoutSettings): string[] {
  return layout === 'native' ? nativeLayoutDdl() : timescaleLayoutDdl(settings);
}

/** Chooses the layout, applies its DDL and records it. */
export async function prepareStorage(pool: pg.Pool, choice: LayoutChoice, settings: LayoutSettings): Promise<PreparedStorage> {
  const available = await timescaleAvailable(pool);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
    const recorded = await client.query<{ value: StorageLayout }>('SELECT value #>> \'{}\' AS value FROM md_service_state WHERE key = $1', [LAYOUT_KEY]);
    const layout = decideLayout(choice, available, recorded.rows[0]?.value ?? null);
    for (const statement of layoutDdl(layout, settings)) await client.query(statement);
    await client.query(
      `INSERT INTO md_service_state (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`,
      [LAYOUT_KEY, layout],
    );
    await client.query('COMMIT');
    return { layout, timescaleAvailable: available };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
