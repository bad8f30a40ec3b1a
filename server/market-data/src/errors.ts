// Error codes of the market-data service. Every code is AREA_REASON (area MARKET), has one HTTP
// status and is listed in docs/errors.md and docs/market-data.md (server/cli/test/docs.test.ts and
// errors.test.ts check that). Ingest rejections of single events are not errors: the sink reports
// them per event with these codes and keeps going (see ingest/market-data-sink.ts). A request that
// matches its schema but breaks a rule the schema cannot express (a reversed range, a cursor of
// another query, an indicator period out of range) is 422, as across the platform.
import { KestrelError, defineErrors, type ErrorCode } from '@kestrel/server-common';

/** Error codes raised by the market-data service. */
export const MarketDataErrors = defineErrors({
  MARKET_UNAUTHENTICATED: { status: 401, description: 'The request carries no authenticated principal (the gateway attaches one).' },
  MARKET_FORBIDDEN: { status: 403, description: 'The caller lacks the permission this market-data route needs.' },
  MARKET_SERVICE_TOKEN_INVALID: {
    status: 401,
    description: 'The internal ingest route was called without a valid service token (x-kestrel-service-token) or an admin principal.',
  },
  MARKET_INSTRUMENT_NOT_FOUND: { status: 404, description: 'No instrument with this symbol is defined.' },
  MARKET_INSTRUMENT_EXISTS: { status: 409, description: 'An instrument with this symbol already exists (use PUT to change it).' },
  MARKET_INSTRUMENT_INVALID: { status: 422, description: 'The instrument definition is inconsistent (tick size, currency, limits or trading hours); `details` says why.' },
  MARKET_INSTRUMENT_HAS_DATA: { status: 409, description: 'The instrument still has stored market data; set its status to `delisted` instead of deleting it.' },
  MARKET_INVALID_RANGE: { status: 422, description: 'The time range is empty or reversed, or a parameter combination is contradictory.' },
  MARKET_CURSOR_INVALID: { status: 422, description: 'The paging cursor is malformed or belongs to another query (symbol, interval or order).' },
  MARKET_INDICATOR_INVALID: { status: 422, description: 'The indicator name or one of its parameters is out of range (the message names it).' },
  MARKET_BOOK_UNAVAILABLE: { status: 404, description: 'No order book has been recorded for this symbol (and source), so there is nothing to show — never an empty book.' },
  MARKET_IMPORT_INVALID: {
    status: 422,
    description: 'The import file is malformed; `details` has the stable data code and the 1-based line number. Nothing was written.',
  },
  MARKET_IMPORT_SOURCE_MISSING: { status: 422, description: 'An import needs its data inline or an object-storage key, not both and not neither.' },
  MARKET_IMPORT_OBJECT_NOT_FOUND: { status: 404, description: 'The object-storage key named by the import does not exist.' },
  MARKET_REPLAY_NOT_FOUND: { status: 404, description: 'No replay session with this id is visible to the caller in this process.' },
  MARKET_REPLAY_LIMIT: { status: 429, description: 'This process already runs the maximum number of replay sessions; delete one first.' },
  MARKET_VALUE_OUT_OF_RANGE: {
    status: 422,
    description: 'A stored sum (a bar volume) exceeds 2^53 - 1 and cannot be carried as a JSON number; narrow the query to finer bars.',
  },
  MARKET_EVENT_INVALID: { status: 422, description: 'Every event of an ingest request was rejected; `details` lists each rejection with its index and reason.' },
  MARKET_STORAGE_LAYOUT_MISMATCH: {
    status: 500,
    description: 'The configured storage layout differs from the one the database was created with, or TimescaleDB was requested but is not installed.',
  },
});

/** Codes of MarketDataErrors. */
export type MarketDataErrorCode = keyof typeof MarketDataErrors;

/** Builds the KestrelError for a market-data code. */
export function marketError(code: MarketDataErrorCode, message: string, details?: unknown): KestrelError {
  const spec: ErrorCode = MarketDataErrors[code];
  return new KestrelError(spec, message, details === undefined ? {} : { details });
}
