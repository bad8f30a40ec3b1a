// Smart order router: turns a NewOrder into a RoutingPlan of child orders across the internal book
// and external venues, and tracks the children back to their parent.
// Best execution: every available venue's quoted levels on the contra side that the order's limit
// allows are merged and walked best first by fee-adjusted effective price (venue_fees.h, taker
// fees); ties go to the internal book, then lower latency, then lower venue id. A large order is
// split across levels and venues by quoted quantity; each venue gets one Take child (IOC limit) whose
// limit is the worst price taken there. What is left of a GTC/DAY/GTD limit order is forwarded as one
// child to the resting venue: best maker effective price at the limit, internal first on ties. The
// rest of a Market/IOC order is reported unrouted (Market children are IOC limits at the worst quoted
// price they take, which caps slippage against stale quotes).
// Orders that must not be split or must not take: FOK and all-or-none go whole to the single venue
// whose quoted depth fills them completely at the best total effective cost (an AON limit that may
// rest goes whole to the internal book otherwise); post-only orders are forwarded whole to the
// resting venue; stop orders are forwarded whole to the internal book, which holds trigger logic.
// Codes: RouteNoVenue (no venue lists the symbol), RouteVenueUnavailable (every listing venue is
// unavailable), RouteNoLiquidity (nothing to take and nothing may rest), RouteInvalidOrder,
// RouteDuplicateOrder. Invariants: deterministic for the same quotes and configuration; child ids
// are allocated sequentially from RouterOptions::first_child_id and never reused.
// Known limits: quotes are snapshots, so children can miss liquidity that vanished (their IOC
// remainder is reported done and the parent ends partially filled); no venue minimum lot sizes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/engine/router_parent_tracker.h"
#include "kestrel/engine/venue.h"

namespace kestrel::engine {

/** Highest limit or quoted price the router accepts (the book's maximum, 10^15 ticks). */
inline constexpr Price kMaxRoutablePrice = 1'000'000'000'000'000;
/** Highest parent quantity the router accepts (the book's maximum, 10^12 lots). */
inline constexpr Quantity kMaxRoutableQuantity = 1'000'000'000'000;

/** Router configuration. */
struct RouterOptions {
  /** First id given to a child order; keep the range disjoint from client order ids (high bit set). */
  OrderId first_child_id = OrderId{1} << 63;
  /** Levels requested from each venue per routing decision. */
  std::size_t max_levels_per_venue = 64;
};

/** The router's decision for one parent order. */
struct RoutingPlan {
  ResultCode code = ResultCode::Ok;
  OrderId parent_id = 0;
  std::vector<ChildOrder> children;  // in execution order: takes best first, then the forwarded child
  Quantity taken_quantity = 0;       // sum of Take children
  Quantity forwarded_quantity = 0;   // quantity of the Forward child (0 if none)
  Quantity unrouted_quantity = 0;    // Market/IOC remainder that found no quoted liquidity
};

/** Routes parent orders across venues. Single-threaded like the engine shard that owns it. */
class OrderRouter {
 public:
  explicit OrderRouter(RouterOptions options = {});

  /** Registers a venue; RouteInvalidVenue for a duplicate id, a second internal venue, bad fees or no adapter. */
  ResultCode add_venue(VenueConfig config, std::shared_ptr<const VenueAdapter> adapter);
  /** Removes a venue (children already routed there stay tracked). */
  ResultCode remove_venue(VenueId id);
  /** Updates a venue's latency estimate (e.g. from measured round trips). */
  ResultCode set_latency(VenueId id, std::int64_t latency_ns);
  /** Manually enables or disables a venue; a disabled venue counts as unavailable. */
  ResultCode set_enabled(VenueId id, bool enabled);

  /** Plans `order` (a NewOrder command) and, when the plan is Ok, starts tracking its children. */
  RoutingPlan route(const Command& order);
  /** The plan route() would make, without allocating child ids (they stay 0) or tracking anything. */
  RoutingPlan plan(const Command& order) const;
  /**
   * Allocates the next child ids to an Ok plan of `order` (in child order) and starts tracking the
   * parent. Journal replay commits the recorded plan again instead of re-planning against quotes
   * that no longer exist; because ids come from the serialised counter they come out the same.
   */
  ResultCode commit(const Command& order, RoutingPlan& plan);
  /** The configuration of a registered venue, or nullptr. */
  const VenueConfig* venue(VenueId id) const;
  /** Number of registered venues that are not the internal book. */
  std::size_t external_venue_count() const noexcept;

  /** Folds an internal-book event into child tracking; one update per child order it concerns. */
  std::vector<ChildUpdate> on_event(const Event& event);
  /** A fill reported by an external venue for one of our children. */
  ChildUpdate on_child_fill(OrderId child_id, Price price, Quantity quantity);
  /** An external child ended (cancelled, expired, rejected, IOC remainder). */
  ChildUpdate on_child_done(OrderId child_id);

  const ParentOrderTracker& tracker() const noexcept { return tracker_; }
  /** The next child id that will be allocated. */
  OrderId next_child_id() const noexcept { return next_child_id_; }

  /** Appends the routing state (child id counter and live parents); venues are configuration, not state. */
  void serialize(std::string& out) const;
  /** Restores serialize() output; SnapshotCorrupt (state unchanged) on any invalid byte. */
  ResultCode restore(std::string_view bytes);

 private:
  struct Venue {
    VenueConfig config;
    std::shared_ptr<const VenueAdapter> adapter;
    bool enabled = true;
  };
  Venue* find_venue(VenueId id);

  RouterOptions options_;
  std::vector<Venue> venues_;  // ascending id
  ParentOrderTracker tracker_;
  OrderId next_child_id_;
};

}  // namespace kestrel::engine
