// Generator of the exchange-core-shaped workload; see exchange_workload.h.
#include "exchange_workload.h"

#include <algorithm>
#include <random>
#include <unordered_map>

#include "kestrel/engine/matching_engine.h"

namespace kestrel::engine::bench {

namespace {

constexpr SymbolId kSymbol = 1;

class Generator {
 public:
  explicit Generator(const WorkloadConfig& config) : config_(config), rng_(config.seed) {}

  Workload run() {
    Workload w;
    for (std::size_t i = 0; i < config_.target_orders; ++i) {
      const Side side = i % 2 == 0 ? Side::Buy : Side::Sell;
      emit(new_order(side, passive_price(side), quantity(), TimeInForce::GTC), w.fill);
    }
    w.ops.reserve(config_.ops);
    double orders = 0, levels = 0;
    std::size_t samples = 0;
    for (std::size_t i = 0; i < config_.ops; ++i) {
      const int roll = pick(0, 99);
      Command c;
      if (roll < 9 || live_.empty()) {
        ++w.gtc;
        const Side side = random_side();
        // One GTC in ten is marketable and trades on arrival.
        const Price price = pick(0, 9) == 0 ? aggressive_price(side) : passive_price(side);
        c = new_order(side, price, quantity(), TimeInForce::GTC);
      } else if (roll < 12) {
        ++w.ioc;
        const Side side = random_side();
        // Small IOCs take liquidity at the touch without emptying the book.
        c = new_order(side, aggressive_price(side), 1, TimeInForce::IOC);
      } else if (roll < 18) {
        ++w.cancel;
        const OrderId id = random_live();
        c.type = CommandType::Cancel;
        c.symbol = kSymbol;
        c.order_id = id;
        c.account = accounts_.at(id);
      } else {
        ++w.move;
        const OrderId id = random_live();
        const auto order = engine_.find_order(kSymbol, id);
        const Side side = order->order.side;
        c.type = CommandType::Replace;
        c.symbol = kSymbol;
        c.order_id = id;
        c.account = accounts_.at(id);
        // A crossing move removes about one resting order, so its probability is the controller that
        // holds the book near the target size against the 9% adds and 6% cancels (about 1% of moves
        // cross at equilibrium).
        const double fill = static_cast<double>(live_.size()) / static_cast<double>(config_.target_orders);
        const double cross = std::clamp(0.015 * fill * fill * fill, 0.001, 0.2);
        c.price = std::uniform_real_distribution<double>(0, 1)(rng_) < cross ? aggressive_price(side) : passive_price(side);
        if (c.price == order->order.price) c.price += side == Side::Buy ? -1 : 1;
      }
      if (emit(c, w.ops)) ++w.trading_ops;
      if (i % 1024 == 0) {
        orders += static_cast<double>(live_.size());
        levels += static_cast<double>(engine_.depth(kSymbol, Side::Buy, 100000).size() +
                                      engine_.depth(kSymbol, Side::Sell, 100000).size());
        ++samples;
      }
    }
    w.average_orders = samples ? orders / samples : 0;
    w.average_levels = samples ? levels / samples : 0;
    return w;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  Side random_side() { return pick(0, 1) == 0 ? Side::Buy : Side::Sell; }
  Quantity quantity() { return pick(1, 20); }

  Price passive_price(Side side) {
    const TopOfBook top = engine_.top_of_book(kSymbol);
    if (side == Side::Buy) {
      Price p = config_.mid - pick(1, static_cast<int>(config_.half_range));
      if (top.has_ask && p >= top.ask_price) p = top.ask_price - 1;
      return std::max<Price>(p, 1);
    }
    Price p = config_.mid + pick(1, static_cast<int>(config_.half_range));
    if (top.has_bid && p <= top.bid_price) p = top.bid_price + 1;
    return p;
  }

  Price aggressive_price(Side side) {
    const TopOfBook top = engine_.top_of_book(kSymbol);
    if (side == Side::Buy) return (top.has_ask ? top.ask_price : config_.mid) + pick(0, 2);
    return std::max<Price>(1, (top.has_bid ? top.bid_price : config_.mid) - pick(0, 2));
  }

  Command new_order(Side side, Price price, Quantity qty, TimeInForce tif) {
    Command c;
    c.type = CommandType::NewOrder;
    c.symbol = kSymbol;
    c.order_id = next_id_++;
    c.account = static_cast<AccountId>(pick(1, 2000));
    c.side = side;
    c.price = price;
    c.quantity = qty;
    c.tif = tif;
    return c;
  }

  OrderId random_live() { return live_[static_cast<std::size_t>(pick(0, static_cast<int>(live_.size()) - 1))]; }

  void track(OrderId id, AccountId account) {
    position_[id] = live_.size();
    live_.push_back(id);
    accounts_[id] = account;
  }

  void untrack(OrderId id) {
    auto it = position_.find(id);
    if (it == position_.end()) return;
    const std::size_t pos = it->second;
    live_[pos] = live_.back();
    position_[live_[pos]] = pos;
    live_.pop_back();
    position_.erase(it);
    accounts_.erase(id);
  }

  // Applies the command to the tracking engine, records it, and reports whether it traded.
  bool emit(const Command& c, std::vector<Command>& out) {
    out.push_back(c);
    events_.clear();
    engine_.process(c, events_);
    bool traded = false;
    for (const Event& e : events_) {
      if (e.type == EventType::Trade) {
        traded = true;
        if (e.counter_remaining == 0) untrack(e.counter_order_id);
        if (e.remaining == 0) untrack(e.order_id);
      } else if (e.type == EventType::Cancelled || e.type == EventType::Expired) {
        untrack(e.order_id);
      }
    }
    if (c.type == CommandType::NewOrder && position_.count(c.order_id) == 0 && engine_.find_order(kSymbol, c.order_id)) {
      track(c.order_id, c.account);
    }
    return traded;
  }

  const WorkloadConfig config_;
  std::mt19937_64 rng_;
  MatchingEngine engine_;
  std::vector<Event> events_;
  std::vector<OrderId> live_;
  std::unordered_map<OrderId, std::size_t> position_;
  std::unordered_map<OrderId, AccountId> accounts_;
  OrderId next_id_ = 1;
};

}  // namespace

Workload generate_workload(const WorkloadConfig& config) { return Generator(config).run(); }

}  // namespace kestrel::engine::bench
