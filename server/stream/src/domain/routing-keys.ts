// How channel messages map to subscriptions: every live subscription listens on one routing key,
// and every message is split into (routing key, conflation key, data) items. Pure functions, no
// I/O. Invariants: own-data keys (orders, positions, notifications) contain the OWNER's user id
// taken from the message, never from the client, so a subscription can only ever receive messages
// about the user who authenticated the socket; replay messages (replayId set) never reach live
// subscriptions. Conflation keys name what a later update fully replaces (a symbol's quote, one
// bar) or merges into (a book side's levels); null means "every item must be delivered".
import type { BookDeltaEvent, LiveBar, MarketTicksMessage, StreamKind } from '@kestrel/shared';

/** One deliverable item. */
export interface RoutedItem {
  routingKey: string;
  /** Items with the same non-null key may be merged while queued (see mergeItems). */
  conflationKey: string | null;
  data: unknown;
}

/** The routing key a subscription listens on. */
export function routingKeyOf(kind: StreamKind, params: { symbol?: string; interval?: string; userId: string }): string {
  switch (kind) {
    case 'quotes':
    case 'trades':
    case 'book':
      return `${kind}:${params.symbol}`;
    case 'bars':
      return `bars:${params.symbol}:${params.interval}`;
    case 'orders':
    case 'positions':
    case 'notifications':
      return `${kind}:${params.userId}`;
  }
}

/** Splits one market.ticks message into items for quote, trade, book and bar subscribers. */
export function routeMarketTicks(message: MarketTicksMessage): RoutedItem[] {
  if (message.replayId !== null) return [];
  const items: RoutedItem[] = [];
  for (const event of message.events) {
    switch (event.kind) {
      case 'quote':
        items.push({ routingKey: `quotes:${event.symbol}`, conflationKey: `quote:${event.symbol}:${event.source}`, data: event });
        break;
      case 'trade':
        items.push({ routingKey: `trades:${event.symbol}`, conflationKey: null, data: event });
        break;
      case 'book-snapshot':
        // A snapshot replaces the whole book: it supersedes any queued delta of the same book.
        items.push({ routingKey: `book:${event.symbol}`, conflationKey: `book:${event.symbol}:${event.source}`, data: event });
        break;
      case 'book-delta':
        items.push({ routingKey: `book:${event.symbol}`, conflationKey: `book:${event.symbol}:${event.source}`, data: event });
        break;
      case 'status':
        // Feed-state changes matter to every market subscriber of the symbol and are never merged.
        for (const kind of ['quotes', 'book', 'trades'] as const) items.push({ routingKey: `${kind}:${event.symbol}`, conflationKey: null, data: event });
        break;
    }
  }
  for (const bar of message.bars) items.push(barItem(bar));
  return items;
}

function barItem(bar: LiveBar): RoutedItem {
  return { routingKey: `bars:${bar.symbol}:${bar.interval}`, conflationKey: `bar:${bar.symbol}:${bar.interval}:${bar.startMicros}`, data: bar };
}

type BookEvent = { kind: 'book-snapshot' | 'book-delta'; bids: [number, number][]; asks: [number, number][] } & Record<string, unknown>;

/**
 * Merges a queued item's data with a newer one of the same conflation key. Quotes and bars: the
 * newer replaces the older. Books: a snapshot replaces; a delta onto a delta merges per price level
 * (quantities are absolute, so the later level wins); a delta onto a snapshot is applied to it.
 */
export function mergeItems(older: unknown, newer: unknown): unknown {
  const a = older as BookEvent;
  const b = newer as BookEvent;
  if (b.kind === 'book-delta' && (a.kind === 'book-delta' || a.kind === 'book-snapshot')) {
    const bids = applyLevels(a.bids, b.bids, a.kind === 'book-snapshot', 'desc');
    const asks = applyLevels(a.asks, b.asks, a.kind === 'book-snapshot', 'asc');
    return { ...a, timeMicros: b.timeMicros, updateId: b.updateId, bids, asks } as BookDeltaEvent | typeof a;
  }
  return newer;
}

function applyLevels(base: [number, number][], changes: [number, number][], dropZeros: boolean, order: 'asc' | 'desc'): [number, number][] {
  const levels = new Map<number, number>(base);
  for (const [price, quantity] of changes) levels.set(price, quantity);
  const merged = [...levels].filter(([, quantity]) => !dropZeros || quantity > 0);
  merged.sort((x, y) => (order === 'asc' ? x[0] - y[0] : y[0] - x[0]));
  return merged;
}
