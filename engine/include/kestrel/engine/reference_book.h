// The reference order book: one symbol, written for obvious correctness rather than speed (std::map of
// price levels holding std::list FIFO queues, std::multimap of stops, std::set of GTD expiries). The
// fast book must produce exactly the same events and state; the typed and differential tests and the
// fuzz harness hold it to that. The matching rules are documented once, in docs/engine.md ("Matching").
// Invariants: never crossed after a command; every live order is in exactly one queue and in the
// index; GTD orders (resting or pending stop) are exactly the entries of the expiry set.
// Known limits: no all-or-none (rejected as unsupported); replace of an untriggered stop is rejected.
#pragma once

#include <cstddef>
#include <deque>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kestrel/engine/book_state.h"
#include "kestrel/engine/book_types.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Simple, obviously-correct order book for one symbol; the oracle for the fast book. */
class ReferenceBook {
 public:
  explicit ReferenceBook(SymbolId symbol) : symbol_(symbol) {}

  /** Applies NewOrder, Cancel or Replace; appends its events and returns Ok or the rejection code. */
  ResultCode apply(const Command& command, std::vector<Event>& out);
  /** Expires GTD orders with expire_at <= now, in (expire_at, order id) order. */
  void expire_until(Timestamp now, std::vector<Event>& out);
  /** Earliest GTD expiry of a live order, or INT64_MAX. */
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
  std::size_t order_count() const noexcept { return index_.size(); }
  /** Checks every structural invariant; on failure describes the first one broken. */
  bool validate_internal_state(std::string* error) const;
  /** The canonical state (see book_state.h). */
  BookState export_state() const;
  /** Replaces the whole book with a state that passed validate_book_state. */
  void import_state(const BookState& state);
  /** hash_book_state(export_state()). */
  std::uint64_t state_hash() const { return hash_book_state(export_state()); }

 private:
  using Queue = std::list<OrderState>;
  // Both sides keyed so that begin() is the best level: bids by -price, asks by price.
  using Levels = std::map<Price, Queue>;
  // Both stop sides keyed so that begin() triggers first: buy stops by stop price, sell stops by -stop.
  using Stops = std::multimap<Price, OrderState>;

  struct Location {
    bool stop = false;
    Queue::iterator order;
    Stops::iterator stop_order;
  };

  // The price range traded by one incoming order; stops trigger on it after that order completes.
  struct TradedRange {
    bool any = false;
    Price low = 0;
    Price high = 0;
  };

  static Price level_key(Side side, Price price) { return side == Side::Buy ? -price : price; }
  static Price stop_key(Side side, Price stop) { return side == Side::Buy ? stop : -stop; }
  Levels& levels(Side side) { return levels_[static_cast<int>(side)]; }
  const Levels& levels(Side side) const { return levels_[static_cast<int>(side)]; }
  Stops& stops(Side side) { return stops_[static_cast<int>(side)]; }

  ResultCode on_new(const Command& c, std::vector<Event>& out);
  ResultCode on_cancel(const Command& c, std::vector<Event>& out);
  ResultCode on_replace(const Command& c, std::vector<Event>& out);

  bool would_cross(Side side, Price price) const;
  Quantity fillable(const OrderState& o) const;
  void run_incoming(OrderState o, Timestamp ts, std::vector<Event>& out);
  bool match(OrderState& o, Timestamp ts, std::vector<Event>& out, TradedRange& traded);
  void rest(OrderState o);
  void collect_triggered(const TradedRange& traded);
  void run_triggered(Timestamp ts, std::vector<Event>& out);
  void add_stop(const OrderState& o);
  OrderState remove(OrderId id);

  SymbolId symbol_;
  bool halted_ = false;
  Price last_trade_ = 0;
  Levels levels_[2];
  Stops stops_[2];
  std::unordered_map<OrderId, Location> index_;
  std::set<std::pair<Timestamp, OrderId>> gtd_;
  std::deque<OrderState> triggered_;  // elected stops waiting to run, within one command only
};

}  // namespace kestrel::engine
