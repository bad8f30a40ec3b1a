// Configuration and decision values of the pre-trade risk manager: the limit set (every limit
// optional = unlimited), kill-switch modes, circuit-breaker parameters, and the RiskDecision that
// names the limit behind a denial. Units: quantities in lots, prices in ticks, notional and P&L in
// ticks x lots, percentages in basis points (1 bp = 0.01 %), times in ns. Integers only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Which limit produced a decision. Numbers are stable (they appear in serialized state and logs). */
enum class RiskLimit : std::uint8_t {
  None = 0,
  MaxOrderQuantity = 1,
  MaxOrderNotional = 2,
  MaxPosition = 3,
  MaxOpenOrders = 4,
  MaxDailyLoss = 5,
  PriceCollar = 6,
  CircuitBreaker = 7,
  KillSwitch = 8,
  ReferencePrice = 9,  // a market order needs a reference price for notional/collar checks
  OrderState = 10,     // Replace of an order the risk manager does not track or that another account owns
};

/** Stable snake_case name of a limit ("max_order_quantity"), "unknown" for other values. */
std::string_view risk_limit_name(RiskLimit limit) noexcept;

/** Whose limit it was. */
enum class RiskScope : std::uint8_t { None = 0, Account = 1, Global = 2, Symbol = 3 };

/** Stable name of a scope ("account", "global", "symbol", "none"). */
std::string_view risk_scope_name(RiskScope scope) noexcept;

/** A set of limits; an empty optional means "no limit". Values must be >= 0 (0 blocks everything it covers). */
struct RiskLimits {
  std::optional<Quantity> max_order_quantity;       // lots per order
  std::optional<std::int64_t> max_order_notional;   // ticks x lots per order
  std::optional<Quantity> max_position;             // |lots| per symbol, counting open orders on the same side
  std::optional<std::int64_t> max_open_orders;      // open orders (resting + untriggered stops)
  std::optional<std::int64_t> max_daily_loss;       // ticks x lots: realised today + change of unrealised
  std::optional<std::int64_t> price_collar_bps;     // limit price distance from the reference price
};

/** Kill-switch modes. */
enum class KillSwitchMode : std::uint8_t {
  Off = 0,
  Halt = 1,        // reject every new order and replace
  ReduceOnly = 2,  // accept only orders that cannot increase |position| even if every open order fills
  CancelAll = 3,   // the integration cancels the open orders returned on activation; new orders rejected
};

/** Per-symbol circuit breaker: halt for `cooldown_ns` when trades within `window_ns` move more than `move_bps`. */
struct CircuitBreakerConfig {
  std::int64_t move_bps = 0;  // > 0
  Timestamp window_ns = 0;    // > 0
  Timestamp cooldown_ns = 0;  // >= 0
};

/** Outcome of a pre-trade check. For denials every field is set; `ok()` decisions carry only Ok. */
struct RiskDecision {
  ResultCode code = ResultCode::Ok;
  RiskLimit limit = RiskLimit::None;
  RiskScope scope = RiskScope::None;
  std::int64_t limit_value = 0;      // the configured limit (mode number for the kill switch)
  std::int64_t attempted_value = 0;  // what the order would have reached (saturated to int64)
  bool ok() const noexcept { return code == ResultCode::Ok; }
};

/** Returned by RiskManager::on_event when the event changed something the integration must act on. */
struct RiskUpdate {
  ResultCode code = ResultCode::Ok;  // RiskInvalidFill when a trade event was not applied
  bool circuit_breaker_tripped = false;
  SymbolId symbol = 0;
  Timestamp halted_until = 0;   // trading on `symbol` resumes at this time
  std::int64_t move_bps = 0;    // the move that tripped the breaker
};

}  // namespace kestrel::engine
