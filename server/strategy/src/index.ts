// Public surface of the strategy service package: the backtester (engine, fill/commission/slippage
// models, statistics, pre-flight data check), the built-in strategies, and parameter optimisation
// with walk-forward analysis. The Fastify plugin (ServiceModule) will be added with its routes.

export * from './domain/backtest/index.js';
export * from './domain/strategies/index.js';
export * from './domain/optimise/index.js';
