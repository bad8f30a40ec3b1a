// The fast order book: same rules, events and state as ReferenceBook, built for throughput and flat
// latency. Orders live in a pooled vector of nodes linked into intrusive FIFO lists per price level;
// levels live in a second pool and are indexed by a PriceLadder per side (bitmap window around the
// market, so finding the next level is a few word scans); an open-addressing OrderIdMap gives O(1)
// cancel/replace; the best level of each side is cached. The limit/market/cancel/replace path does not
// allocate once the pools have grown to the book's size. Untriggered stops (rare, off the hot path)
// sit in std::map queues; GTD expiries in a lazily-cleaned binary heap.
// Invariants: as ReferenceBook, plus: Level::visible is the sum of its orders' visible quantity,
// Level::count their number; best_[side] is the ladder minimum; every live GTD order has a heap entry.
// Known limits: as ReferenceBook (no all-or-none; replace of an untriggered stop is unsupported).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kestrel/engine/book_state.h"
#include "kestrel/engine/book_types.h"
#include "kestrel/engine/order_id_map.h"
#include "kestrel/engine/price_ladder.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** High-performance order book for one symbol; behaviour identical to ReferenceBook. */
class FastBook {
 public:
  explicit FastBook(SymbolId symbol);

  /** Applies NewOrder, Cancel or Replace; appends its events and returns Ok or the rejection code. */
  ResultCode apply(const Command& command, std::vector<Event>& out);
  /** Expires GTD orders with expire_at <= now, in (expire_at, order id) order. */
  void expire_until(Timestamp now, std::vector<Event>& out);
  /** A lower bound of the earliest GTD expiry (exact or earlier), or INT64_MAX when there is none. */
  Timestamp next_expiry() const noexcept;
  /** Expires every DAY order (resting or pending stop) in ascending order id. */
  void end_session(Timestamp now, std::vector<Event>& out);
  /** Halts or resumes new orders and replaces (cancels stay allowed). */
  void set_halted(bool halted) noexcept { halted_ = halted; }
  /** True while halted. */
  bool halted() const noexcept { return halted_; }
  /** The symbol this book trades. */
  SymbolId symbol() const noexcept { return symbol_; }

  /** The live order with this id, if any. */
  std::optional<OrderView> find_order(OrderId id) const;
  /** Best bid and ask. */
  TopOfBook top_of_book() const;
  /** Up to `levels` aggregated levels of one side, best first, appended to `out`. */
  void depth(Side side, std::size_t levels, std::vector<LevelView>& out) const;
  /** The orders resting at one price in time priority, appended to `out`. */
  void level_orders(Side side, Price price, std::vector<OrderView>& out) const;
  /** Every live order in priority order (bids, asks, buy stops, sell stops), appended to `out`. */
  void open_orders(std::vector<OrderView>& out) const;
  /** Number of live orders including pending stops. */
  std::size_t order_count() const noexcept { return ids_.size(); }
  /** Checks every structural invariant; on failure describes the first one broken. */
  bool validate_internal_state(std::string* error) const;
  /** The canonical state (see book_state.h). */
  BookState export_state() const;
  /** Replaces the whole book with a state that passed validate_book_state. */
  void import_state(const BookState& state);
  /** hash_book_state(export_state()). */
  std::uint64_t state_hash() const { return hash_book_state(export_state()); }

 private:
  static constexpr std::uint32_t kNil = 0xFFFFFFFFu;

  struct Node {
    OrderState o;
    std::uint32_t prev = kNil;
    std::uint32_t next = kNil;
    std::uint32_t level = kNil;  // level pool index; kNil for a pending stop
  };

  struct Level {
    Price price = 0;
    Quantity visible = 0;
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
    std::uint32_t count = 0;
  };

  struct StopQueue {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
  };

  struct TradedRange {
    bool any = false;
    Price low = 0;
    Price high = 0;
  };

  // Keys make the smallest key the best level on both sides.
  static std::uint64_t level_key(Side side, Price price) noexcept {
    return static_cast<std::uint64_t>(side == Side::Buy ? kMaxPrice - price : price);
  }
  static Price stop_key(Side side, Price stop) noexcept { return side == Side::Buy ? stop : -stop; }
  static int idx(Side side) noexcept { return static_cast<int>(side); }

  ResultCode on_new(const Command& c, std::vector<Event>& out);
  ResultCode on_cancel(const Command& c, std::vector<Event>& out);
  ResultCode on_replace(const Command& c, std::vector<Event>& out);

  bool would_cross(Side side, Price price) const noexcept;
  Quantity fillable(const OrderState& o) const;
  void run_incoming(OrderState& o, Timestamp ts, std::vector<Event>& out);
  bool match(OrderState& o, Timestamp ts, std::vector<Event>& out, TradedRange& traded);
  void rest(const OrderState& o);
  void collect_triggered(const TradedRange& traded);
  void run_triggered(Timestamp ts, std::vector<Event>& out);
  void add_stop(const OrderState& o);
  OrderState remove(OrderId id, std::uint32_t node);
  void push_gtd(const OrderState& o);

  std::uint32_t alloc_node();
  void free_node(std::uint32_t n) noexcept;
  std::uint32_t level_for(Side side, Price price);
  void remove_level(Side side, std::uint32_t level) noexcept;
  void unlink(Level& level, std::uint32_t n) noexcept;
  void append(Level& level, std::uint32_t li, std::uint32_t n) noexcept;
  std::uint32_t next_level(Side side, std::uint32_t level) const noexcept;

  SymbolId symbol_;
  bool halted_ = false;
  Price last_trade_ = 0;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_nodes_;
  std::vector<Level> levels_;
  std::vector<std::uint32_t> free_levels_;
  PriceLadder ladder_[2];
  std::uint32_t best_[2] = {kNil, kNil};
  OrderIdMap ids_;
  std::map<Price, StopQueue> stops_[2];
  std::vector<std::pair<Timestamp, OrderId>> gtd_heap_;  // min-heap; entries of dead orders are skipped
  std::size_t gtd_live_ = 0;
  std::vector<OrderState> triggered_;  // elected stops waiting to run, within one command only
  std::size_t triggered_head_ = 0;
};

}  // namespace kestrel::engine
