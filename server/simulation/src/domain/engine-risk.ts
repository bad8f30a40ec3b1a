// The engine risk configuration of a replay session's paper account, from the risk desk's settings:
// the same translation the execution service makes for live orders (server/execution/src/domain/
// order-translation.ts, engineLimits), and one kill switch for the account — the firm-wide switch
// when engaged (it applies to every live account), else the account's own. In the session's engine
// the firm-wide switch cannot be set as such: it would stop the replayed market's own liquidity.
// Known limit: firm-wide (global) limits are not applied — they bound all accounts together, which
// a session's engine (one paper account against the replayed market) does not hold.
import type { KillSwitchMode, RiskLimits as EngineRiskLimits } from '@kestrel/engine';
import type { KillSwitchMode as DeskKillMode, RiskLimits } from '@kestrel/shared';

/** What the risk desk set for one account: its override else the default limits, and both kill switches. */
export interface AccountRiskSettings {
  limits: RiskLimits | null;
  accountKill: DeskKillMode;
  globalKill: DeskKillMode;
}

/** What the session's engine is configured with for the paper account. */
export interface EngineRisk {
  limits: EngineRiskLimits | null;
  killSwitch: KillSwitchMode;
}

/** The engine's limits for the contract's (absent = no limit). */
export function engineLimits(limits: RiskLimits): EngineRiskLimits {
  const out: EngineRiskLimits = {};
  if (limits.maxOrderQuantityLots !== undefined) out.maxOrderQuantity = limits.maxOrderQuantityLots;
  if (limits.maxOrderNotionalTickLots !== undefined) out.maxOrderNotional = limits.maxOrderNotionalTickLots;
  if (limits.maxPositionLots !== undefined) out.maxPosition = limits.maxPositionLots;
  if (limits.maxOpenOrders !== undefined) out.maxOpenOrders = limits.maxOpenOrders;
  if (limits.maxDailyLossTickLots !== undefined) out.maxDailyLoss = limits.maxDailyLossTickLots;
  if (limits.priceCollarBps !== undefined) out.priceCollarBps = limits.priceCollarBps;
  return out;
}

/** The paper account's engine risk configuration. */
export function engineRiskOf(settings: AccountRiskSettings): EngineRisk {
  return {
    limits: settings.limits === null ? null : engineLimits(settings.limits),
    killSwitch: settings.globalKill !== 'off' ? settings.globalKill : settings.accountKill,
  };
}
