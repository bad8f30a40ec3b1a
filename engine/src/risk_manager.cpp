// Risk manager configuration, pre-trade checks and event accounting (serialisation lives in
// risk_manager_state.cpp). See risk_manager.h for the rules.
#include "kestrel/engine/risk_manager.h"

#include <tuple>

namespace kestrel::engine {
namespace {

bool valid_limits(const RiskLimits& limits) {
  for (const auto& value : {limits.max_order_quantity, limits.max_order_notional, limits.max_position,
                            limits.max_open_orders, limits.max_daily_loss, limits.price_collar_bps}) {
    if (value && *value < 0) return false;
  }
  return true;
}

bool valid_breaker(const CircuitBreakerConfig& config) {
  return config.move_bps > 0 && config.window_ns > 0 && config.cooldown_ns > 0;
}

template <typename T>
std::optional<T> override_or(const std::optional<T>& own, const std::optional<T>& fallback) {
  return own ? own : fallback;
}

RiskDecision deny(ResultCode code, RiskLimit limit, RiskScope scope, std::int64_t limit_value, Int128 attempted) {
  return RiskDecision{code, limit, scope, limit_value, saturate_to_i64(attempted)};
}

Int128 magnitude(Int128 value) { return value < 0 ? -value : value; }

Int128 signed_lots(Side side, Int128 lots) { return side == Side::Buy ? lots : -lots; }

// |price - reference| in basis points of the reference, rounded up.
Int128 distance_bps(Price reference, Price price) {
  return (magnitude(Int128{price} - reference) * 10000 + reference - 1) / reference;
}

}  // namespace

ResultCode RiskManager::set_default_limits(const RiskLimits& limits) {
  if (!valid_limits(limits)) return ResultCode::RiskInvalidLimit;
  defaults_ = limits;
  return ResultCode::Ok;
}

ResultCode RiskManager::set_account_limits(AccountId account, const RiskLimits& limits) {
  if (!valid_limits(limits)) return ResultCode::RiskInvalidLimit;
  account_limits_[account] = limits;
  return ResultCode::Ok;
}

void RiskManager::clear_account_limits(AccountId account) { account_limits_.erase(account); }

ResultCode RiskManager::set_global_limits(const RiskLimits& limits) {
  if (!valid_limits(limits)) return ResultCode::RiskInvalidLimit;
  global_ = limits;
  return ResultCode::Ok;
}

RiskLimits RiskManager::effective_limits(AccountId account) const {
  const auto it = account_limits_.find(account);
  if (it == account_limits_.end()) return defaults_;
  const RiskLimits& own = it->second;
  RiskLimits limits;
  limits.max_order_quantity = override_or(own.max_order_quantity, defaults_.max_order_quantity);
  limits.max_order_notional = override_or(own.max_order_notional, defaults_.max_order_notional);
  limits.max_position = override_or(own.max_position, defaults_.max_position);
  limits.max_open_orders = override_or(own.max_open_orders, defaults_.max_open_orders);
  limits.max_daily_loss = override_or(own.max_daily_loss, defaults_.max_daily_loss);
  limits.price_collar_bps = override_or(own.price_collar_bps, defaults_.price_collar_bps);
  return limits;
}

ResultCode RiskManager::set_reference_price(SymbolId symbol, Price price) {
  if (price <= 0) return ResultCode::RiskInvalidLimit;
  reference_prices_[symbol] = price;
  return ResultCode::Ok;
}

void RiskManager::clear_reference_price(SymbolId symbol) { reference_prices_.erase(symbol); }

std::optional<Price> RiskManager::reference_price(SymbolId symbol) const {
  if (const auto last = last_prices_.find(symbol); last != last_prices_.end()) return last->second;
  if (const auto configured = reference_prices_.find(symbol); configured != reference_prices_.end()) {
    return configured->second;
  }
  return std::nullopt;
}

ResultCode RiskManager::set_default_circuit_breaker(std::optional<CircuitBreakerConfig> config) {
  if (config && !valid_breaker(*config)) return ResultCode::RiskInvalidLimit;
  default_breaker_ = config;
  return ResultCode::Ok;
}

ResultCode RiskManager::set_circuit_breaker(SymbolId symbol, std::optional<CircuitBreakerConfig> config) {
  if (!config) {
    breaker_configs_.erase(symbol);
    return ResultCode::Ok;
  }
  if (!valid_breaker(*config)) return ResultCode::RiskInvalidLimit;
  breaker_configs_[symbol] = *config;
  return ResultCode::Ok;
}

const CircuitBreakerConfig* RiskManager::breaker_config(SymbolId symbol) const {
  if (const auto it = breaker_configs_.find(symbol); it != breaker_configs_.end()) return &it->second;
  return default_breaker_ ? &*default_breaker_ : nullptr;
}

std::optional<Timestamp> RiskManager::halted_until(SymbolId symbol, Timestamp now) const {
  const auto it = breakers_.find(symbol);
  if (it == breakers_.end() || !it->second.halted(now)) return std::nullopt;
  return it->second.halted_until();
}

std::vector<Command> RiskManager::set_kill_switch(AccountId account, KillSwitchMode mode, Timestamp now) {
  if (mode == KillSwitchMode::Off) {
    kill_switches_.erase(account);
  } else {
    kill_switches_[account] = mode;
  }
  return mode == KillSwitchMode::CancelAll ? cancels(account, now) : std::vector<Command>{};
}

std::vector<Command> RiskManager::set_global_kill_switch(KillSwitchMode mode, Timestamp now) {
  global_kill_ = mode;
  return mode == KillSwitchMode::CancelAll ? cancels(std::nullopt, now) : std::vector<Command>{};
}

KillSwitchMode RiskManager::kill_switch(AccountId account) const {
  const auto it = kill_switches_.find(account);
  return it == kill_switches_.end() ? KillSwitchMode::Off : it->second;
}

std::vector<Command> RiskManager::cancels(std::optional<AccountId> account, Timestamp now) const {
  std::vector<Command> commands;
  for (const auto& [id, order] : orders_) {  // ascending order id: a deterministic cancel sequence
    if (account && order.account != *account) continue;
    Command cancel;
    cancel.type = CommandType::Cancel;
    cancel.symbol = order.symbol;
    cancel.timestamp = now;
    cancel.order_id = id;
    cancel.account = order.account;
    cancel.side = order.side;
    commands.push_back(cancel);
  }
  return commands;
}

void RiskManager::start_new_day() {
  for (auto& [key, position] : positions_) position.realized_today = 0;
  for (auto& [account, totals] : account_totals_) totals.realized_today = 0;
  global_realized_today_ = 0;
  unrealized_day_start_.clear();
  global_unrealized_day_start_ = 0;
  for (const auto& [key, position] : positions_) {
    const auto mark = reference_price(key.second);
    if (!mark || position.quantity == 0) continue;
    const Int128 value = position.unrealized(*mark);
    Int128& day_start = unrealized_day_start_[key.first];
    day_start = sat_add(day_start, value);
    global_unrealized_day_start_ = sat_add(global_unrealized_day_start_, value);
  }
}

RiskDecision RiskManager::check(const Command& command) const {
  Candidate order;
  if (command.type == CommandType::NewOrder) {
    order.account = command.account;
    order.symbol = command.symbol;
    order.side = command.side;
    order.type = command.order_type;
    order.price = command.price;
    order.stop_price = command.stop_price;
    order.quantity = command.quantity;
  } else if (command.type == CommandType::Replace) {
    // Same conventions as the book: price 0 / quantity 0 keep the current value, and the quantity is
    // the new open quantity.
    const auto it = orders_.find(command.order_id);
    if (it == orders_.end()) return deny(ResultCode::BookUnknownOrder, RiskLimit::OrderState, RiskScope::None, 0, 0);
    const OpenOrder& live = it->second;
    if (live.account != command.account) {
      return deny(ResultCode::BookWrongOwner, RiskLimit::OrderState, RiskScope::None, 0, 0);
    }
    order.account = live.account;
    order.symbol = live.symbol;
    order.side = live.side;
    order.price = command.price != 0 ? command.price : live.price;
    order.type = order.price != 0 ? OrderType::Limit : OrderType::Market;
    order.quantity = command.quantity != 0 ? command.quantity : live.open;
    order.replaced_open = live.open;
    order.is_new = false;
  } else {
    return {};
  }

  if (RiskDecision decision = check_kill_switch(order); !decision.ok()) return decision;
  if (const auto breaker = breakers_.find(order.symbol);
      breaker != breakers_.end() && breaker->second.halted(command.timestamp)) {
    const CircuitBreakerConfig* config = breaker_config(order.symbol);
    return deny(ResultCode::RiskCircuitBreaker, RiskLimit::CircuitBreaker, RiskScope::Symbol,
                config != nullptr ? config->move_bps : 0, breaker->second.trip_move_bps());
  }
  const RiskLimits limits = effective_limits(order.account);
  for (const auto& [limit, scope] : {std::pair{limits.max_order_quantity, RiskScope::Account},
                                     std::pair{global_.max_order_quantity, RiskScope::Global}}) {
    if (limit && order.quantity > *limit) {
      return deny(ResultCode::RiskMaxOrderQuantity, RiskLimit::MaxOrderQuantity, scope, *limit, order.quantity);
    }
  }
  if (RiskDecision decision = check_prices(order); !decision.ok()) return decision;
  return check_exposure(order, limits);
}

RiskDecision RiskManager::check_kill_switch(const Candidate& order) const {
  for (const auto& [mode, scope] : {std::pair{global_kill_, RiskScope::Global},
                                    std::pair{kill_switch(order.account), RiskScope::Account}}) {
    const auto mode_value = static_cast<std::int64_t>(mode);
    switch (mode) {
      case KillSwitchMode::Off:
        break;
      case KillSwitchMode::Halt:
        return deny(ResultCode::RiskKillSwitchHalt, RiskLimit::KillSwitch, scope, mode_value, 0);
      case KillSwitchMode::CancelAll:
        return deny(ResultCode::RiskKillSwitchCancelled, RiskLimit::KillSwitch, scope, mode_value, 0);
      case KillSwitchMode::ReduceOnly:
        if (!reduces_position(order)) {
          return deny(ResultCode::RiskReduceOnly, RiskLimit::KillSwitch, scope, mode_value, order.quantity);
        }
        break;
    }
  }
  return {};
}

RiskDecision RiskManager::check_prices(const Candidate& order) const {
  const RiskLimits limits = effective_limits(order.account);
  const std::optional<Price> reference = reference_price(order.symbol);
  Price price = 0;  // the price notional is computed at
  switch (order.type) {
    case OrderType::Limit:
    case OrderType::StopLimit: price = order.price; break;
    case OrderType::Stop: price = order.stop_price; break;
    case OrderType::Market: price = reference.value_or(0); break;
  }
  if (order.type == OrderType::Market && !reference) {
    for (const auto& [limit, scope] :
         {std::pair{limits.price_collar_bps, RiskScope::Account},
          std::pair{global_.price_collar_bps, RiskScope::Global},
          std::pair{limits.max_order_notional, RiskScope::Account},
          std::pair{global_.max_order_notional, RiskScope::Global}}) {
      if (limit) return deny(ResultCode::RiskNoReferencePrice, RiskLimit::ReferencePrice, scope, 0, 0);
    }
  }
  if (order.type == OrderType::Limit && reference) {
    for (const auto& [limit, scope] : {std::pair{limits.price_collar_bps, RiskScope::Account},
                                       std::pair{global_.price_collar_bps, RiskScope::Global}}) {
      // Exact comparison |p - ref| / ref > bps / 10000, cross-multiplied.
      if (limit && magnitude(Int128{order.price} - *reference) * 10000 > Int128{*limit} * *reference) {
        return deny(ResultCode::RiskPriceCollar, RiskLimit::PriceCollar, scope, *limit,
                    distance_bps(*reference, order.price));
      }
    }
  }
  const Int128 notional = Int128{price} * order.quantity;
  for (const auto& [limit, scope] : {std::pair{limits.max_order_notional, RiskScope::Account},
                                     std::pair{global_.max_order_notional, RiskScope::Global}}) {
    if (limit && notional > *limit) {
      return deny(ResultCode::RiskMaxOrderNotional, RiskLimit::MaxOrderNotional, scope, *limit, notional);
    }
  }
  return {};
}

bool RiskManager::reduces_position(const Candidate& order) const {
  const auto position = positions_.find({order.account, order.symbol});
  if (position == positions_.end() || position->second.quantity == 0) return false;
  const Int128 held = position->second.quantity;
  if ((order.side == Side::Buy) != (held < 0)) return false;
  Int128 same_side_open = 0;
  if (const auto open = open_by_key_.find({order.account, order.symbol}); open != open_by_key_.end()) {
    same_side_open = order.side == Side::Buy ? open->second.buy : open->second.sell;
  }
  // Even if every open order on this side fills, the position must not flip.
  return same_side_open - order.replaced_open + order.quantity <= magnitude(held);
}

RiskDecision RiskManager::check_exposure(const Candidate& order, const RiskLimits& limits) const {
  if (order.is_new) {
    const auto totals = account_totals_.find(order.account);
    const std::int64_t account_open = totals == account_totals_.end() ? 0 : totals->second.open_orders;
    if (limits.max_open_orders && account_open + 1 > *limits.max_open_orders) {
      return deny(ResultCode::RiskMaxOpenOrders, RiskLimit::MaxOpenOrders, RiskScope::Account,
                  *limits.max_open_orders, Int128{account_open} + 1);
    }
    if (global_.max_open_orders && global_open_orders_ + 1 > *global_.max_open_orders) {
      return deny(ResultCode::RiskMaxOpenOrders, RiskLimit::MaxOpenOrders, RiskScope::Global,
                  *global_.max_open_orders, Int128{global_open_orders_} + 1);
    }
  }

  Int128 held = 0;
  if (const auto it = positions_.find({order.account, order.symbol}); it != positions_.end()) {
    held = it->second.quantity;
  }
  OpenQuantity account_open;
  if (const auto it = open_by_key_.find({order.account, order.symbol}); it != open_by_key_.end()) {
    account_open = it->second;
  }
  SymbolTotals firm;
  if (const auto it = symbol_totals_.find(order.symbol); it != symbol_totals_.end()) firm = it->second;
  // Worst case: this order and every open order on the same side fill completely.
  auto potential = [&order](Int128 position, const OpenQuantity& open) {
    const Int128 same_side = (order.side == Side::Buy ? open.buy : open.sell) - order.replaced_open;
    return sat_add(position, signed_lots(order.side, same_side + order.quantity));
  };
  for (const auto& [limit, scope, position, open] :
       {std::tuple{limits.max_position, RiskScope::Account, held, account_open},
        std::tuple{global_.max_position, RiskScope::Global, firm.quantity, firm.open}}) {
    if (!limit) continue;
    const Int128 signed_after = potential(position, open);
    const Int128 after = magnitude(signed_after);
    // A position already above a lowered limit may still be reduced, but not flipped into an
    // over-limit position on the other side.
    const bool flips = (signed_after < 0 && position > 0) || (signed_after > 0 && position < 0);
    if (after > *limit && (after > magnitude(position) || flips)) {
      return deny(ResultCode::RiskMaxPosition, RiskLimit::MaxPosition, scope, *limit, after);
    }
  }

  if ((limits.max_daily_loss || global_.max_daily_loss) && !reduces_position(order)) {
    if (limits.max_daily_loss) {
      const Int128 loss = -account_daily_pnl(order.account);
      if (loss >= *limits.max_daily_loss) {
        return deny(ResultCode::RiskMaxDailyLoss, RiskLimit::MaxDailyLoss, RiskScope::Account,
                    *limits.max_daily_loss, loss);
      }
    }
    if (global_.max_daily_loss) {
      const Int128 loss = -firm_daily_pnl();
      if (loss >= *global_.max_daily_loss) {
        return deny(ResultCode::RiskMaxDailyLoss, RiskLimit::MaxDailyLoss, RiskScope::Global,
                    *global_.max_daily_loss, loss);
      }
    }
  }
  return {};
}

Int128 RiskManager::unrealized(AccountId account) const {
  Int128 total = 0;
  for (auto it = positions_.lower_bound({account, 0}); it != positions_.end() && it->first.first == account; ++it) {
    // Without any reference price a position is marked at its own cost: no unrealised P&L.
    if (const auto mark = reference_price(it->first.second)) total = sat_add(total, it->second.unrealized(*mark));
  }
  return total;
}

Int128 RiskManager::account_daily_pnl(AccountId account) const {
  Int128 realized_today = 0;
  if (const auto it = account_totals_.find(account); it != account_totals_.end()) {
    realized_today = it->second.realized_today;
  }
  Int128 day_start = 0;
  if (const auto it = unrealized_day_start_.find(account); it != unrealized_day_start_.end()) day_start = it->second;
  return sat_sub(sat_add(realized_today, unrealized(account)), day_start);
}

Int128 RiskManager::firm_daily_pnl() const {
  Int128 unrealized_now = 0;
  for (const auto& [symbol, totals] : symbol_totals_) {
    if (const auto mark = reference_price(symbol)) {
      unrealized_now = sat_add(unrealized_now, sat_sub(sat_mul(*mark, totals.quantity), totals.cost));
    }
  }
  return sat_sub(sat_add(global_realized_today_, unrealized_now), global_unrealized_day_start_);
}

RiskUpdate RiskManager::on_event(const Event& event) {
  RiskUpdate update;
  switch (event.type) {
    case EventType::Accepted:
      if (event.remaining > 0) {
        add_order(event.order_id, OpenOrder{event.account, event.symbol, event.side, event.price, event.remaining});
      }
      break;
    case EventType::Replaced:
      set_open(event.order_id, event.remaining, event.price);
      break;
    case EventType::Trade: {
      if (event.price <= 0 || event.quantity <= 0) {
        update.code = ResultCode::RiskInvalidFill;  // the book never emits these; refuse rather than guess
        break;
      }
      apply_fill(event.account, event.symbol, event.side, event.price, event.quantity);
      apply_fill(event.counter_account, event.symbol, event.side == Side::Buy ? Side::Sell : Side::Buy, event.price,
                 event.quantity);
      set_open(event.order_id, event.remaining, std::nullopt);
      set_open(event.counter_order_id, event.counter_remaining, std::nullopt);
      last_prices_[event.symbol] = event.price;
      if (const CircuitBreakerConfig* config = breaker_config(event.symbol)) {
        CircuitBreaker& breaker = breakers_[event.symbol];
        if (const auto move = breaker.on_trade(*config, event.timestamp, event.price)) {
          update.circuit_breaker_tripped = true;
          update.symbol = event.symbol;
          update.halted_until = breaker.halted_until();
          update.move_bps = *move;
        }
      }
      break;
    }
    case EventType::Cancelled:
    case EventType::Expired:
      remove_order(event.order_id);
      break;
    case EventType::Rejected:
    case EventType::Triggered:
      break;  // a rejected command changed nothing; a triggered stop stays open with the same quantity
  }
  return update;
}

ResultCode RiskManager::on_external_fill(AccountId account, SymbolId symbol, Side side, Price price,
                                         Quantity quantity) {
  if (price <= 0 || quantity <= 0) return ResultCode::RiskInvalidFill;
  apply_fill(account, symbol, side, price, quantity);
  return ResultCode::Ok;
}

void RiskManager::apply_fill(AccountId account, SymbolId symbol, Side side, Price price, Quantity quantity) {
  if (quantity <= 0) return;
  RiskPosition& position = positions_[{account, symbol}];
  const Int128 quantity_before = position.quantity;
  const Int128 cost_before = position.cost;
  const Int128 pnl = position.apply_fill(side, price, quantity);
  SymbolTotals& firm = symbol_totals_[symbol];
  firm.quantity = sat_add(firm.quantity, sat_sub(position.quantity, quantity_before));
  firm.cost = sat_add(firm.cost, sat_sub(position.cost, cost_before));
  AccountTotals& totals = account_totals_[account];
  totals.realized = sat_add(totals.realized, pnl);
  totals.realized_today = sat_add(totals.realized_today, pnl);
  global_realized_today_ = sat_add(global_realized_today_, pnl);
}

void RiskManager::add_order(OrderId id, const OpenOrder& order) {
  if (!orders_.emplace(id, order).second) return;  // duplicate Accepted: keep the first
  OpenQuantity& open = open_by_key_[{order.account, order.symbol}];
  OpenQuantity& firm = symbol_totals_[order.symbol].open;
  (order.side == Side::Buy ? open.buy : open.sell) += order.open;
  (order.side == Side::Buy ? firm.buy : firm.sell) += order.open;
  ++account_totals_[order.account].open_orders;
  ++global_open_orders_;
}

void RiskManager::set_open(OrderId id, Quantity open_quantity, std::optional<Price> price) {
  const auto it = orders_.find(id);
  if (it == orders_.end()) return;
  if (open_quantity <= 0) {
    remove_order(id);
    return;
  }
  OpenOrder& order = it->second;
  const Int128 change = Int128{open_quantity} - order.open;
  OpenQuantity& open = open_by_key_[{order.account, order.symbol}];
  OpenQuantity& firm = symbol_totals_[order.symbol].open;
  (order.side == Side::Buy ? open.buy : open.sell) += change;
  (order.side == Side::Buy ? firm.buy : firm.sell) += change;
  order.open = open_quantity;
  if (price && *price != 0) order.price = *price;
}

void RiskManager::remove_order(OrderId id) {
  const auto it = orders_.find(id);
  if (it == orders_.end()) return;
  const OpenOrder& order = it->second;
  const auto key = Key{order.account, order.symbol};
  OpenQuantity& open = open_by_key_[key];
  OpenQuantity& firm = symbol_totals_[order.symbol].open;
  (order.side == Side::Buy ? open.buy : open.sell) -= order.open;
  (order.side == Side::Buy ? firm.buy : firm.sell) -= order.open;
  if (open.buy == 0 && open.sell == 0) open_by_key_.erase(key);
  --account_totals_[order.account].open_orders;
  --global_open_orders_;
  orders_.erase(it);
}

void RiskManager::rebuild_totals() {
  open_by_key_.clear();
  symbol_totals_.clear();
  account_totals_.clear();
  global_open_orders_ = 0;
  global_realized_today_ = 0;
  global_unrealized_day_start_ = 0;
  std::map<OrderId, OpenOrder> orders;
  orders.swap(orders_);
  for (const auto& [id, order] : orders) add_order(id, order);
  for (const auto& [key, position] : positions_) {
    SymbolTotals& firm = symbol_totals_[key.second];
    firm.quantity = sat_add(firm.quantity, position.quantity);
    firm.cost = sat_add(firm.cost, position.cost);
    AccountTotals& totals = account_totals_[key.first];
    totals.realized = sat_add(totals.realized, position.realized);
    totals.realized_today = sat_add(totals.realized_today, position.realized_today);
    global_realized_today_ = sat_add(global_realized_today_, position.realized_today);
  }
  for (const auto& [account, value] : unrealized_day_start_) {
    global_unrealized_day_start_ = sat_add(global_unrealized_day_start_, value);
  }
}

Quantity RiskManager::position(AccountId account, SymbolId symbol) const {
  const auto it = positions_.find({account, symbol});
  return it == positions_.end() ? 0 : saturate_to_i64(it->second.quantity);
}

std::int64_t RiskManager::realized_pnl(AccountId account) const {
  const auto it = account_totals_.find(account);
  return it == account_totals_.end() ? 0 : saturate_to_i64(it->second.realized);
}

std::int64_t RiskManager::daily_pnl(AccountId account) const { return saturate_to_i64(account_daily_pnl(account)); }

std::int64_t RiskManager::global_daily_pnl() const { return saturate_to_i64(firm_daily_pnl()); }

std::size_t RiskManager::open_order_count(AccountId account) const {
  const auto it = account_totals_.find(account);
  return it == account_totals_.end() ? 0 : static_cast<std::size_t>(it->second.open_orders);
}

std::vector<OrderId> RiskManager::open_orders(AccountId account) const {
  std::vector<OrderId> ids;
  for (const auto& [id, order] : orders_) {
    if (order.account == account) ids.push_back(id);
  }
  return ids;
}

}  // namespace kestrel::engine
