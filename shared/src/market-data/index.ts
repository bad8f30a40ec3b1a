// Public surface of the market-data helpers: the OHLCV bar shape, the CSV reader, exact
// price-to-tick conversion and the gap report. Pure TypeScript: callers read files themselves.

export { parseDecimal, parseTickSize, priceToTicks, ticksToPrice, type Decimal } from './decimal-ticks.js';
export { findGaps, sessionFilter, type Gap, type GapReport, type GapReportOptions, type TradingSession } from './gap-report.js';
export { MARKET_DATA_ERROR_CODES, MarketDataError, type MarketDataErrorCode } from './market-data-error.js';
export { toColumns, type OhlcTicks, type OhlcvBar, type OhlcvColumns } from './ohlcv-bar.js';
export { readOhlcvCsv, type OhlcvCsvLayout, type OhlcvCsvOptions, type OhlcvCsvResult } from './ohlcv-csv.js';
export type { ColumnMap, OhlcvField } from './ohlcv-csv-header.js';
