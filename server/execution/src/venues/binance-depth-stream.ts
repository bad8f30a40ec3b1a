// Binance's public partial book depth (`<symbol>@depth10@100ms` on one combined stream,
// `<streamUrl>/stream?streams=…`) as the router's view of the venue: each frame replaces the
// venue's quoted levels for that symbol (venue-adapter `depth` event). Prices become ticks of the
// configured tick size exactly (a level off the grid ends that side: the router must never see a
// price the venue would not accept); quantities are floored to whole lots (a quote is an upper
// bound of what a child can take, so rounding down is the safe side). When the stream drops, every
// symbol's depth is emptied until it is back (no routing on stale quotes); reconnects back off.
// Known limit: partial depth snapshots (10 levels), not a synced diff book.
import WebSocket from 'ws';
import type { Logger } from 'pino';
import { parseDecimal, parseTickSize, priceToTicks } from '@kestrel/shared';
import type { Backoff } from './backoff.js';
import type { VenueDepth } from './venue-adapter.js';

/** A symbol to quote: Kestrel symbol, Binance symbol, lot size and tick size (decimal text). */
export interface DepthSymbol {
  symbol: string;
  venueSymbol: string;
  quantityStep: string;
  tickSize: string;
}

/** Options of the depth stream. */
export interface DepthStreamOptions {
  streamUrl: string;
  symbols: readonly DepthSymbol[];
  logger: Logger;
  backoff: Backoff;
  onDepth: (depth: VenueDepth) => void;
}

type Side = [string, string][];

/** Whole `step`s in decimal `text`, rounded down; null when negative or not a number. */
export function floorUnits(text: string, step: string): number | null {
  try {
    const value = parseDecimal(text);
    const unit = parseTickSize(step);
    const scale = Math.max(value.scale, unit.scale);
    const units = (value.coefficient * 10n ** BigInt(scale - value.scale)) / (unit.coefficient * 10n ** BigInt(scale - unit.scale));
    return value.coefficient < 0n || units > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(units);
  } catch {
    return null;
  }
}

function levels(side: Side, symbol: DepthSymbol): { price: number; quantity: number }[] {
  const out: { price: number; quantity: number }[] = [];
  for (const [priceText, quantityText] of side) {
    let price: number;
    try {
      price = priceToTicks(priceText, symbol.tickSize);
    } catch {
      break; // off the tick grid or unparsable: the rest of this side is not trusted
    }
    const quantity = floorUnits(quantityText, symbol.quantityStep);
    if (price <= 0 || quantity === null) break;
    if (quantity > 0) out.push({ price, quantity });
  }
  return out;
}

/** The venue's partial depth, kept open while started. */
export class BinanceDepthStream {
  readonly #options: DepthStreamOptions;
  readonly #byStream = new Map<string, DepthSymbol>();
  #socket: WebSocket | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = true;

  constructor(options: DepthStreamOptions) {
    this.#options = options;
    for (const symbol of options.symbols) this.#byStream.set(`${symbol.venueSymbol.toLowerCase()}@depth10@100ms`, symbol);
  }

  /** Opens the stream (a failure is retried with back-off). */
  start(): void {
    this.#closed = false;
    this.#open();
  }

  /** Closes the stream and stops reconnecting. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    }
  }

  #open(): void {
    const socket = new WebSocket(`${this.#options.streamUrl}/stream?streams=${[...this.#byStream.keys()].join('/')}`);
    this.#socket = socket;
    socket.on('open', () => this.#options.backoff.reset());
    socket.on('error', (error) => this.#options.logger.warn({ err: error }, 'Binance depth stream error'));
    socket.on('message', (data) => this.#message(data.toString()));
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      for (const symbol of this.#byStream.values()) this.#options.onDepth({ symbol: symbol.symbol, bids: [], asks: [] });
      if (this.#closed) return;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        if (!this.#closed) this.#open();
      }, this.#options.backoff.next());
    });
  }

  #message(text: string): void {
    let frame: { stream?: string; data?: { bids?: Side; asks?: Side } };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    const symbol = frame.stream ? this.#byStream.get(frame.stream) : undefined;
    if (!symbol || !Array.isArray(frame.data?.bids) || !Array.isArray(frame.data?.asks)) return;
    this.#options.onDepth({ symbol: symbol.symbol, bids: levels(frame.data.bids, symbol), asks: levels(frame.data.asks, symbol) });
  }
}
