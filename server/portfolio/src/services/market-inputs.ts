// The prices and reference data other services push into the portfolio: instrument economics,
// last trade prices (marks) and daily closes. Each batch is checked whole before anything is
// written — an entry that matches the schema but breaks a rule it cannot express answers 422 with
// `details.index` — then folded to one entry per key (domain/batch.ts) and written all or nothing.
// A mark update re-values every account holding one of the re-marked symbols and records a P&L
// snapshot for each (cause 'mark') in the same transaction, so the P&L series follows the market
// between fills, and a price that would value a holding beyond ±(2^53 − 1) minor units is refused
// (PORTFOLIO_AMOUNT_OUT_OF_RANGE) without leaving a mark or snapshot behind.
// Known limit: a mark batch holds the locks of the accounts it re-values until it commits, so
// their fills and deposits wait for it; batches are bounded by the route's maxItems.
import type pg from 'pg';
import { TradingError, assertInstrument, instantMillis, isCalendarDay, type Instrument, type InstrumentEconomics } from '@kestrel/shared';
import { withTransaction } from '@kestrel/server-common';
import { lastPerKey, newestPerKey } from '../domain/batch.js';
import type { DailyClose } from '../domain/value-at-risk.js';
import { portfolioError } from '../errors.js';
import { lockAccountsHolding } from '../store/accounts-store.js';
import { upsertInstruments } from '../store/instruments-store.js';
import { upsertDailyCloses, upsertMarks, type Mark } from '../store/market-store.js';
import { insertSnapshot } from '../store/snapshots-store.js';
import { loadAccountState, snapshotOf } from './account-state.js';

/** Stores instrument economics after checking every full definition; returns the symbols stored. */
export async function storeInstruments(pool: pg.Pool, instruments: readonly Instrument[]): Promise<number> {
  instruments.forEach((instrument, index) => {
    try {
      assertInstrument(instrument);
    } catch (error) {
      if (!(error instanceof TradingError)) throw error;
      throw portfolioError('PORTFOLIO_INVALID_INSTRUMENT', `instruments[${index}]: ${error.message}`, { index, symbol: instrument.symbol });
    }
  });
  const economics = lastPerKey(instruments, (instrument) => instrument.symbol).map(
    ({ symbol, currency, tickSize, lotSize, contractMultiplier }): InstrumentEconomics => ({ symbol, currency, tickSize, lotSize, contractMultiplier }),
  );
  await upsertInstruments(pool, economics);
  return economics.length;
}

/** Stores daily closes for VaR (a later close for the same symbol and day wins); returns the rows written. */
export async function storeDailyCloses(pool: pg.Pool, closes: readonly (DailyClose & { symbol: string })[]): Promise<number> {
  closes.forEach((close, index) => {
    if (!isCalendarDay(close.day)) throw portfolioError('PORTFOLIO_INVALID_DAY', `closes[${index}].day ${close.day} is not a calendar day`, { index });
  });
  // A space cannot occur in a symbol, so it separates the key's parts unambiguously.
  return upsertDailyCloses(pool, lastPerKey(closes, (close) => `${close.symbol} ${close.day}`));
}

/** Records last trade prices and snapshots every account they re-value; returns what changed. */
export async function storeMarks(pool: pg.Pool, marks: readonly Mark[]): Promise<{ updatedSymbols: string[]; revaluedAccounts: number }> {
  const timed = marks.map((mark, index) => {
    const millis = instantMillis(mark.asOf);
    if (millis === null) {
      throw portfolioError('PORTFOLIO_TIMESTAMP_OUT_OF_RANGE', `marks[${index}].asOf ${mark.asOf} is outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z`, { index });
    }
    // Stored in the UTC millisecond form every Kestrel timestamp is returned in.
    return { symbol: mark.symbol, priceTicks: mark.priceTicks, asOf: new Date(millis).toISOString(), millis };
  });
  const latest = newestPerKey(timed, (mark) => mark.symbol, (mark) => mark.millis);
  return withTransaction(pool, async (client) => {
    // Holders are locked before the marks are written: a fill locks its account and then writes its
    // symbol's mark, so taking the locks in the other order could deadlock with it.
    const holders = await lockAccountsHolding(client, latest.map((mark) => mark.symbol));
    const updatedSymbols = await upsertMarks(client, latest.map(({ symbol, priceTicks, asOf }) => ({ symbol, priceTicks, asOf })), 'market');
    const updated = new Set(updatedSymbols);
    const applied = latest.filter((mark) => updated.has(mark.symbol));
    if (applied.length === 0) return { updatedSymbols, revaluedAccounts: 0 };
    const at = new Date(applied.reduce((newest, mark) => Math.max(newest, mark.millis), -Infinity)).toISOString();
    let revaluedAccounts = 0;
    for (const account of holders) {
      const state = await loadAccountState(client, account);
      if (!state.positions.some((entry) => entry.position.quantityLots !== 0 && updated.has(entry.position.symbol))) continue;
      await insertSnapshot(client, snapshotOf(state, at, 'mark'));
      revaluedAccounts += 1;
    }
    return { updatedSymbols, revaluedAccounts };
  });
}
