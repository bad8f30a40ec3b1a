// Value types shared by both order-book implementations (reference and fast) and the matching engine:
// input limits, the canonical record of one live order, and read-only query views.
// Invariants: an OrderState is complete — together with its position in the book's priority order it
// determines all future behaviour of the order — so it is also the unit of serialisation and hashing.
// Known limits: prices above kMaxPrice and quantities above kMaxQuantity are rejected, which keeps every
// sum the book forms (level totals, key transforms) far away from signed 64-bit overflow.
#pragma once

#include <cstdint>

#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Highest accepted price in ticks (10^15). */
inline constexpr Price kMaxPrice = 1'000'000'000'000'000;
/** Highest accepted order quantity in lots (10^12); up to 9 million such orders fit in one level sum. */
inline constexpr Quantity kMaxQuantity = 1'000'000'000'000;

/** Where a live order sits. */
enum class OrderStatus : std::uint8_t { Resting = 0, PendingStop = 1 };

/** The complete state of one live order: resting in a price level, or an untriggered stop. */
struct OrderState {
  OrderId id = 0;
  AccountId account = 0;
  Side side = Side::Buy;
  OrderType type = OrderType::Limit;  // a triggered stop becomes Market (Stop) or Limit (StopLimit)
  TimeInForce tif = TimeInForce::GTC;
  StpMode stp = StpMode::None;
  std::uint8_t flags = kFlagNone;
  Price price = 0;        // limit price; 0 for market and stop-market orders
  Price stop_price = 0;   // trigger price; kept after triggering for information
  Quantity open = 0;      // unfilled quantity including the hidden iceberg reserve
  Quantity visible = 0;   // displayed part of `open`; 0 while the order is an untriggered stop
  Quantity display = 0;   // iceberg peak size; 0 = fully displayed
  Timestamp expire_at = 0;  // GTD only
};

/** Field-by-field equality. */
bool operator==(const OrderState& a, const OrderState& b) noexcept;
inline bool operator!=(const OrderState& a, const OrderState& b) noexcept { return !(a == b); }

/** A live order as returned by lookups. */
struct OrderView {
  OrderState order;
  OrderStatus status = OrderStatus::Resting;
};

/** One aggregated price level: displayed quantity and number of orders. */
struct LevelView {
  Price price = 0;
  Quantity quantity = 0;
  std::uint32_t order_count = 0;
};

/** Best bid and ask with their displayed quantities; a missing side has has_* == false. */
struct TopOfBook {
  bool has_bid = false;
  bool has_ask = false;
  Price bid_price = 0;
  Quantity bid_quantity = 0;
  Price ask_price = 0;
  Quantity ask_quantity = 0;
};

/** The other side. */
constexpr Side opposite(Side side) noexcept { return side == Side::Buy ? Side::Sell : Side::Buy; }

/** True when an order on `side` limited at `limit` (0 = market) may trade against a resting `price`. */
constexpr bool crosses(Side side, Price limit, Price price) noexcept {
  if (limit == 0) return true;
  return side == Side::Buy ? price <= limit : price >= limit;
}

}  // namespace kestrel::engine
