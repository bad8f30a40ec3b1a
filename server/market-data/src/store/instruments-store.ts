// Instrument definitions (md_instruments). Invariants: every stored instrument passes the shared
// assertInstrument (exact tick size, known currency, safe notional, valid trading hours); every
// change takes a new revision (md_instrument_revisions) and is written together with an
// `instruments.updated` event in the outbox (one transaction), so downstream services learn about
// it exactly when it commits; announceAllInstruments() re-announces the current set at start-up
// (consumers skip revisions they already hold).
import type pg from 'pg';
import { enqueue, createEnvelope, withTransaction } from '@kestrel/server-common';
import { ALWAYS_OPEN, TradingError, assertInstrument, type Instrument, type InstrumentUpdatedPayload } from '@kestrel/shared';
import { marketError } from '../errors.js';
import { toSafeInt, type Queryable } from './sql-values.js';

interface InstrumentRow {
  symbol: string;
  name: string;
  asset_class: Instrument['assetClass'];
  status: Instrument['status'];
  currency: string;
  tick_size: string;
  lot_size: string;
  contract_multiplier: string;
  min_quantity_lots: string;
  max_quantity_lots: string;
  min_price_ticks: string;
  max_price_ticks: string;
  trading_hours: Instrument['tradingHours'];
}

function fromRow(row: InstrumentRow): Instrument {
  return {
    symbol: row.symbol,
    name: row.name,
    assetClass: row.asset_class,
    status: row.status,
    currency: row.currency,
    tickSize: row.tick_size,
    lotSize: toSafeInt(row.lot_size, 'lot_size'),
    contractMultiplier: toSafeInt(row.contract_multiplier, 'contract_multiplier'),
    minQuantityLots: toSafeInt(row.min_quantity_lots, 'min_quantity_lots'),
    maxQuantityLots: toSafeInt(row.max_quantity_lots, 'max_quantity_lots'),
    minPriceTicks: toSafeInt(row.min_price_ticks, 'min_price_ticks'),
    maxPriceTicks: toSafeInt(row.max_price_ticks, 'max_price_ticks'),
    tradingHours: row.trading_hours,
  };
}

function values(instrument: Instrument): unknown[] {
  return [
    instrument.symbol,
    instrument.name,
    instrument.assetClass,
    instrument.status,
    instrument.currency,
    instrument.tickSize,
    instrument.lotSize,
    instrument.contractMultiplier,
    instrument.minQuantityLots,
    instrument.maxQuantityLots,
    instrument.minPriceTicks,
    instrument.maxPriceTicks,
    JSON.stringify(instrument.tradingHours),
  ];
}

/** Throws MARKET_INSTRUMENT_INVALID unless the definition is consistent. */
export function validateInstrument(instrument: Instrument): void {
  try {
    assertInstrument(instrument);
  } catch (error) {
    if (error instanceof TradingError) throw marketError('MARKET_INSTRUMENT_INVALID', error.message, { code: error.code });
    throw error;
  }
}

/** Every instrument, by symbol. */
export async function listInstruments(db: Queryable, filter: { symbol?: string; status?: Instrument['status'] } = {}): Promise<Instrument[]> {
  const { rows } = await db.query<InstrumentRow>(
    `SELECT * FROM md_instruments WHERE ($1::text IS NULL OR symbol = $1) AND ($2::text IS NULL OR status = $2) ORDER BY symbol`,
    [filter.symbol ?? null, filter.status ?? null],
  );
  return rows.map(fromRow);
}

