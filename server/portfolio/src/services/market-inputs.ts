// The prices and reference data other services push into the portfolio: instrument economics,
// last trade prices (marks) and daily closes. A mark update re-values every account holding one
// of the re-marked symbols and records a P&L snapshot for each (cause 'mark'), one account per
// transaction, so the P&L series follows the market between fills.
import type pg from 'pg';
import { assertInstrument, type Instrument, type InstrumentEconomics } from '@kestrel/shared';
import { withTransaction } from '@kestrel/server-common';
import type { DailyClose } from '../domain/value-at-risk.js';
import { lockAccount } from '../store/accounts-store.js';
import { upsertInstruments } from '../store/instruments-store.js';
import { upsertDailyCloses, upsertMarks, type Mark } from '../store/market-store.js';
import { insertSnapshot } from '../store/snapshots-store.js';
import { loadAccountState, snapshotOf } from './account-state.js';

/** Stores instrument economics (full definitions are checked for consistency first). */
export async function storeInstruments(pool: pg.Pool, instruments: readonly Instrument[]): Promise<number> {
  for (const instrument of instruments) assertInstrument(instrument);
  const economics: InstrumentEconomics[] = instruments.map(({ symbol, currency, tickSize, lotSize, contractMultiplier }) => ({
    symbol,
    currency,
    tickSize,
    lotSize,
    contractMultiplier,
  }));
  await upsertInstruments(pool, economics);
  return economics.length;
}

/** Stores daily closes for VaR. */
export async function storeDailyCloses(pool: pg.Pool, closes: readonly (DailyClose & { symbol: string })[]): Promise<number> {
  return upsertDailyCloses(pool, closes);
}

/** Records last trade prices and snapshots every account they re-value; returns what changed. */
export async function storeMarks(pool: pg.Pool, marks: readonly Mark[]): Promise<{ updatedSymbols: string[]; revaluedAccounts: number }> {
  const updatedSymbols = await upsertMarks(pool, marks, 'market');
  if (updatedSymbols.length === 0) return { updatedSymbols, revaluedAccounts: 0 };
  const { rows } = await pool.query<{ account_id: string }>(
    'SELECT DISTINCT account_id FROM portfolio_positions WHERE symbol = ANY($1::text[]) AND quantity_lots <> 0 ORDER BY account_id',
    [updatedSymbols],
  );
  const at = marks
    .filter((mark) => updatedSymbols.includes(mark.symbol))
    .map((mark) => mark.asOf)
    .reduce((latest, asOf) => (Date.parse(asOf) > Date.parse(latest) ? asOf : latest));
  for (const row of rows) {
    await withTransaction(pool, async (client) => {
      const account = await lockAccount(client, row.account_id);
      if (!account) return;
      await insertSnapshot(client, snapshotOf(await loadAccountState(client, account), new Date(at).toISOString(), 'mark'));
    });
  }
  return { updatedSymbols, revaluedAccounts: rows.length };
}
