// Scenario use case: the caller's account (any account the portfolio lets the caller see, paper or
// not) is valued as the portfolio values it now, then under the scenario — percentage shocks per
// symbol and/or for every symbol (`symbol` omitted), or a recorded stressed day, whose move per
// held symbol is that day's close over the previous recorded daily close (the day's open when no
// earlier daily bar lies within ten days) from the market-data history. Limits: those given in the
// request, else the account's (own override, else the default) when the caller may read risk
// limits, else none (the answer says which). Invariant: refuses rather than guesses — a stressed
// day missing a held symbol's bars is SIMULATION_SCENARIO_INVALID naming the symbols.
import type { RiskLimits } from '@kestrel/shared';
import type { Caller, Credentials } from '../access.js';
import type { MarketDataClient } from '../clients/market-data-client.js';
import type { OrderClient } from '../clients/order-client.js';
import type { PortfolioClient } from '../clients/portfolio-client.js';
import { applyScenario, moveOfBps, type PriceMove, type ScenarioOutcome } from '../domain/scenario.js';
import { simulationError } from '../errors.js';

/** A scenario request. */
export interface ScenarioRequest {
  accountId: string;
  shocks?: { symbol?: string; shockBps: number }[];
  stressedDay?: string;
  limits?: RiskLimits;
}

/** The answer. */
export interface ScenarioReport extends ScenarioOutcome {
  accountId: string;
  currency: string;
  equityMinor: number;
  shockedEquityMinor: number;
  limitsSource: 'request' | 'account' | 'default' | 'none';
  limits: RiskLimits | null;
}

/** What the use case needs. */
export interface ScenarioContext {
  portfolio: PortfolioClient;
  marketData: MarketDataClient;
  orders: OrderClient;
}

const DAY_MS = 86_400_000;
const HISTORY_END_MS = Date.parse('2200-01-01T00:00:00.000Z');

async function stressedMoves(context: ScenarioContext, credentials: Credentials, day: string, symbols: readonly string[]): Promise<Map<string, PriceMove>> {
  const dayStart = Date.parse(`${day}T00:00:00.000Z`);
  // The market-data service stores 1970..2200; a day outside (with its ten-day lookback) has no bars.
  if (!(dayStart >= 10 * DAY_MS && dayStart < HISTORY_END_MS)) throw simulationError('SIMULATION_SCENARIO_INVALID', `${day} is outside the stored history (1970-01-11 … 2199-12-31)`);
  const moves = new Map<string, PriceMove>();
  const missing: string[] = [];
  for (const symbol of symbols) {
    const bars = await context.marketData.bars(credentials, symbol, '1d', new Date(dayStart - 10 * DAY_MS).toISOString(), new Date(dayStart + DAY_MS).toISOString());
    const index = bars.findIndex((bar) => bar.time.startsWith(day));
    const bar = bars[index];
    if (!bar) {
      missing.push(symbol);
      continue;
    }
    const reference = index > 0 ? bars[index - 1]!.close : bar.open;
    moves.set(symbol, { numerator: BigInt(bar.close), denominator: BigInt(reference) });
  }
  if (missing.length > 0) throw simulationError('SIMULATION_SCENARIO_INVALID', `No recorded daily bar on ${day} for ${missing.join(', ')}`, { missingSymbols: missing });
  return moves;
}

/** Runs a scenario on the caller's account. */
export async function runScenario(context: ScenarioContext, _caller: Caller, credentials: Credentials, request: ScenarioRequest): Promise<ScenarioReport> {
  const hasShocks = request.shocks !== undefined && request.shocks.length > 0;
  if (hasShocks === (request.stressedDay !== undefined)) throw simulationError('SIMULATION_SCENARIO_INVALID', 'Give either shocks or a stressedDay');
  const shocks = request.shocks ?? [];
  const keys = shocks.map((shock) => shock.symbol ?? '*');
  if (new Set(keys).size !== keys.length) throw simulationError('SIMULATION_SCENARIO_INVALID', 'A symbol (or the all-symbols shock) is given twice');
  const account = await context.portfolio.account(credentials, request.accountId);
  if (!account) throw simulationError('SIMULATION_ACCOUNT_NOT_FOUND', 'No such account');
  const positions = (await context.portfolio.positions(credentials, account.id)).filter((position) => position.quantityLots !== 0);
  let moveOf: (symbol: string) => PriceMove | null;
  if (request.stressedDay !== undefined) {
    const moves = await stressedMoves(context, credentials, request.stressedDay, [...new Set(positions.map((position) => position.symbol))]);
    moveOf = (symbol) => moves.get(symbol) ?? null;
  } else {
    const bySymbol = new Map(shocks.map((shock) => [shock.symbol ?? '*', moveOfBps(shock.shockBps)]));
    moveOf = (symbol) => bySymbol.get(symbol) ?? bySymbol.get('*') ?? null;
  }
  let limitsSource: ScenarioReport['limitsSource'] = 'none';
  let limits: RiskLimits | null = null;
  if (request.limits !== undefined) {
    limitsSource = 'request';
    limits = request.limits;
  } else {
    const found = await context.orders.accountLimits(credentials, account.id);
    if (found) {
      limitsSource = found.source;
      limits = found.limits;
    }
  }
  let outcome: ScenarioOutcome;
  try {
    outcome = applyScenario(positions, moveOf, limits);
  } catch (error) {
    if (error instanceof RangeError) throw simulationError('SIMULATION_SCENARIO_INVALID', `The scenario's values are out of range: ${error.message}`);
    throw error;
  }
  return { accountId: account.id, currency: account.currency, equityMinor: account.equityMinor, shockedEquityMinor: account.equityMinor + outcome.totalPnlMinor, limitsSource, limits, ...outcome };
}
