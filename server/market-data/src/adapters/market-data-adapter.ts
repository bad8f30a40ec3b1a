// The contract of an external market-data adapter: it connects to a venue's public feed, turns
// the venue's messages into normalised events (ticks and lots of the instrument) and hands them
// to the ingest sink — the same path as every other source. Invariants every adapter keeps: a
// symbol whose state is not known (not yet synced, gap detected, disconnected, silent too long)
// is reported with an explicit `status` event (resyncing / disconnected / stale), never as a
// quiet market or an empty book; reconnects back off exponentially with jitter.
import type { FeedState } from '@kestrel/shared';

/** Connection state of an adapter. */
export type AdapterConnectionState = 'idle' | 'connecting' | 'open' | 'backoff' | 'stopped';

/** What an adapter reports about itself. */
export interface AdapterStatus {
  name: string;
  connection: AdapterConnectionState;
  /** Per symbol: the last feed state reported (absent = nothing reported yet). */
  symbols: Record<string, FeedState>;
  connects: number;
  resyncs: number;
  messages: number;
  /** Messages that could not be used (malformed, unknown stream, off the tick or lot grid). */
  dropped: number;
}

/** An external feed. */
export interface MarketDataAdapter {
  readonly name: string;
  /** Connects and keeps reconnecting until stop(). */
  start(): void;
  /** Disconnects for good. */
  stop(): Promise<void>;
  status(): AdapterStatus;
}
