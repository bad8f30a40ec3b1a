// Risk manager configuration, pre-trade checks and event accounting (serialisation lives in
// risk_manager_state.cpp). See risk_manager.h for the rules.
#include "kestrel/engine/risk_manager.h"

#include <algorithm>
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
  instruments_[symbol].configured_reference = price;
  return ResultCode::Ok;
}

void RiskManager::clear_reference_price(SymbolId symbol) {
  if (const auto it = instruments_.find(symbol); it != instruments_.end()) it->second.configured_reference.reset();
}

std::optional<Price> RiskManager::reference_of(const Instrument& instrument) {
  return instrument.last_price ? instrument.last_price : instrument.configured_reference;
}

std::optional<Price> RiskManager::reference_price(SymbolId symbol) const {
  const auto it = instruments_.find(symbol);
  return it == instruments_.end() ? std::nullopt : reference_of(it->second);
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
  for (const auto& [id, order] : orders_) {
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
  // Ascending order id: the same state always yields the same cancel sequence.
  std::sort(commands.begin(), commands.end(), [](const Command& a, const Command& b) { return a.order_id < b.order_id; });
  return commands;
}

void RiskManager::start_new_day() {
  global_realized_today_ = 0;
  global_unrealized_day_start_ = 0;
  for (auto& [id, account] : accounts_) {
    account.realized_today = 0;
    account.unrealized_day_start.reset();
    for (Holding& holding : account.holdings) {
      holding.position.realized_today = 0;
      if (!holding.filled || holding.position.quantity == 0) continue;
      const auto mark = reference_price(holding.symbol);
      if (!mark) continue;
      const Int128 value = holding.position.unrealized(*mark);
      account.unrealized_day_start = sat_add(account.unrealized_day_start.value_or(0), value);
      global_unrealized_day_start_ = sat_add(global_unrealized_day_start_, value);
    }
  }
}

const RiskManager::Account* RiskManager::find_account(AccountId account) const {
  const auto it = accounts_.find(account);
  return it == accounts_.end() ? nullptr : &it->second;
}

const RiskManager::Holding* RiskManager::find_holding(const Account& account, SymbolId symbol) {
  const auto it = std::lower_bound(account.holdings.begin(), account.holdings.end(), symbol,
                                   [](const Holding& h, SymbolId s) { return h.symbol < s; });
  return it != account.holdings.end() && it->symbol == symbol ? &*it : nullptr;
}

RiskManager::Holding& RiskManager::holding(AccountId account, SymbolId symbol) {
  std::vector<Holding>& holdings = accounts_[account].holdings;
  const auto it = std::lower_bound(holdings.begin(), holdings.end(), symbol,
                                   [](const Holding& h, SymbolId s) { return h.symbol < s; });
  if (it != holdings.end() && it->symbol == symbol) return *it;
  Holding fresh;
  fresh.symbol = symbol;
  return *holdings.insert(it, fresh);
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

  Context context;
  context.account = find_account(order.account);
  if (context.account != nullptr) context.holding = find_holding(*context.account, order.symbol);
  if (const auto it = instruments_.find(order.symbol); it != instruments_.end()) {
    context.instrument = &it->second;
    context.reference = reference_of(it->second);
  }
  context.limits = effective_limits(order.account);

  if (RiskDecision decision = check_kill_switch(order, context); !decision.ok()) return decision;
  if (const auto breaker = breakers_.find(order.symbol);
      breaker != breakers_.end() && breaker->second.halted(command.timestamp)) {
    const CircuitBreakerConfig* config = breaker_config(order.symbol);
    return deny(ResultCode::RiskCircuitBreaker, RiskLimit::CircuitBreaker, RiskScope::Symbol,
                config != nullptr ? config->move_bps : 0, breaker->second.trip_move_bps());
  }
  for (const auto& [limit, scope] : {std::pair{context.limits.max_order_quantity, RiskScope::Account},
                                     std::pair{global_.max_order_quantity, RiskScope::Global}}) {
    if (limit && order.quantity > *limit) {
      return deny(ResultCode::RiskMaxOrderQuantity, RiskLimit::MaxOrderQuantity, scope, *limit, order.quantity);
    }
  }
  if (RiskDecision decision = check_prices(order, context); !decision.ok()) return decision;
  return check_exposure(order, context);
}

RiskDecision RiskManager::check_kill_switch(const Candidate& order, const Context& context) const {
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
        if (!reduces_position(order, context.holding)) {
          return deny(ResultCode::RiskReduceOnly, RiskLimit::KillSwitch, scope, mode_value, order.quantity);
        }
        break;
    }
  }
  return {};
}

