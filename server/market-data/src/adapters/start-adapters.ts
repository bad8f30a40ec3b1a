// Starts the feed adapters the configuration asks for (today: Binance spot when binanceSymbols
// is not empty) and returns one handle that stops them all.
import type { Logger } from 'pino';
import type { MarketDataConfig } from '../config.js';
import { SystemScheduler } from '../domain/scheduler.js';
import type { InstrumentCache } from '../ingest/instrument-cache.js';
import type { MarketDataIngest } from '../ingest/market-data-sink.js';
import { ExponentialBackoff } from './backoff.js';
import { BinanceSpotAdapter } from './binance/binance-spot-adapter.js';
import type { MarketDataAdapter } from './market-data-adapter.js';

/** The running adapters. */
export interface RunningAdapters {
  adapters: readonly MarketDataAdapter[];
  stop(): Promise<void>;
}

/** Parses `SYMBOL:quantityStep` config entries. */
export function parseBinanceSymbols(entries: readonly string[]): { symbol: string; venueSymbol: string; quantityStep: string }[] {
  return entries.map((entry) => {
    const [symbol, quantityStep] = entry.split(':') as [string, string];
    return { symbol, venueSymbol: symbol, quantityStep };
  });
}

/** Starts the configured adapters. */
export async function startAdapters(config: MarketDataConfig, deps: { sink: MarketDataIngest; instruments: InstrumentCache; logger: Logger }): Promise<RunningAdapters> {
  const adapters: MarketDataAdapter[] = [];
  if (config.binanceSymbols.length > 0) {
    const symbols = parseBinanceSymbols(config.binanceSymbols);
    for (const { symbol } of symbols) {
      if (!(await deps.instruments.resolve(symbol))) deps.logger.warn({ symbol }, 'binance adapter: no instrument defined for this symbol; its messages will be dropped');
    }
    adapters.push(
      new BinanceSpotAdapter({
        streamUrl: config.binanceStreamUrl,
        restUrl: config.binanceRestUrl,
        depthLimit: config.binanceDepthLimit,
        symbols,
        ingest: deps.sink,
        instrumentOf: (symbol) => deps.instruments.get(symbol),
        logger: deps.logger,
        scheduler: SystemScheduler,
        backoff: new ExponentialBackoff({ initialMs: 500, maxMs: 60_000 }),
        staleAfterMs: config.feedStaleAfterMs,
      }),
    );
  }
  for (const adapter of adapters) adapter.start();
  return {
    adapters,
    async stop() {
      await Promise.all(adapters.map((adapter) => adapter.stop()));
    },
  };
}
