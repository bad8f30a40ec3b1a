// Public surface of the strategy API: the Strategy hooks and definition, typed parameters, the
// context (market data, orders, positions, timers, logging), the market events and the helpers a
// runtime shares (bar history, indicator feeds, order-request completion). Pure TypeScript: the
// same strategy code runs in a backtest, in paper trading and live (docs/strategies.md).

export { RingBarHistory, type BarHistory } from './bar-history.js';
export type {
  LogFields,
  OrderOptions,
  RunMode,
  StrategyContext,
  StrategyFill,
  StrategyInstrument,
  StrategyLogger,
  StrategyOrderRequest,
} from './context.js';
export { FedIndicator, type IndicatorHandle } from './indicator-handle.js';
export { MarketContext } from './market-context.js';
export { MarketData, type IndicatorOptions, type MarketDataView } from './market-data-view.js';
export {
  priceOf,
  type MarketBar,
  type MarketTick,
  type PriceSource,
  type TimerEvent,
} from './market-events.js';
export { completeRequest, impliedOrderType, requestIssues, shortcutRequest } from './order-request.js';
export {
  defaultParams,
  defineParams,
  paramIssues,
  parseParams,
  type BooleanParamSpec,
  type ChoiceParamSpec,
  type IntegerParamSpec,
  type NumberParamSpec,
  type ParamSpec,
  type ParamSpecs,
  type ParamValue,
  type ParamValues,
  type RawParams,
} from './params.js';
export { defineStrategy, type Strategy, type StrategyDefinition } from './strategy.js';
export { STRATEGY_ERROR_CODES, StrategyError, type ParamIssue, type StrategyErrorCode } from './strategy-error.js';
export { StrategySignalPayloadSchema, type StrategySignalPayload } from './signal-payload.js';
export type { WalkForwardCurvePage } from './walk-forward-curve.js';
