// Builders for the events a book emits, shared by both book implementations so that the two produce
// byte-identical event streams for identical decisions. The sequence number is left 0: the matching
// engine stamps it when the command completes. Header-only because every call sits on the hot path.
#pragma once

#include <vector>

#include "kestrel/engine/book_types.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** An event about `o` with the fields every event type shares. */
inline Event order_event(EventType type, SymbolId symbol, Timestamp ts, const OrderState& o,
                         Quantity quantity, Quantity remaining, ResultCode code = ResultCode::Ok) {
  Event e;
  e.type = type;
  e.side = o.side;
  e.code = code;
  e.symbol = symbol;
  e.timestamp = ts;
  e.order_id = o.id;
  e.account = o.account;
  e.price = o.price;
  e.quantity = quantity;
  e.remaining = remaining;
  return e;
}

/** Rejected: the command's order id, side and price with the reason; nothing changed. */
inline Event rejected_event(SymbolId symbol, const Command& c, ResultCode code) {
  Event e;
  e.type = EventType::Rejected;
  e.side = c.side;
  e.code = code;
  e.symbol = symbol;
  e.timestamp = c.timestamp;
  e.order_id = c.order_id;
  e.account = c.account;
  e.price = c.price;
  e.quantity = c.quantity;
  return e;
}

/** Trade between the aggressor (after the fill) and the resting order (after the fill) at `price`. */
inline Event trade_event(SymbolId symbol, Timestamp ts, const OrderState& aggressor, OrderId resting_id,
                         AccountId resting_account, Quantity resting_open, Price price, Quantity quantity) {
  Event e;
  e.type = EventType::Trade;
  e.side = aggressor.side;
  e.symbol = symbol;
  e.timestamp = ts;
  e.order_id = aggressor.id;
  e.account = aggressor.account;
  e.counter_order_id = resting_id;
  e.counter_account = resting_account;
  e.price = price;
  e.quantity = quantity;
  e.remaining = aggressor.open;
  e.counter_remaining = resting_open;
  return e;
}

/** Cancelled by self-trade prevention; the counterparty is the order that would have traded. */
inline Event stp_cancel_event(SymbolId symbol, Timestamp ts, const OrderState& o, const OrderState& other) {
  Event e = order_event(EventType::Cancelled, symbol, ts, o, o.open, 0, ResultCode::BookSelfTradePrevented);
  e.counter_order_id = other.id;
  e.counter_account = other.account;
  return e;
}

/** Triggered: a stop order elected; `price` is its stop price. */
inline Event triggered_event(SymbolId symbol, Timestamp ts, const OrderState& o) {
  Event e = order_event(EventType::Triggered, symbol, ts, o, o.open, o.open);
  e.price = o.stop_price;
  return e;
}

}  // namespace kestrel::engine
