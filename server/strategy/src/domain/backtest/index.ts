// The backtester's public surface.

export { BACKTEST_ERROR_CODES, BacktestError, type BacktestErrorCode } from './backtest-error.js';
export { runBacktest, resolveParams, resultMoney, type BacktestOptions, type BacktestResult, type BacktestStrategy } from './backtest-engine.js';
export { backtestInstrument, type BacktestInstrument } from './backtest-instrument.js';
export type { LogEntry } from './backtest-context.js';
export { BarFillModel, type BarFillOptions, type LimitFill, type MarketFill } from './bar-fill-model.js';
export { barSeries, detectPriceDecimals, seriesBar, seriesLength, seriesTime, sliceByTime, tickSizeOfDecimals, type ArrayBarSeries, type BarColumns, type BarSeries, type ColumnBarSeries } from './bar-series.js';
export { createCommissionModel, type CommissionFill, type CommissionModel, type CommissionSpec, type CommissionTier } from './commission.js';
export type { FillMarket, FillModel, FillSink, SimOrder } from './fill-model.js';
export { checkedMinor, decimalsOf, minorToNumber, minorToText, moneyDecimalsFor, toMinor } from './money.js';
export type { RoundTrip } from './round-trips.js';
export { seededRandom } from './seeded-random.js';
export { createSlippageModel, type SlippageModel, type SlippageSpec } from './slippage.js';
export { computeStatistics, drawdownCurve, inferPeriodsPerYear, type Statistics, type StatisticsInput } from './statistics.js';
export { summariseResult, type SummaryOptions } from './backtest-summary.js';
export { loadCsvSeries, runCsvBacktest, symbolFromSource, type CsvBacktestOutcome, type CsvBacktestRequest, type CsvSeries, type CsvSeriesRequest } from './csv-backtest.js';
export { DEFAULT_MAX_IDLE_BARS, describeGaps, intervalText, preflight, typicalInterval, type PreflightOptions, type PreflightReport } from './preflight.js';
export type { PartialSession } from './intraday-holes.js';
export { calendarDays, CALENDARS, nyseHolidays, SPECIAL_CLOSURES, type CalendarName } from './trading-calendar.js';
export { syntheticBars, syntheticSeries, type SyntheticBarOptions } from './synthetic-bars.js';
export { BookFillModel, type BookFillOptions } from './book-fill-model.js';
export { isEventSeries, midTicks, type EventSeries, type MarketSeries, type ReplayEvent } from './event-series.js';
export { lobsterSeries, type LobsterOptions, type LobsterSeries } from './lobster-book.js';
export { EngineBookFillModel, type EngineBookOptions } from './engine-book-fill-model.js';
