// The contract between the execution service and one external venue (a broker or exchange order
// API). The engine's router emits `route_order` / `route_cancel` instructions for external children;
// the venue gateway (venue-gateway.ts) hands them to the venue's adapter, and the adapter answers
// with events that are folded back into the engine (`externalFill` / `externalDone`).
// Invariants: prices and quantities cross this boundary as integer ticks and lots only — an adapter
// converts to and from the venue's decimal text exactly (venue-decimal.ts), never through a float;
// every fill carries the venue's own execution id so a replayed report is booked once (the gateway
// keeps the ids, execution_venue_fills); a fill's time is the venue's own execution time, the local
// receive time travels next to it; the commission is passed on raw (venue-fee.ts decides what is
// booked); `done` is final for a child.
// Known limits: one adapter instance serves one venue id; an order is either a limit IOC (router
// `take`) or the parent's type and time in force (`forward`) — venues without IOC are not modelled.
import type { Side, TimeInForce } from '@kestrel/engine';
import type { VenueCommission } from './venue-fee.js';

/** A child order to send: what a `route_order` event asks, in the venue's symbol space. */
export interface VenueOrder {
  /** The venue-side client order id the gateway allocated (unique per venue, kept in PostgreSQL). */
  clientOrderId: string;
  /** Kestrel symbol (the adapter maps it to the venue's symbol). */
  symbol: string;
  side: Side;
  /** Limit price in ticks of `tickSize`. */
  priceTicks: number;
  quantityLots: number;
  timeInForce: TimeInForce;
  /** The instrument's tick size (decimal text), for the exact price conversion. */
  tickSize: string;
}

/** The venue accepted the order. */
export interface VenueAck {
  clientOrderId: string;
  venueOrderId: string;
}

/** One execution at the venue. */
export interface VenueFill {
  clientOrderId: string;
  /** The venue's id of this execution (idempotency key within the venue). */
  venueExecutionId: string;
  priceTicks: number;
  quantityLots: number;
  /** Execution time at the venue (the venue's transaction time, e.g. Binance `T`), ns since the epoch: the fill's executedAt. */
  timestampNs: bigint;
  /** When this process received the report (local clock), ns since the epoch: kept as execution_fills.received_at. */
  receivedAtNs: bigint;
  liquidity: 'maker' | 'taker';
  /** The venue's commission on this execution as it reported it (decimal text and asset), or null when it reported none. */
  commission: VenueCommission | null;
}

/** Why a child ended at the venue without (further) fills. */
export type VenueDoneReason = 'cancelled' | 'rejected' | 'expired';

/** The child ended at the venue; `detail` is the venue's own reason text (e.g. a reject reason). */
export interface VenueDone {
  clientOrderId: string;
  reason: VenueDoneReason;
  detail: string;
}

/** Depth the router may route against (levels best first, ticks and lots). */
export interface VenueDepth {
  symbol: string;
  bids: { price: number; quantity: number }[];
  asks: { price: number; quantity: number }[];
}

/** Events an adapter emits. */
export interface VenueAdapterEvents {
  ack: (ack: VenueAck) => void;
  fill: (fill: VenueFill) => void;
  done: (done: VenueDone) => void;
  depth: (depth: VenueDepth) => void;
  /** Connected (true) or not; the gateway marks the venue's symbols available/unavailable. */
  status: (connected: boolean) => void;
}

/** Listener registration, typed by event name. */
export type VenueListener = <K extends keyof VenueAdapterEvents>(event: K, listener: VenueAdapterEvents[K]) => void;

/** An external venue. */
export interface VenueAdapter {
  /** Kestrel symbols this venue lists. */
  readonly symbols: readonly string[];
  /** Opens the report stream and keeps it open, reconnecting with back-off (a failed first attempt is retried, not thrown). */
  connect(): Promise<void>;
  /** Stops reconnecting and closes every connection. */
  close(): Promise<void>;
  /** Places a child order; resolves once the venue acknowledged it (fills may arrive later or earlier on the stream). */
  send(order: VenueOrder): Promise<void>;
  /** Cancels a child order; the final state arrives as a `done` event. */
  cancel(clientOrderId: string, symbol: string): Promise<void>;
  /** Asks the venue for the state of a child after a restart; emits the fills and done it finds. */
  reconcile(clientOrderId: string, symbol: string, tickSize: string): Promise<void>;
  on: VenueListener;
}
