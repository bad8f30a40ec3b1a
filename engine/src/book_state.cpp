// Hashing and validation of the canonical book state; see book_state.h.
#include "kestrel/engine/book_state.h"

#include <string>
#include <unordered_set>

#include "kestrel/engine/order_validation.h"

namespace kestrel::engine {

bool operator==(const OrderState& a, const OrderState& b) noexcept {
  return a.id == b.id && a.account == b.account && a.side == b.side && a.type == b.type &&
         a.tif == b.tif && a.stp == b.stp && a.flags == b.flags && a.price == b.price &&
         a.stop_price == b.stop_price && a.open == b.open && a.visible == b.visible &&
         a.display == b.display && a.expire_at == b.expire_at;
}

namespace {

// splitmix64-style mixing per word: cheap, and every input bit affects every output bit.
class Hasher {
 public:
  void add(std::uint64_t v) noexcept {
    std::uint64_t z = v + 0x9E3779B97F4A7C15ULL + (h_ << 6) + (h_ >> 2);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    h_ ^= z ^ (z >> 31);
    h_ *= 0x100000001B3ULL;
  }
  void add_order(const OrderState& o) noexcept {
    add(o.id);
    add(o.account);
    add(static_cast<std::uint64_t>(o.side) | static_cast<std::uint64_t>(o.type) << 8 |
        static_cast<std::uint64_t>(o.tif) << 16 | static_cast<std::uint64_t>(o.stp) << 24 |
        static_cast<std::uint64_t>(o.flags) << 32);
    add(static_cast<std::uint64_t>(o.price));
    add(static_cast<std::uint64_t>(o.stop_price));
    add(static_cast<std::uint64_t>(o.open));
    add(static_cast<std::uint64_t>(o.visible));
    add(static_cast<std::uint64_t>(o.display));
    add(static_cast<std::uint64_t>(o.expire_at));
  }
  void add_list(const std::vector<OrderState>& orders) noexcept {
    add(orders.size());
    for (const auto& o : orders) add_order(o);
  }
  std::uint64_t value() const noexcept { return h_; }

 private:
  std::uint64_t h_ = 0xCBF29CE484222325ULL;
};

StateResult corrupt(std::string message) { return {ResultCode::BookStateCorrupt, std::move(message)}; }

std::string where(const BookState& s, const char* list, std::size_t i) {
  return "symbol " + std::to_string(s.symbol) + " " + list + "[" + std::to_string(i) + "]: ";
}

bool enums_in_range(const OrderState& o) {
  return static_cast<unsigned>(o.side) <= 1 && static_cast<unsigned>(o.type) <= 3 &&
         static_cast<unsigned>(o.tif) <= 4 && static_cast<unsigned>(o.stp) <= 3 &&
         (o.flags & ~static_cast<unsigned>(kFlagPostOnly)) == 0;
}

StateResult check_common(const BookState& s, const char* list, std::size_t i, const OrderState& o, Side side) {
  if (!enums_in_range(o)) return corrupt(where(s, list, i) + "enum or flag out of range");
  if (o.side != side) return corrupt(where(s, list, i) + "order on the wrong side");
  if (o.id == 0) return corrupt(where(s, list, i) + "order id 0");
  if (o.open <= 0 || o.open > kMaxQuantity) return corrupt(where(s, list, i) + "open quantity out of range");
  if (o.display < 0 || o.display > kMaxQuantity) return corrupt(where(s, list, i) + "display quantity out of range");
  if (o.display > 0 && (o.type == OrderType::Market || o.type == OrderType::Stop || !is_resting_tif(o.tif))) {
    return corrupt(where(s, list, i) + "iceberg on an order that cannot rest");
  }
  if ((o.flags & kFlagPostOnly) != 0 && o.type != OrderType::Limit) {
    return corrupt(where(s, list, i) + "post-only flag on a non-limit order");
  }
  if (o.stop_price < 0 || o.stop_price > kMaxPrice) return corrupt(where(s, list, i) + "stop price out of range");
  if (o.tif != TimeInForce::GTD && o.expire_at != 0) return corrupt(where(s, list, i) + "expiry on a non-GTD order");
  return {};
}

StateResult check_resting(const BookState& s, const char* list, const std::vector<OrderState>& orders, Side side) {
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const OrderState& o = orders[i];
    if (auto r = check_common(s, list, i, o, side); !r.ok()) return r;
    if (o.type != OrderType::Limit || !is_resting_tif(o.tif)) {
      return corrupt(where(s, list, i) + "resting order must be a GTC/DAY/GTD limit");
    }
    if (o.price <= 0 || o.price > kMaxPrice) return corrupt(where(s, list, i) + "price out of range");
    if (o.visible <= 0 || o.visible > o.open) return corrupt(where(s, list, i) + "visible quantity out of range");
    if (o.display == 0 ? o.visible != o.open : o.visible > o.display) {
      return corrupt(where(s, list, i) + "visible quantity inconsistent with display quantity");
    }
    if (i > 0) {
      const Price prev = orders[i - 1].price;
      if (side == Side::Buy ? o.price > prev : o.price < prev) {
        return corrupt(where(s, list, i) + "levels out of priority order");
      }
    }
  }
  return {};
}

StateResult check_stops(const BookState& s, const char* list, const std::vector<OrderState>& orders, Side side) {
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const OrderState& o = orders[i];
    if (auto r = check_common(s, list, i, o, side); !r.ok()) return r;
    if (!is_stop_type(o.type)) return corrupt(where(s, list, i) + "pending stop must be Stop or StopLimit");
    if (o.stop_price <= 0) return corrupt(where(s, list, i) + "stop price out of range");
    const bool has_limit = o.type == OrderType::StopLimit;
    if (has_limit ? (o.price <= 0 || o.price > kMaxPrice) : o.price != 0) {
      return corrupt(where(s, list, i) + "limit price out of range");
    }
    if (o.visible != 0) return corrupt(where(s, list, i) + "pending stop with visible quantity");
    if (i > 0) {
      const Price prev = orders[i - 1].stop_price;
      if (side == Side::Buy ? o.stop_price < prev : o.stop_price > prev) {
        return corrupt(where(s, list, i) + "stops out of trigger order");
      }
    }
  }
  return {};
}

}  // namespace

