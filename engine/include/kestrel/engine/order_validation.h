// Static validation of a NewOrder command: everything that can be decided from the command alone,
// before a book looks at its own state (halt, duplicate id, crossing). Both book implementations call
// this one function so that they reject the same commands with the same codes in the same order.
// Invariant: a command that passes never produces an order with a non-positive quantity, a price out
// of (0, kMaxPrice], or a type / time-in-force / flag combination the books do not implement.
#pragma once

#include "kestrel/engine/book_types.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/**
 * Ok or the first failing rule, checked in this order: enum ranges and order id (BookInvalidOrder),
 * all-or-none flag (BookUnsupportedOrder), quantity and display quantity (BookInvalidQuantity), limit
 * and stop prices (BookInvalidPrice), type / time-in-force / flag combinations (BookInvalidOrder),
 * GTD expiry not after the command time (BookExpireTimeInPast).
 */
ResultCode validate_new_order(const Command& command) noexcept;

/** Builds the OrderState a validated NewOrder creates (an iceberg peak equal to the quantity is no iceberg). */
OrderState order_from_command(const Command& command) noexcept;

/** True for a stop-market or stop-limit order. */
constexpr bool is_stop_type(OrderType type) noexcept {
  return type == OrderType::Stop || type == OrderType::StopLimit;
}

/** True when a resting-capable time in force (GTC, DAY, GTD). */
constexpr bool is_resting_tif(TimeInForce tif) noexcept {
  return tif == TimeInForce::GTC || tif == TimeInForce::DAY || tif == TimeInForce::GTD;
}

/** True when an untriggered stop on `side` at `stop_price` is triggered by a trade at `trade_price`. */
constexpr bool stop_triggered_by(Side side, Price stop_price, Price trade_price) noexcept {
  return side == Side::Buy ? trade_price >= stop_price : trade_price <= stop_price;
}

}  // namespace kestrel::engine
