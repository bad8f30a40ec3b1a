// The built-in strategies and the strategy registry.

export { donchianBreakout } from './donchian-breakout.js';
export { marketMaker } from './market-maker.js';
export { builtinStrategy, BUILTIN_STRATEGIES, loadStrategy, type StrategySource } from './registry.js';
export { rsiMeanReversion } from './rsi-mean-reversion.js';
export { smaCross } from './sma-cross.js';
