// Public API of @kestrel/server-market-data: the service module (mounted by the CLI), its config
// and errors, and the ingest contract for in-process sources (the simulation venue).
export { marketDataService, marketDataSinkOf } from './app.js';
export { MarketDataConfigSchema, type MarketDataConfig } from './config.js';
export { MarketDataErrors } from './errors.js';
export type { IngestOptions, IngestResult, MarketDataIngest, MarketDataSink } from './ingest/market-data-sink.js';
export type { IngestRejection } from './ingest/normalise.js';
export type { MarketDataAdapter, AdapterStatus } from './adapters/market-data-adapter.js';
