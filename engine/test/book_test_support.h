// Helpers for the order-book tests: a fluent Command builder and a typed fixture that runs every
// command through an engine, checks validate_internal_state() after each one, and keeps the events.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kestrel/engine/event_text.h"
#include "kestrel/engine/matching_engine.h"

namespace kestrel::engine::test {

/** Fluent builder; defaults: symbol 1, account 1, GTC, time 0. */
struct Cmd {
  Command c;

  static Cmd make(CommandType type, OrderId id) {
    Cmd m;
    m.c.type = type;
    m.c.order_id = id;
    m.c.symbol = 1;
    m.c.account = 1;
    return m;
  }
  static Cmd limit(OrderId id, Side side, Price price, Quantity qty) {
    Cmd m = make(CommandType::NewOrder, id);
    m.c.side = side;
    m.c.price = price;
    m.c.quantity = qty;
    return m;
  }
  static Cmd buy(OrderId id, Price price, Quantity qty) { return limit(id, Side::Buy, price, qty); }
  static Cmd sell(OrderId id, Price price, Quantity qty) { return limit(id, Side::Sell, price, qty); }
  static Cmd market(OrderId id, Side side, Quantity qty) {
    Cmd m = limit(id, side, 0, qty);
    m.c.order_type = OrderType::Market;
    return m;
  }
  static Cmd stop(OrderId id, Side side, Price stop_price, Quantity qty) {
    Cmd m = limit(id, side, 0, qty);
    m.c.order_type = OrderType::Stop;
    m.c.stop_price = stop_price;
    return m;
  }
  static Cmd stop_limit(OrderId id, Side side, Price stop_price, Price price, Quantity qty) {
    Cmd m = limit(id, side, price, qty);
    m.c.order_type = OrderType::StopLimit;
    m.c.stop_price = stop_price;
    return m;
  }
  static Cmd cancel(OrderId id) { return make(CommandType::Cancel, id); }
  static Cmd replace(OrderId id, Price price, Quantity qty) {
    Cmd m = make(CommandType::Replace, id);
    m.c.price = price;
    m.c.quantity = qty;
    return m;
  }
  static Cmd advance(Timestamp t) { return make(CommandType::AdvanceTime, 0).at(t); }
  static Cmd end_session(SymbolId symbol) { return make(CommandType::EndSession, 0).sym(symbol); }
  static Cmd halt(SymbolId symbol) { return make(CommandType::HaltSymbol, 0).sym(symbol); }
  static Cmd resume(SymbolId symbol) { return make(CommandType::ResumeSymbol, 0).sym(symbol); }

  Cmd& tif(TimeInForce v) { c.tif = v; return *this; }
  Cmd& ioc() { return tif(TimeInForce::IOC); }
  Cmd& fok() { return tif(TimeInForce::FOK); }
  Cmd& day() { return tif(TimeInForce::DAY); }
  Cmd& gtd(Timestamp expire_at) { c.tif = TimeInForce::GTD; c.expire_at = expire_at; return *this; }
  Cmd& acct(AccountId v) { c.account = v; return *this; }
  Cmd& at(Timestamp v) { c.timestamp = v; return *this; }
  Cmd& display(Quantity v) { c.display_quantity = v; return *this; }
  Cmd& post_only() { c.flags |= kFlagPostOnly; return *this; }
  Cmd& flags(std::uint8_t v) { c.flags = v; return *this; }
  Cmd& stp(StpMode v) { c.stp = v; return *this; }
  Cmd& sym(SymbolId v) { c.symbol = v; return *this; }
  operator Command() const { return c; }  // NOLINT: builder converts implicitly by design
};

/** Typed fixture: `E` is MatchingEngine or ReferenceMatchingEngine. */
template <class E>
class EngineFixture : public ::testing::Test {
 protected:
  /** Processes one command; returns its events; fails the test if any invariant breaks. */
  std::vector<Event> run(const Command& c) {
    events_.clear();
    code_ = engine_.process(c, events_);
    std::string error;
    EXPECT_TRUE(engine_.validate_internal_state(&error)) << error << "\nafter " << to_string(c);
    return events_;
  }

  /** The open quantity of an order, 0 when it is not live. */
  Quantity open(OrderId id, SymbolId symbol = 1) const {
    auto o = engine_.find_order(symbol, id);
    return o ? o->order.open : 0;
  }

  /** Displayed quantity at a price on one side, 0 when there is no such level. */
  Quantity level(Side side, Price price, SymbolId symbol = 1) const {
    for (const LevelView& l : engine_.depth(symbol, side, 1000)) {
      if (l.price == price) return l.quantity;
    }
    return 0;
  }

  /** Ids of the resting orders of one side in priority order. */
  std::vector<OrderId> queue(Side side, SymbolId symbol = 1) const {
    std::vector<OrderId> ids;
    for (const OrderView& v : engine_.open_orders(symbol)) {
      if (v.status == OrderStatus::Resting && v.order.side == side) ids.push_back(v.order.id);
    }
    return ids;
  }

  E engine_;
  std::vector<Event> events_;
  ResultCode code_ = ResultCode::Ok;
};

/** Event types of a sequence, for compact expectations. */
inline std::vector<EventType> types(const std::vector<Event>& events) {
  std::vector<EventType> out;
  for (const Event& e : events) out.push_back(e.type);
  return out;
}

/** All events rendered one per line, for failure messages. */
inline std::string dump(const std::vector<Event>& events) {
  std::string s;
  for (const Event& e : events) s += to_string(e) + "\n";
  return s;
}

/** The trades of a sequence. */
inline std::vector<Event> trades(const std::vector<Event>& events) {
  std::vector<Event> out;
  for (const Event& e : events) {
    if (e.type == EventType::Trade) out.push_back(e);
  }
  return out;
}

using Engines = ::testing::Types<MatchingEngine, ReferenceMatchingEngine>;

}  // namespace kestrel::engine::test
