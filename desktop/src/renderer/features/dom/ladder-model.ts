// The price ladder's rows: one row per tick around a centre price, with the book's size at each
// level and the caller's working quantity. Levels between the book's prices show empty, so the
// ladder keeps a fixed tick grid (a trader clicks a price, not a position in a list).
import type { Book } from '../../api/market-data-api.js';

/** One row of the ladder. */
export interface LadderRow {
  priceTicks: number;
  bidSize: number | null;
  askSize: number | null;
  myBuy: number;
  mySell: number;
  best: 'bid' | 'ask' | null;
}

/** The centre of the ladder: the mid of best bid and ask, else either, else null. */
export function ladderCentre(book: Pick<Book, 'bids' | 'asks'> | null, fallback: number | null): number | null {
  const bid = book?.bids[0]?.[0];
  const ask = book?.asks[0]?.[0];
  if (bid !== undefined && ask !== undefined) return Math.floor((bid + ask) / 2);
  return bid ?? ask ?? fallback;
}

/** `count` rows from the highest price down, centred on `centre`. */
export function buildLadder(book: Pick<Book, 'bids' | 'asks'> | null, centre: number, count: number, working: ReadonlyMap<number, { buy: number; sell: number }>, minPrice = 1): LadderRow[] {
  const bids = new Map(book?.bids ?? []);
  const asks = new Map(book?.asks ?? []);
  const bestBid = book?.bids[0]?.[0];
  const bestAsk = book?.asks[0]?.[0];
  const top = centre + Math.floor(count / 2);
  const rows: LadderRow[] = [];
  for (let price = top; price > top - count && price >= minPrice; price--) {
    const mine = working.get(price);
    rows.push({
      priceTicks: price,
      bidSize: bids.get(price) ?? null,
      askSize: asks.get(price) ?? null,
      myBuy: mine?.buy ?? 0,
      mySell: mine?.sell ?? 0,
      best: price === bestBid ? 'bid' : price === bestAsk ? 'ask' : null,
    });
  }
  return rows;
}
