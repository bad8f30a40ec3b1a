// SQL of what the service keeps from the market-data service: instrument definitions
// (instruments.updated, applied by revision), the last trade price per symbol and the per-minute
// volume profile VWAP reads (market.data).
import type { Instrument } from '@kestrel/shared';
import { toSafeInt, type Queryable } from './queryable.js';

/** Stores an instrument definition unless the stored one has the same or a newer revision. */
export async function upsertInstrument(db: Queryable, instrument: Instrument, revision: number): Promise<void> {
  await db.query(
    `INSERT INTO order_instruments (symbol, definition, revision, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (symbol) DO UPDATE SET definition = EXCLUDED.definition, revision = EXCLUDED.revision, updated_at = now()
     WHERE order_instruments.revision < EXCLUDED.revision`,
    [instrument.symbol, JSON.stringify(instrument), revision],
  );
}

/** Forgets an instrument unless the stored definition is newer than the deletion. */
export async function deleteInstrument(db: Queryable, symbol: string, revision: number): Promise<void> {
  await db.query('DELETE FROM order_instruments WHERE symbol = $1 AND revision < $2', [symbol, revision]);
}

/** The instrument definition, or null when instruments.updated never announced it. */
export async function findInstrument(db: Queryable, symbol: string): Promise<Instrument | null> {
  const result = await db.query<{ definition: Instrument }>({ name: 'order-find-instrument', text: 'SELECT definition FROM order_instruments WHERE symbol = $1', values: [symbol] });
  return result.rows[0]?.definition ?? null;
}

/** Records a trade price unless a later one is already known. */
export async function recordLastTrade(db: Queryable, symbol: string, priceTicks: number, timeMicros: number): Promise<void> {
  // Named: the market-data consumer runs it for every trade.
  await db.query({
    name: 'order-record-last-trade',
    text: `INSERT INTO order_last_trades (symbol, price_ticks, time_micros) VALUES ($1, $2, $3)
     ON CONFLICT (symbol) DO UPDATE SET price_ticks = EXCLUDED.price_ticks, time_micros = EXCLUDED.time_micros
     WHERE order_last_trades.time_micros <= EXCLUDED.time_micros`,
    values: [symbol, priceTicks, timeMicros],
  });
}

/** The last known trade price, or null. */
export async function lastTradePrice(db: Queryable, symbol: string): Promise<number | null> {
  const result = await db.query<{ price_ticks: string }>('SELECT price_ticks FROM order_last_trades WHERE symbol = $1', [symbol]);
  return result.rows[0] ? toSafeInt(result.rows[0].price_ticks, 'price_ticks') : null;
}

/** Adds one finished 1-minute bar's volume to its minute of day. */
export async function addBarVolume(db: Queryable, symbol: string, minuteOfDay: number, volumeLots: number): Promise<void> {
  await db.query(
    `INSERT INTO order_volume_profile (symbol, minute_of_day, volume_lots, bars) VALUES ($1, $2, $3, 1)
     ON CONFLICT (symbol, minute_of_day) DO UPDATE SET volume_lots = order_volume_profile.volume_lots + EXCLUDED.volume_lots,
       bars = order_volume_profile.bars + 1`,
    [symbol, minuteOfDay, volumeLots],
  );
}

/** Average volume per minute of day (scaled by 1000 to keep three decimals as integers), for the minutes that have bars. */
export async function volumeProfile(db: Queryable, symbol: string): Promise<Map<number, bigint>> {
  const result = await db.query<{ minute_of_day: number; average: string }>(
    'SELECT minute_of_day, floor(volume_lots * 1000 / bars)::text AS average FROM order_volume_profile WHERE symbol = $1',
    [symbol],
  );
  return new Map(result.rows.map((row) => [row.minute_of_day, BigInt(row.average)]));
}
