// Parent/child bookkeeping for routed orders: which child orders (venue, limit price, quantity)
// belong to which parent, how much each has filled, and when the parent is done.
// Invariants: child ids are unique across all live parents; a child's filled quantity never exceeds
// its quantity (an over-fill report is refused); a child is done when fully filled or reported
// finished (cancelled, expired, rejected); a parent is done when all its children are done, at which
// point it is removed and its final summary is returned. Average fill price is kept as an exact
// notional (price x lots) sum rather than a rounded price.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/engine/codec_int128.h"
#include "kestrel/engine/venue.h"

namespace kestrel::engine {

/** How a child order is meant to execute. */
enum class ChildKind : std::uint8_t {
  Take = 0,     // marketable against quoted liquidity: send as an IOC limit order at `limit_price`
  Forward = 1,  // send with the parent's order type, time in force and flags (rests if it does not trade)
};

/** One child order as planned and as it progresses. */
struct ChildOrder {
  OrderId child_id = 0;
  VenueId venue = 0;
  ChildKind kind = ChildKind::Take;
  Price limit_price = 0;            // worst price this child may trade at
  Quantity quantity = 0;
  std::int64_t effective_price = 0; // fee-adjusted worst price in 1/10,000 tick (saturated)
  Quantity filled = 0;
  bool done = false;
};

/** A routed parent order. */
struct ParentOrder {
  OrderId parent_id = 0;
  AccountId account = 0;
  SymbolId symbol = 0;
  Side side = Side::Buy;
  Quantity quantity = 0;  // the parent's total quantity (children may cover less: see RoutingPlan)
  Quantity filled = 0;
  Int128 filled_notional = 0;  // sum of fill price x lots over all children
  std::vector<ChildOrder> children;
};

/** Result of reporting a child fill or completion. */
struct ChildUpdate {
  ResultCode code = ResultCode::Ok;  // RouteUnknownOrder or RouteInvalidOrder (over-fill, bad fill)
  OrderId parent_id = 0;
  Quantity parent_filled = 0;
  bool parent_done = false;  // the parent was removed; `parent` holds its final state
  std::optional<ParentOrder> parent;
};

/** Tracks live parents and their children. Deterministic; not thread-safe. */
class ParentOrderTracker {
 public:
  /**
   * Starts tracking `parent`: RouteDuplicateOrder when its id or a child id is already tracked,
   * RouteInvalidOrder without children, with a non-positive child quantity or with children that
   * together exceed the parent's quantity.
   */
  ResultCode open(ParentOrder parent);
  /** A fill of `quantity` lots at `price` on child `child_id`. */
  ChildUpdate on_child_fill(OrderId child_id, Price price, Quantity quantity);
  /** The child will not fill any more (cancelled, expired, rejected, IOC remainder). */
  ChildUpdate on_child_done(OrderId child_id);
  /** Children of `parent_id` that are not done yet (what the integration cancels to cancel the parent). */
  std::vector<ChildOrder> open_children(OrderId parent_id) const;

  /** A live parent, or nullptr. */
  const ParentOrder* find(OrderId parent_id) const;
  /** Every live parent, ascending parent id (what a host reconciles with its venues after a restart). */
  std::vector<const ParentOrder*> parents() const;
  /** The parent of a live child. */
  std::optional<OrderId> parent_of(OrderId child_id) const;
  /** Number of live parents. */
  std::size_t size() const noexcept { return parents_.size(); }

  /** Appends all live parents in a versioned little-endian format. */
  void serialize(std::string& out) const;
  /** Replaces the state with serialized bytes; SnapshotCorrupt (state unchanged) on any invalid byte. */
  ResultCode restore(std::string_view bytes);

 private:
  ChildUpdate finish_if_done(std::map<OrderId, ParentOrder>::iterator parent);

  std::map<OrderId, ParentOrder> parents_;
  std::map<OrderId, OrderId> child_to_parent_;
};

}  // namespace kestrel::engine