/** One instrument, or null. */
export async function findInstrument(db: Queryable, symbol: string): Promise<Instrument | null> {
  const { rows } = await db.query<InstrumentRow>('SELECT * FROM md_instruments WHERE symbol = $1', [symbol]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** One instrument; MARKET_INSTRUMENT_NOT_FOUND when it does not exist. */
export async function requireInstrument(db: Queryable, symbol: string): Promise<Instrument> {
  const instrument = await findInstrument(db, symbol);
  if (!instrument) throw marketError('MARKET_INSTRUMENT_NOT_FOUND', `No instrument ${symbol}`);
  return instrument;
}

async function announce(client: pg.PoolClient, change: InstrumentUpdatedPayload['change'], instrument: Instrument, revision: string): Promise<void> {
  const payload: InstrumentUpdatedPayload = { change, revision: toSafeInt(revision, 'revision'), instrument };
  await enqueue(client, createEnvelope('instruments.updated', instrument.symbol, payload));
}

/** Announces every instrument at its current revision (`snapshot`), in one transaction; returns how many. */
export async function announceAllInstruments(pool: pg.Pool): Promise<number> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<InstrumentRow & { revision: string }>('SELECT * FROM md_instruments ORDER BY symbol');
    for (const row of rows) await announce(client, 'snapshot', fromRow(row), row.revision);
    return rows.length;
  });
}

