// Public surface of the performance-statistics formulas (returns, drawdown, trades) that the
// backtester and reporting share. Pure TypeScript, no I/O, floats (analytics, not money).

export { annualisedReturn, perPeriodRate, returnStatistics, type ReturnStatistics } from './returns.js';
export { drawdownCurve, summariseDrawdown, type DrawdownSummary } from './drawdown.js';
export { tradeStatistics, type TradeStatistics } from './trades.js';
