// Public surface of the market-data helpers: the OHLCV bar shape, the CSV reader, exact
// price-to-tick conversion and the gap report, plus the normalised event contracts (bar
// intervals, ticks/quotes/book events, and the market.ticks / market.data / instruments.updated payloads). Pure
// TypeScript: callers read files themselves.

export { parseDecimal, parseTickSize, priceToTicks, ticksToPrice, type Decimal } from './decimal-ticks.js';
export { findGaps, sessionFilter, type Gap, type GapReport, type GapReportOptions, type TradingSession } from './gap-report.js';
export { MARKET_DATA_ERROR_CODES, MarketDataError, type MarketDataErrorCode } from './market-data-error.js';
export { toColumns, type OhlcTicks, type OhlcvBar, type OhlcvColumns } from './ohlcv-bar.js';
export { readOhlcvCsv, type OhlcvCsvLayout, type OhlcvCsvOptions, type OhlcvCsvResult } from './ohlcv-csv.js';
export type { ColumnMap, OhlcvField } from './ohlcv-csv-header.js';
export {
  BAR_INTERVALS,
  BAR_INTERVAL_MICROS,
  BarIntervalSchema,
  ROLLUP_SOURCE,
  barStart,
  isBarAligned,
  isBarInterval,
  type BarInterval,
} from './bar-interval.js';
export {
  AggressorSchema,
  BookDeltaEventSchema,
  BookLevelSchema,
  BookSnapshotEventSchema,
  FEED_STATES,
  FeedStatusEventSchema,
  MarketEventSchema,
  MarketSourceSchema,
  QuoteEventSchema,
  QuoteSideSchema,
  TimeMicrosSchema,
  TradeEventSchema,
  type BookDeltaEvent,
  type BookLevel,
  type BookSnapshotEvent,
  type FeedState,
  type FeedStatusEvent,
  type MarketEvent,
  type QuoteEvent,
  type TradeEvent,
} from './market-events.js';
export {
  BarGapSchema,
  LiveBarSchema,
  MarketDataPayloadSchema,
  MarketTicksMessageSchema,
  type BarGap,
  type LiveBar,
  type MarketDataPayload,
  type MarketTicksMessage,
} from './market-data-payloads.js';
export { INSTRUMENT_CHANGES, InstrumentUpdatedPayloadSchema, type InstrumentUpdatedPayload } from './instrument-events.js';