/** Creates an instrument; MARKET_INSTRUMENT_EXISTS when the symbol is taken. */
export async function createInstrument(pool: pg.Pool, instrument: Instrument): Promise<Instrument> {
  validateInstrument(instrument);
  return withTransaction(pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO md_instruments (symbol, name, asset_class, status, currency, tick_size, lot_size, contract_multiplier,
         min_quantity_lots, max_quantity_lots, min_price_ticks, max_price_ticks, trading_hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb) ON CONFLICT (symbol) DO NOTHING RETURNING revision`,
      values(instrument),
    );
    if (inserted.rowCount === 0) throw marketError('MARKET_INSTRUMENT_EXISTS', `Instrument ${instrument.symbol} already exists`);
    await announce(client, 'created', instrument, (inserted.rows[0] as { revision: string }).revision);
    return instrument;
  });
}

/** Replaces an instrument's definition (the symbol cannot change). */
export async function updateInstrument(pool: pg.Pool, instrument: Instrument): Promise<Instrument> {
  validateInstrument(instrument);
  return withTransaction(pool, async (client) => {
    const updated = await client.query(
      `UPDATE md_instruments SET name = $2, asset_class = $3, status = $4, currency = $5, tick_size = $6, lot_size = $7,
         contract_multiplier = $8, min_quantity_lots = $9, max_quantity_lots = $10, min_price_ticks = $11, max_price_ticks = $12,
         trading_hours = $13::jsonb, version = version + 1, revision = nextval('md_instrument_revisions'), updated_at = now()
       WHERE symbol = $1 RETURNING revision`,
      values(instrument),
    );
    if (updated.rowCount === 0) throw marketError('MARKET_INSTRUMENT_NOT_FOUND', `No instrument ${instrument.symbol}`);
    await announce(client, 'updated', instrument, (updated.rows[0] as { revision: string }).revision);
    return instrument;
  });
}

/** Deletes an instrument that has no stored market data (else MARKET_INSTRUMENT_HAS_DATA). */
export async function deleteInstrument(pool: pg.Pool, symbol: string, seriesTables: readonly string[]): Promise<void> {
  await withTransaction(pool, async (client) => {
    const locked = await client.query<InstrumentRow>('SELECT * FROM md_instruments WHERE symbol = $1 FOR UPDATE', [symbol]);
    const row = locked.rows[0];
    if (!row) throw marketError('MARKET_INSTRUMENT_NOT_FOUND', `No instrument ${symbol}`);
    for (const table of seriesTables) {
      const used = await client.query(`SELECT 1 FROM ${table} WHERE symbol = $1 LIMIT 1`, [symbol]);
      if (used.rows.length > 0) throw marketError('MARKET_INSTRUMENT_HAS_DATA', `${symbol} has stored data in ${table}; set its status to delisted instead`);
    }
    await client.query('DELETE FROM md_instruments WHERE symbol = $1', [symbol]);
    const { rows } = await client.query<{ revision: string }>("SELECT nextval('md_instrument_revisions') AS revision");
    await announce(client, 'deleted', fromRow(row), rows[0]!.revision);
  });
}

/**
 * A demo instrument of the simulation venue. Its trading hours are the venue's, not the listing
 * exchange's: the simulated market trades around the clock (ALWAYS_OPEN, 24 h on 7 days), so user
 * orders are accepted whenever the simulated book is live. Real-exchange instruments defined by an
 * admin keep the hours they are given.
 */
function simulatedEquity(symbol: string, name: string, assetClass: Instrument['assetClass'] = 'equity'): Instrument {
  return {
    symbol,
    name,
    assetClass,
    status: 'active',
    currency: 'USD',
    tickSize: '0.01',
    lotSize: 1,
    contractMultiplier: 1,
    minQuantityLots: 1,
    maxQuantityLots: 1_000_000,
    minPriceTicks: 1,
    maxPriceTicks: 10_000_000,
    tradingHours: ALWAYS_OPEN,
  };
}

/** The demo instruments seeded on a fresh install, on the simulation venue's 24/7 hours (the shared LOBSTER/OHLCV samples use AAPL, AMZN, GOOG). */
export const DEMO_INSTRUMENTS: readonly Instrument[] = [
  simulatedEquity('AAPL', 'Apple Inc.'),
  simulatedEquity('AMZN', 'Amazon.com, Inc.'),
  simulatedEquity('GOOG', 'Alphabet Inc. (Class C)'),
  simulatedEquity('MSFT', 'Microsoft Corporation'),
  simulatedEquity('SPY', 'SPDR S&P 500 ETF Trust', 'etf'),
];

const SEEDED_KEY = 'demo-instruments-seeded';

/** Seeds the demo instruments once per database, and only when no instrument exists yet. */
export async function seedDemoInstruments(pool: pg.Pool): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    const marker = await client.query(`INSERT INTO md_service_state (key, value) VALUES ($1, 'true') ON CONFLICT (key) DO NOTHING`, [SEEDED_KEY]);
    if (marker.rowCount === 0) return [];
    const existing = await client.query('SELECT 1 FROM md_instruments LIMIT 1');
    if (existing.rows.length > 0) return [];
    for (const instrument of DEMO_INSTRUMENTS) {
      const inserted = await client.query(
        `INSERT INTO md_instruments (symbol, name, asset_class, status, currency, tick_size, lot_size, contract_multiplier,
           min_quantity_lots, max_quantity_lots, min_price_ticks, max_price_ticks, trading_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb) RETURNING revision`,
        values(instrument),
      );
      await announce(client, 'created', instrument, (inserted.rows[0] as { revision: string }).revision);
    }
    return DEMO_INSTRUMENTS.map((instrument) => instrument.symbol);
  });
}

/** The hours versions before the 24/7 simulation venue seeded the demo instruments with. */
const EARLIER_DEMO_HOURS: Instrument['tradingHours'] = {
  timeZone: 'America/New_York',
  sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }],
  holidays: [],
};

const DEMO_HOURS_KEY = 'demo-instruments-24x7';

/**
 * Once per database: demo instruments still on exactly the hours an earlier version seeded get the
 * simulation venue's 24/7 hours (announced like any change); hours an admin changed stay. Returns
 * the symbols changed.
 */
export async function upgradeDemoTradingHours(pool: pg.Pool): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    const marker = await client.query(`INSERT INTO md_service_state (key, value) VALUES ($1, 'true') ON CONFLICT (key) DO NOTHING`, [DEMO_HOURS_KEY]);
    if (marker.rowCount === 0) return [];
    const changed: string[] = [];
    for (const demo of DEMO_INSTRUMENTS) {
      const { rows } = await client.query<InstrumentRow & { revision: string }>(
        `UPDATE md_instruments SET trading_hours = $2::jsonb, version = version + 1, revision = nextval('md_instrument_revisions'), updated_at = now()
         WHERE symbol = $1 AND trading_hours = $3::jsonb RETURNING *`,
        [demo.symbol, JSON.stringify(demo.tradingHours), JSON.stringify(EARLIER_DEMO_HOURS)],
      );
      if (!rows[0]) continue;
      await announce(client, 'updated', fromRow(rows[0]), rows[0].revision);
      changed.push(demo.symbol);
    }
    return changed;
  });
}
