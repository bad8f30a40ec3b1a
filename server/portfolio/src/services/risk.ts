// Exposure and VaR of one account, from its current valuation and the stored daily closes.
import type { Exposure, ValueAtRisk } from '@kestrel/shared';
import { computeExposure } from '../domain/exposure.js';
import { historicalVar, type VarOptions } from '../domain/value-at-risk.js';
import type { AccountRecord } from '../store/accounts-store.js';
import { loadDailyCloses } from '../store/market-store.js';
import type { Queryable } from '../store/queryable.js';
import { loadAccountState } from './account-state.js';

/** The account's exposure now. */
export async function accountExposure(db: Queryable, account: AccountRecord): Promise<Exposure> {
  const state = await loadAccountState(db, account);
  const totals = computeExposure(
    state.positions.map((entry) => ({
      symbol: entry.position.symbol,
      quantityLots: entry.position.quantityLots,
      markPriceTicks: entry.valuation.markPriceTicks,
      markSource: entry.valuation.markSource,
      marketValueMinor: entry.valuation.marketValueMinor,
    })),
    state.valuation.equityMinor,
  );
  return { accountId: account.id, currency: account.currency, asOf: new Date().toISOString(), ...totals };
}

/** The account's one-day historical-simulation VaR now. */
export async function accountValueAtRisk(db: Queryable, account: AccountRecord, options: VarOptions): Promise<ValueAtRisk> {
  const state = await loadAccountState(db, account);
  const held = state.positions.filter((entry) => entry.position.quantityLots !== 0);
  const symbols = held.map((entry) => entry.position.symbol);
  // Twice the window, so symbols whose trading days differ still share enough days.
  const closes = await loadDailyCloses(db, symbols, (options.windowDays + 1) * 2);
  const result = historicalVar(
    held.map((entry) => {
      const series = closes.get(entry.position.symbol) ?? [];
      // Mark: the last trade price, else the last close, else the average open price.
      const markPriceTicks = entry.mark?.priceTicks ?? series[series.length - 1]?.closeTicks ?? entry.valuation.markPriceTicks;
      return { symbol: entry.position.symbol, quantityLots: entry.position.quantityLots, markPriceTicks, valuePerTickLot: entry.valuePerTickLot };
    }),
    closes,
    options,
  );
  return {
    accountId: account.id,
    currency: account.currency,
    asOf: new Date().toISOString(),
    method: 'historical-simulation',
    horizonDays: 1,
    confidenceBps: options.confidenceBps,
    scenarioCount: result.scenarios.length,
    firstDay: result.firstDay,
    lastDay: result.lastDay,
    valueAtRiskMinor: result.valueAtRiskMinor,
    expectedShortfallMinor: result.expectedShortfallMinor,
    symbols: symbols.sort(),
    worstScenarios: result.tail,
  };
}
