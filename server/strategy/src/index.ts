// Public surface of the strategy service package: the ServiceModule (strategies, deployments with
// sandboxed user code), plus the backtester (engine, fill/commission/slippage models, statistics,
// pre-flight data check), the built-in strategies, and parameter optimisation with walk-forward
// analysis that the CLI runs directly.

export { strategyService } from './app.js';
export { StrategyErrors } from './errors.js';
export * from './domain/backtest/index.js';
export * from './domain/strategies/index.js';
export * from './domain/optimise/index.js';
