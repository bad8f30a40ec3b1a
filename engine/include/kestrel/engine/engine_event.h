// What the Engine (engine.h) reports to its host: every matching-engine event, enriched with the
// parent order of routed child orders, plus pipeline events — risk and routing rejections, routing
// instructions for external venue adapters, applied external fills, finished routed parents and
// circuit-breaker halts. Business outcomes are always events with stable codes, never exceptions.
// Invariants: book events keep the matching engine's gap-free `sequence`; pipeline events carry
// sequence 0 (they are not book events). Fields a type does not use are zero.
#pragma once

#include <cstdint>

#include "kestrel/engine/risk_limits.h"
#include "kestrel/engine/router_parent_tracker.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Event types; 1..7 are the book's EventType values. Numbers are stable (packed layout, TypeScript). */
enum class EngineEventType : std::uint8_t {
  Accepted = 1,
  Rejected = 2,   // by the book (sequence > 0) or before it: validation, risk (limit/scope set), routing
  Trade = 3,
  Cancelled = 4,
  Replaced = 5,
  Triggered = 6,
  Expired = 7,
  RouteOrder = 8,             // instruction: send child `order_id` of `parent_id` to external `venue`
  RouteCancel = 9,            // instruction: cancel child `order_id` at external `venue`
  ExternalFill = 10,          // an external fill was applied: `quantity` at `price`, `remaining` open on the child
  ExternalDone = 11,          // an external child ended; `remaining` lots of it will never fill
  RouteDone = 12,             // routed parent `order_id` finished: every child filled or ended
  CircuitBreakerTripped = 13, // `symbol` halted (HaltSymbol applied) until `halted_until`
};

/** Highest EngineEventType value. */
inline constexpr std::uint8_t kMaxEngineEventType = 13;

/** One event. Which fields a type fills is listed at each group of fields. */
struct EngineEvent {
  EngineEventType type = EngineEventType::Accepted;
  Side side = Side::Buy;
  ResultCode code = ResultCode::Ok;
  SymbolId symbol = 0;
  VenueId venue = 0;           // RouteOrder, RouteCancel, ExternalFill, ExternalDone
  Sequence sequence = 0;       // book events only
  Timestamp timestamp = 0;
  OrderId order_id = 0;
  AccountId account = 0;
  OrderId counter_order_id = 0;   // Trade: the resting order
  AccountId counter_account = 0;
  Price price = 0;
  Quantity quantity = 0;
  Quantity remaining = 0;
  Quantity counter_remaining = 0;
  OrderId parent_id = 0;          // the routed parent of `order_id`, when it is a child order
  OrderId counter_parent_id = 0;  // the routed parent of `counter_order_id`, when it is a child order

  // Rejected by the risk manager: which limit, whose, its value and what the order would have reached.
  RiskLimit limit = RiskLimit::None;
  RiskScope scope = RiskScope::None;
  std::int64_t limit_value = 0;
  std::int64_t attempted_value = 0;

  // RouteOrder: how to send the child (a Take child is an IOC limit at `price`).
  OrderType order_type = OrderType::Limit;
  TimeInForce tif = TimeInForce::GTC;
  std::uint8_t flags = kFlagNone;
  ChildKind child_kind = ChildKind::Take;
  Quantity display_quantity = 0;
  Timestamp expire_at = 0;

  // CircuitBreakerTripped.
  Timestamp halted_until = 0;
  std::int64_t move_bps = 0;

  // RouteDone: `quantity` is the filled quantity of the parent.
  Quantity parent_quantity = 0;
  std::int64_t filled_notional = 0;  // sum of price x lots over all fills, saturated to int64
};

}  // namespace kestrel::engine
