// Validation and normalisation of incoming events — the first step of every ingest path (sink,
// internal HTTP route, importers). Checks: the schema (shared MarketEventSchema, compiled once);
// the symbol names a defined instrument; book levels name each price once per side, snapshot
// quantities are > 0; levels come out best first (bids descending, asks ascending) whatever order
// the source used. Invalid events are reported by index with a stable code and never stored.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MarketEventSchema, type BookLevel, type Instrument, type MarketEvent } from '@kestrel/shared';

const check = TypeCompiler.Compile(MarketEventSchema);

/** Why one event was refused. */
export interface IngestRejection {
  index: number;
  code: 'MARKET_EVENT_INVALID' | 'MARKET_INSTRUMENT_NOT_FOUND';
  message: string;
}

/** The accepted events (normalised) and the rejected ones. */
export interface Normalised {
  events: MarketEvent[];
  rejected: IngestRejection[];
}

function sortLevels(levels: readonly BookLevel[], side: 'bids' | 'asks', snapshot: boolean): BookLevel[] | string {
  const seen = new Set<number>();
  for (const [price, quantity] of levels) {
    if (seen.has(price)) return `${side} name price ${price} twice`;
    seen.add(price);
    if (snapshot && quantity === 0) return `${side} level ${price} has quantity 0 in a snapshot`;
  }
  return [...levels].sort(side === 'bids' ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]) as BookLevel[];
}

/** Validates and normalises `input`; `instrumentOf` says whether a symbol is defined. */
export function normaliseEvents(input: readonly unknown[], instrumentOf: (symbol: string) => Instrument | undefined): Normalised {
  const events: MarketEvent[] = [];
  const rejected: IngestRejection[] = [];
  input.forEach((value, index) => {
    if (!check.Check(value)) {
      const first = check.Errors(value).First();
      rejected.push({ index, code: 'MARKET_EVENT_INVALID', message: first ? `${first.path || '/'}: ${first.message}` : 'not a market event' });
      return;
    }
    const event = value as MarketEvent;
    if (!instrumentOf(event.symbol)) {
      rejected.push({ index, code: 'MARKET_INSTRUMENT_NOT_FOUND', message: `no instrument ${event.symbol}` });
      return;
    }
    if (event.kind === 'book-snapshot' || event.kind === 'book-delta') {
      const snapshot = event.kind === 'book-snapshot';
      const bids = sortLevels(event.bids, 'bids', snapshot);
      const asks = sortLevels(event.asks, 'asks', snapshot);
      if (typeof bids === 'string' || typeof asks === 'string') {
        rejected.push({ index, code: 'MARKET_EVENT_INVALID', message: typeof bids === 'string' ? bids : (asks as string) });
        return;
      }
      events.push({ ...event, bids, asks });
      return;
    }
    events.push(event);
  });
  return { events, rejected };
}
