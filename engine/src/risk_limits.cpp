// Stable names of risk limits and scopes, used in denials, logs and the TypeScript facade.
#include "kestrel/engine/risk_limits.h"

namespace kestrel::engine {

std::string_view risk_limit_name(RiskLimit limit) noexcept {
  switch (limit) {
    case RiskLimit::None: return "none";
    case RiskLimit::MaxOrderQuantity: return "max_order_quantity";
    case RiskLimit::MaxOrderNotional: return "max_order_notional";
    case RiskLimit::MaxPosition: return "max_position";
    case RiskLimit::MaxOpenOrders: return "max_open_orders";
    case RiskLimit::MaxDailyLoss: return "max_daily_loss";
    case RiskLimit::PriceCollar: return "price_collar";
    case RiskLimit::CircuitBreaker: return "circuit_breaker";
    case RiskLimit::KillSwitch: return "kill_switch";
    case RiskLimit::ReferencePrice: return "reference_price";
    case RiskLimit::OrderState: return "order_state";
  }
  return "unknown";
}

std::string_view risk_scope_name(RiskScope scope) noexcept {
  switch (scope) {
    case RiskScope::None: return "none";
    case RiskScope::Account: return "account";
    case RiskScope::Global: return "global";
    case RiskScope::Symbol: return "symbol";
  }
  return "unknown";
}

}  // namespace kestrel::engine
