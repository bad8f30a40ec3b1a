// The simulation's synthetic traders, as pure decisions over what the engine shows them. Agents:
// - market maker: requotes a bid and an ask around the fair value, skewed against its inventory
//   (the engine's position of its account), replacing its previous quotes;
// - noise trader: small random orders — half cross the fair value (IOC), half rest near it (GTD,
//   expiring after `restingLifetimeMs`, so the book does not grow without bound);
// - momentum trader: when most recent trades were initiated by one side, joins that side (IOC).
// Invariants: the same random source and view give the same intents; prices are >= 1 tick;
// quantities are >= 1 lot. Known limit: one fair value per symbol, a ±1 tick random walk.
import type { Side } from '@kestrel/engine';
import type { SeededRandom } from './random.js';

/** Engine accounts of the agents (user accounts start at 1,000,000). */
export const AGENT_ACCOUNTS = { maker: 1, noise: 2, momentum: 3 } as const;

/** What an agent sees of one symbol. */
export interface SymbolView {
  fairTicks: number;
  /** The maker's position (lots) from the engine's risk state. */
  makerPosition: bigint;
  /** The maker's live order ids. */
  makerOrders: readonly bigint[];
  /** Aggressor sides of the latest trades, oldest first. */
  recentAggressors: readonly Side[];
}

/** One thing an agent wants done. */
export type AgentIntent =
  | { kind: 'cancel'; account: number; orderId: bigint }
  | { kind: 'order'; account: number; side: Side; priceTicks: number; quantityLots: number; timeInForce: 'ioc' | 'gtd' | 'gtc'; lifetimeMs?: number };

/** Agent parameters. */
export interface AgentParameters {
  makerHalfSpreadTicks: number;
  makerQuantityLots: number;
  restingLifetimeMs: number;
}

/** Default parameters. */
export const DEFAULT_AGENT_PARAMETERS: AgentParameters = { makerHalfSpreadTicks: 5, makerQuantityLots: 50, restingLifetimeMs: 30_000 };

const price = (ticks: number) => Math.max(1, Math.round(ticks));

/** The fair value after one random-walk step. */
export function driftFair(random: SeededRandom, fairTicks: number): number {
  return price(fairTicks + random.int(-1, 1));
}

/** One agent decision for a symbol. */
export function decide(random: SeededRandom, view: SymbolView, parameters: AgentParameters = DEFAULT_AGENT_PARAMETERS): AgentIntent[] {
  const pick = random.next();
  if (pick < 0.35 || view.makerOrders.length === 0) {
    const skew = Math.max(-parameters.makerHalfSpreadTicks, Math.min(parameters.makerHalfSpreadTicks, Number(view.makerPosition) / parameters.makerQuantityLots));
    const account = AGENT_ACCOUNTS.maker;
    return [
      ...view.makerOrders.map((orderId): AgentIntent => ({ kind: 'cancel', account, orderId })),
      { kind: 'order', account, side: 'buy', priceTicks: price(view.fairTicks - parameters.makerHalfSpreadTicks - skew), quantityLots: parameters.makerQuantityLots, timeInForce: 'gtc' },
      { kind: 'order', account, side: 'sell', priceTicks: price(view.fairTicks + parameters.makerHalfSpreadTicks - skew), quantityLots: parameters.makerQuantityLots, timeInForce: 'gtc' },
    ];
  }
  if (pick < 0.85) {
    const side: Side = random.next() < 0.5 ? 'buy' : 'sell';
    const sign = side === 'buy' ? 1 : -1;
    const quantityLots = random.int(1, 10);
    if (random.next() < 0.5) {
      return [{ kind: 'order', account: AGENT_ACCOUNTS.noise, side, priceTicks: price(view.fairTicks + sign * random.int(1, parameters.makerHalfSpreadTicks + 3)), quantityLots, timeInForce: 'ioc' }];
    }
    return [{ kind: 'order', account: AGENT_ACCOUNTS.noise, side, priceTicks: price(view.fairTicks - sign * random.int(1, 10)), quantityLots, timeInForce: 'gtd', lifetimeMs: parameters.restingLifetimeMs }];
  }
  const recent = view.recentAggressors.slice(-5);
  const buys = recent.filter((side) => side === 'buy').length;
  if (recent.length < 5 || (buys > 1 && buys < 4)) return [];
  const side: Side = buys >= 4 ? 'buy' : 'sell';
  const sign = side === 'buy' ? 1 : -1;
  return [{ kind: 'order', account: AGENT_ACCOUNTS.momentum, side, priceTicks: price(view.fairTicks + sign * (parameters.makerHalfSpreadTicks + 2)), quantityLots: random.int(2, 8), timeInForce: 'ioc' }];
}