std::uint64_t hash_book_state(const BookState& s) noexcept {
  Hasher h;
  h.add(s.symbol);
  h.add(s.halted ? 1 : 0);
  h.add(static_cast<std::uint64_t>(s.last_trade_price));
  h.add_list(s.bids);
  h.add_list(s.asks);
  h.add_list(s.buy_stops);
  h.add_list(s.sell_stops);
  return h.value();
}

std::uint64_t hash_engine_state(Sequence sequence, const std::vector<std::uint64_t>& book_hashes) noexcept {
  Hasher h;
  h.add(sequence);
  h.add(book_hashes.size());
  for (std::uint64_t b : book_hashes) h.add(b);
  return h.value();
}

StateResult validate_book_state(const BookState& s) {
  if (s.last_trade_price < 0 || s.last_trade_price > kMaxPrice) {
    return corrupt("symbol " + std::to_string(s.symbol) + ": last trade price out of range");
  }
  if (auto r = check_resting(s, "bids", s.bids, Side::Buy); !r.ok()) return r;
  if (auto r = check_resting(s, "asks", s.asks, Side::Sell); !r.ok()) return r;
  if (auto r = check_stops(s, "buy_stops", s.buy_stops, Side::Buy); !r.ok()) return r;
  if (auto r = check_stops(s, "sell_stops", s.sell_stops, Side::Sell); !r.ok()) return r;
  if (!s.bids.empty() && !s.asks.empty() && s.bids.front().price >= s.asks.front().price) {
    return corrupt("symbol " + std::to_string(s.symbol) + ": book is crossed");
  }
  std::unordered_set<OrderId> ids;
  for (const auto* list : {&s.bids, &s.asks, &s.buy_stops, &s.sell_stops}) {
    for (const auto& o : *list) {
      if (!ids.insert(o.id).second) {
        return corrupt("symbol " + std::to_string(s.symbol) + ": duplicate order id " + std::to_string(o.id));
      }
    }
  }
  return {};
}

StateResult validate_engine_state(const EngineState& state) {
  for (std::size_t i = 0; i < state.books.size(); ++i) {
    if (i > 0 && state.books[i].symbol <= state.books[i - 1].symbol) {
      return corrupt("books not in strictly ascending symbol order");
    }
    if (auto r = validate_book_state(state.books[i]); !r.ok()) return r;
  }
  return {};
}

}  // namespace kestrel::engine
