// Seeded random command streams for the differential and property tests. Domains are deliberately
// small (a few symbols, accounts and prices, ids that get reused) so that crossing, self-trade
// prevention, duplicate ids, unknown orders, stop cascades and expiries all happen often.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "kestrel/engine/types.h"

namespace kestrel::engine::test {

/**
 * Generates a varied command stream; a few percent of commands are invalid on purpose. Feed each
 * command's events back through observe() so that cancels and replaces mostly target live orders.
 */
class RandomCommands {
 public:
  /**
   * `price_step` spreads the price grid: 1 keeps every price within a few ticks; a large step spreads
   * levels far beyond the fast book's bitmap window so its fallback paths are compared too.
   */
  explicit RandomCommands(std::uint64_t seed, Price price_step = 1) : rng_(seed), step_(price_step) {}

  Command next() {
    now_ += pick(0, 3);
    Command c;
    c.timestamp = now_;
    c.symbol = pick(0, 9) == 0 ? 2 : 1;
    c.order_id = pick(1, 80);
    c.account = pick(1, 4);
    const int roll = pick(0, 99);
    if (roll < 55) {
      new_order(c);
    } else if (roll < 63) {
      c.type = CommandType::Cancel;
      target_live(c);
    } else if (roll < 88) {
      c.type = CommandType::Replace;
      target_live(c);
      c.price = pick(0, 2) == 0 ? 0 : price(pick(94, 106));
      c.quantity = pick(0, 2) == 0 ? 0 : pick(1, 25);
      if (pick(0, 49) == 0) c.quantity = -1;
    } else if (roll < 93) {
      c.type = CommandType::AdvanceTime;
      now_ += pick(0, 20);
      c.timestamp = now_;
    } else if (roll < 95) {
      c.type = CommandType::EndSession;
      c.symbol = pick(0, 2);
    } else if (roll < 96 && pick(0, 2) == 0) {
      c.type = CommandType::HaltSymbol;
    } else {
      c.type = CommandType::ResumeSymbol;
    }
    return c;
  }

 /** Tracks which orders are live from the events of the last command. */
  void observe(const std::vector<Event>& events) {
    for (const Event& e : events) {
      switch (e.type) {
        case EventType::Accepted: live_[{e.symbol, e.order_id}] = e.account; break;
        case EventType::Trade:
          if (e.remaining == 0) live_.erase({e.symbol, e.order_id});
          if (e.counter_remaining == 0) live_.erase({e.symbol, e.counter_order_id});
          break;
        case EventType::Cancelled:
        case EventType::Expired: live_.erase({e.symbol, e.order_id}); break;
        default: break;
      }
    }
  }

 private:
  // Mostly a live order with its owner; sometimes a wrong owner; otherwise the random id as drawn.
  void target_live(Command& c) {
    if (live_.empty() || pick(0, 9) == 0) return;
    auto it = live_.begin();
    std::advance(it, pick(0, static_cast<int>(live_.size()) - 1));
    c.symbol = it->first.first;
    c.order_id = it->first.second;
    c.account = pick(0, 14) == 0 ? it->second + 1 : it->second;
  }

  // Grid point n (around 100) as a price; the grid is centred far from 0 when spread out.
  Price price(int n) const { return step_ == 1 ? n : 1'000'000'000 + (n - 100) * step_; }

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  void new_order(Command& c) {
    c.type = CommandType::NewOrder;
    c.side = pick(0, 1) == 0 ? Side::Buy : Side::Sell;
    c.quantity = pick(1, 20);
    // Buys cluster below 100 and sells above, with overlap so a good share of orders cross.
    const int centre = c.side == Side::Buy ? 99 : 101;
    const int kind = pick(0, 99);
    if (kind < 62) {
      c.order_type = OrderType::Limit;
      c.price = price(centre + pick(-4, 4));
    } else if (kind < 72) {
      c.order_type = OrderType::Market;
    } else if (kind < 86) {
      c.order_type = OrderType::Stop;
      c.stop_price = price(pick(95, 105));
    } else {
      c.order_type = OrderType::StopLimit;
      const int stop = pick(95, 105);
      c.stop_price = price(stop);
      c.price = price(stop + (c.side == Side::Buy ? pick(-1, 3) : pick(-3, 1)));
    }
    const bool limit_like = c.order_type == OrderType::Limit || c.order_type == OrderType::StopLimit;
    const int tif = pick(0, 99);
    if (tif < 55) c.tif = TimeInForce::GTC;
    else if (tif < 67) c.tif = TimeInForce::DAY;
    else if (tif < 79) c.tif = TimeInForce::GTD, c.expire_at = now_ + pick(1, 40);
    else if (tif < 91) c.tif = TimeInForce::IOC;
    else c.tif = TimeInForce::FOK;
    if (c.order_type == OrderType::Market && c.tif == TimeInForce::GTD) {
      c.tif = TimeInForce::IOC;
      c.expire_at = 0;
    }
    const bool rests = c.tif != TimeInForce::IOC && c.tif != TimeInForce::FOK;
    if (limit_like && rests && pick(0, 5) == 0) c.display_quantity = pick(1, 6);
    if (c.order_type == OrderType::Limit && rests && pick(0, 9) == 0) c.flags |= kFlagPostOnly;
    if (pick(0, 2) == 0) c.stp = static_cast<StpMode>(pick(1, 3));
    // A sprinkle of invalid input: every rejection path must agree between the books too.
    switch (pick(0, 59)) {
      case 0: c.quantity = 0; break;
      case 1: c.price = -c.price - 1; break;
      case 2: c.flags |= kFlagAllOrNone; break;
      case 3: c.display_quantity = c.quantity + 1; break;
      case 4: c.tif = TimeInForce::GTD, c.expire_at = now_; break;
      default: break;
    }
  }

  std::mt19937_64 rng_;
  Price step_;
  std::map<std::pair<SymbolId, OrderId>, AccountId> live_;
  Timestamp now_ = 0;
};

}  // namespace kestrel::engine::test
