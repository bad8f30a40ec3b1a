// Rows of portfolio_instruments: the economics (currency, tick size, lot size, multiplier) the
// portfolio needs to turn ticks and lots into money. Written from instruments.updated (only when
// the event's revision is newer than the stored one), from every orders.executed payload and by the
// internal instruments route (these two carry no revision: the latest write wins).
import type { InstrumentEconomics } from '@kestrel/shared';
import type { Statement } from '@kestrel/server-common';
import { toSafeInt, type Queryable } from './queryable.js';

interface InstrumentRow {
  symbol: string;
  currency: string;
  tick_size: string;
  lot_size: string;
  contract_multiplier: string;
}

/** Inserts or replaces instrument economics. */
export async function upsertInstruments(db: Queryable, instruments: readonly InstrumentEconomics[]): Promise<void> {
  if (instruments.length === 0) return;
  await db.query(
    `INSERT INTO portfolio_instruments (symbol, currency, tick_size, lot_size, contract_multiplier)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(symbol text, currency text, "tickSize" text, "lotSize" bigint, "contractMultiplier" bigint)
     ON CONFLICT (symbol) DO UPDATE SET currency = EXCLUDED.currency, tick_size = EXCLUDED.tick_size,
       lot_size = EXCLUDED.lot_size, contract_multiplier = EXCLUDED.contract_multiplier, updated_at = now()`,
    [JSON.stringify(instruments)],
  );
}

/** Stores one instrument's economics from an instruments.updated event unless the stored revision is the same or newer. */
export async function upsertInstrumentRevision(db: Queryable, instrument: InstrumentEconomics, revision: number): Promise<void> {
  await db.query(
    `INSERT INTO portfolio_instruments (symbol, currency, tick_size, lot_size, contract_multiplier, revision) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (symbol) DO UPDATE SET currency = EXCLUDED.currency, tick_size = EXCLUDED.tick_size, lot_size = EXCLUDED.lot_size,
       contract_multiplier = EXCLUDED.contract_multiplier, revision = EXCLUDED.revision, updated_at = now()
     WHERE portfolio_instruments.revision < EXCLUDED.revision`,
    [instrument.symbol, instrument.currency, instrument.tickSize, instrument.lotSize, instrument.contractMultiplier, revision],
  );
}

/** The known economics of `symbols` and of every symbol the accounts `heldBy` hold a position in, for sending with others. */
export function findInstrumentsStatement(symbols: readonly string[], heldBy: readonly string[]): Statement {
  return {
    text: `SELECT symbol, currency, tick_size, lot_size, contract_multiplier FROM portfolio_instruments
      WHERE symbol = ANY($1::text[]) OR symbol IN (SELECT symbol FROM portfolio_positions WHERE account_id = ANY($2::uuid[]))`,
    values: [symbols, heldBy],
  };
}

/** findInstrumentsStatement's answer from its result. */
export function foundInstruments(result: { rows: unknown[] }): Map<string, InstrumentEconomics> {
  return new Map(
    (result.rows as InstrumentRow[]).map((row) => [
      row.symbol,
      {
        symbol: row.symbol,
        currency: row.currency,
        tickSize: row.tick_size,
        lotSize: toSafeInt(row.lot_size, 'lot size'),
        contractMultiplier: toSafeInt(row.contract_multiplier, 'contract multiplier'),
      },
    ]),
  );
}