RiskDecision RiskManager::check_prices(const Candidate& order, const Context& context) const {
  const RiskLimits& limits = context.limits;
  const std::optional<Price>& reference = context.reference;
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

bool RiskManager::reduces_position(const Candidate& order, const Holding* holding) {
  if (holding == nullptr || holding->position.quantity == 0) return false;
  const Int128 held = holding->position.quantity;
  if ((order.side == Side::Buy) != (held < 0)) return false;
  // Even if every open order on this side fills, the position must not flip.
  return holding->open.on(order.side) - order.replaced_open + order.quantity <= magnitude(held);
}

RiskDecision RiskManager::check_exposure(const Candidate& order, const Context& context) const {
  const RiskLimits& limits = context.limits;
  if (order.is_new) {
    const std::int64_t account_open = context.account == nullptr ? 0 : context.account->open_orders;
    if (limits.max_open_orders && account_open + 1 > *limits.max_open_orders) {
      return deny(ResultCode::RiskMaxOpenOrders, RiskLimit::MaxOpenOrders, RiskScope::Account,
                  *limits.max_open_orders, Int128{account_open} + 1);
    }
    if (global_.max_open_orders && global_open_orders_ + 1 > *global_.max_open_orders) {
      return deny(ResultCode::RiskMaxOpenOrders, RiskLimit::MaxOpenOrders, RiskScope::Global,
                  *global_.max_open_orders, Int128{global_open_orders_} + 1);
    }
  }

  const Int128 held = context.holding == nullptr ? 0 : context.holding->position.quantity;
  const OpenQuantity account_open = context.holding == nullptr ? OpenQuantity{} : context.holding->open;
  const Int128 firm_held = context.instrument == nullptr ? 0 : context.instrument->quantity;
  const OpenQuantity firm_open = context.instrument == nullptr ? OpenQuantity{} : context.instrument->open;
  for (const auto& [limit, scope, position, open] :
       {std::tuple{limits.max_position, RiskScope::Account, held, account_open},
        std::tuple{global_.max_position, RiskScope::Global, firm_held, firm_open}}) {
    if (!limit) continue;
    // Worst case: this order and every open order on the same side fill completely.
    const Int128 signed_after =
        sat_add(position, signed_lots(order.side, open.on(order.side) - order.replaced_open + order.quantity));
    const Int128 after = magnitude(signed_after);
    // A position already above a lowered limit may still be reduced, but not flipped into an
    // over-limit position on the other side.
    const bool flips = (signed_after < 0 && position > 0) || (signed_after > 0 && position < 0);
    if (after > *limit && (after > magnitude(position) || flips)) {
      return deny(ResultCode::RiskMaxPosition, RiskLimit::MaxPosition, scope, *limit, after);
    }
  }

  if ((limits.max_daily_loss || global_.max_daily_loss) && !reduces_position(order, context.holding)) {
    if (limits.max_daily_loss) {
      const Int128 loss = context.account == nullptr ? 0 : -account_daily_pnl(*context.account);
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

Int128 RiskManager::account_daily_pnl(const Account& account) const {
  Int128 unrealized = 0;
  for (const Holding& holding : account.holdings) {
    if (holding.position.quantity == 0 && holding.position.cost == 0) continue;
    // Without any reference price a position is marked at its own cost: no unrealised P&L.
    if (const auto mark = reference_price(holding.symbol)) {
      unrealized = sat_add(unrealized, holding.position.unrealized(*mark));
    }
  }
  return sat_sub(sat_add(account.realized_today, unrealized), account.unrealized_day_start.value_or(0));
}

Int128 RiskManager::firm_daily_pnl() const {
  Int128 unrealized = 0;
  for (const auto& [symbol, instrument] : instruments_) {
    if (const auto mark = reference_of(instrument)) {
      unrealized = sat_add(unrealized, sat_sub(sat_mul(*mark, instrument.quantity), instrument.cost));
    }
  }
  return sat_sub(sat_add(global_realized_today_, unrealized), global_unrealized_day_start_);
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
      instruments_[event.symbol].last_price = event.price;
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
  Holding& held = holding(account, symbol);
  held.filled = true;
  const Int128 quantity_before = held.position.quantity;
  const Int128 cost_before = held.position.cost;
  const Int128 pnl = held.position.apply_fill(side, price, quantity);
  Instrument& firm = instruments_[symbol];
  firm.quantity = sat_add(firm.quantity, sat_sub(held.position.quantity, quantity_before));
  firm.cost = sat_add(firm.cost, sat_sub(held.position.cost, cost_before));
  Account& totals = accounts_[account];
  totals.realized = sat_add(totals.realized, pnl);
  totals.realized_today = sat_add(totals.realized_today, pnl);
  global_realized_today_ = sat_add(global_realized_today_, pnl);
}

void RiskManager::add_order(OrderId id, const OpenOrder& order) {
  if (!orders_.emplace(id, order).second) return;  // duplicate Accepted: keep the first
  holding(order.account, order.symbol).open.on(order.side) += order.open;
  instruments_[order.symbol].open.on(order.side) += order.open;
  ++accounts_[order.account].open_orders;
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
  holding(order.account, order.symbol).open.on(order.side) += change;
  instruments_[order.symbol].open.on(order.side) += change;
  order.open = open_quantity;
  if (price && *price != 0) order.price = *price;
}

void RiskManager::remove_order(OrderId id) {
  const auto it = orders_.find(id);
  if (it == orders_.end()) return;
  const OpenOrder& order = it->second;
  Account& account = accounts_[order.account];
  std::vector<Holding>& holdings = account.holdings;
  const auto held = std::lower_bound(holdings.begin(), holdings.end(), order.symbol,
                                     [](const Holding& h, SymbolId s) { return h.symbol < s; });
  if (held != holdings.end() && held->symbol == order.symbol) {  // always true: add_order created it
    held->open.on(order.side) -= order.open;
    // A holding that never filled exists only for its open orders: drop it with the last of them.
    if (!held->filled && held->open.buy == 0 && held->open.sell == 0) holdings.erase(held);
  }
  instruments_[order.symbol].open.on(order.side) -= order.open;
  --account.open_orders;
  --global_open_orders_;
  orders_.erase(it);
}

void RiskManager::rebuild_totals() {
  global_open_orders_ = 0;
  global_realized_today_ = 0;
  global_unrealized_day_start_ = 0;
  for (auto& [symbol, instrument] : instruments_) {
    instrument.quantity = 0;
    instrument.cost = 0;
    instrument.open = OpenQuantity{};
  }
  for (auto& [id, account] : accounts_) {
    account.open_orders = 0;
    account.realized = 0;
    account.realized_today = 0;
    for (Holding& held : account.holdings) {
      held.open = OpenQuantity{};
      Instrument& firm = instruments_[held.symbol];
      firm.quantity = sat_add(firm.quantity, held.position.quantity);
      firm.cost = sat_add(firm.cost, held.position.cost);
      account.realized = sat_add(account.realized, held.position.realized);
      account.realized_today = sat_add(account.realized_today, held.position.realized_today);
    }
    global_realized_today_ = sat_add(global_realized_today_, account.realized_today);
    global_unrealized_day_start_ = sat_add(global_unrealized_day_start_, account.unrealized_day_start.value_or(0));
  }
  std::unordered_map<OrderId, OpenOrder> orders;
  orders.swap(orders_);
  for (const auto& [id, order] : orders) add_order(id, order);
}

Quantity RiskManager::position(AccountId account, SymbolId symbol) const {
  const Account* state = find_account(account);
  const Holding* held = state == nullptr ? nullptr : find_holding(*state, symbol);
  return held == nullptr ? 0 : saturate_to_i64(held->position.quantity);
}

std::int64_t RiskManager::realized_pnl(AccountId account) const {
  const Account* state = find_account(account);
  return state == nullptr ? 0 : saturate_to_i64(state->realized);
}

std::int64_t RiskManager::daily_pnl(AccountId account) const {
  const Account* state = find_account(account);
  return state == nullptr ? 0 : saturate_to_i64(account_daily_pnl(*state));
}

std::int64_t RiskManager::global_daily_pnl() const { return saturate_to_i64(firm_daily_pnl()); }

std::size_t RiskManager::open_order_count(AccountId account) const {
  const Account* state = find_account(account);
  return state == nullptr ? 0 : static_cast<std::size_t>(state->open_orders);
}

std::vector<OrderId> RiskManager::open_orders(AccountId account) const {
  std::vector<OrderId> ids;
  for (const auto& [id, order] : orders_) {
    if (order.account == account) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace kestrel::engine
