// Public surface of the trading contracts: integer money and price conventions, instruments,
// orders, executions, accounts, positions and tax lots, P&L, exposure and VaR reports, the
// buying-power check and the trading topics' payloads. Pure TypeScript + TypeBox schemas, so the
// server, the desktop renderer and generated clients share one definition (docs/trading-model.md).

export * from './account.js';
export * from './account-history.js';
export * from './buying-power.js';
export * from './execution.js';
export * from './instants.js';
export * from './instrument.js';
export * from './lot-selection.js';
export * from './money.js';
export * from './order.js';
export * from './order-reject-reason.js';
export * from './order-flow.js';
export * from './order-rules.js';
export * from './parent-order.js';
export * from './pnl.js';
export * from './position.js';
export * from './primitives.js';
export * from './ratio.js';
export * from './risk-report.js';
export * from './topic-payloads.js';
export * from './trading-error.js';
export * from './trading-hours.js';
export * from './validate.js';
