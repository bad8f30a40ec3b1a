// Pre-trade risk manager: a pure component placed in front of the matching engine. check() decides
// on a NewOrder or Replace without changing anything; on_event() folds the engine's events into its
// own state (open orders, average-cost positions and realised P&L per account and symbol, last trade
// price per symbol, circuit-breaker windows). Limits, reference prices, breakers and kill switches
// are configurable at runtime; account limits override the defaults field by field, and global
// limits apply to the whole firm (all accounts summed) on top.
// Check order (the first failing check is reported): order lookup for Replace, kill switch (global,
// then account), circuit breaker, max order quantity, reference price, price collar, max notional,
// max open orders, max position, max daily loss — each account limit before the global one.
// Pricing rules: the reference price of a symbol is its last trade price, or the configured reference
// price before the first trade. Notional uses the limit price (Limit, StopLimit), the stop price
// (Stop) or the reference price (Market). The collar applies to Limit orders and to Replace prices;
// a market order counts as priced at the reference (inside any collar) but is denied with
// RiskNoReferencePrice when a collar or notional limit applies and no reference exists.
// Invariants: deterministic (no clocks, no randomness; time comes from commands and events); integer
// arithmetic only, 128-bit where products could overflow; business outcomes are values, never
// exceptions. Layout: per-account holdings in a sorted vector (one hash lookup finds everything a
// check needs; the daily-loss walk is contiguous), orders and instruments in hash maps, serialisation
// sorted. Known limits: positions from external venues enter through on_external_fill; marks use the
// internal last trade only; a daily-loss check costs O(symbols held by the account).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kestrel/engine/codec_int128.h"
#include "kestrel/engine/risk_circuit_breaker.h"
#include "kestrel/engine/risk_limits.h"
#include "kestrel/engine/risk_position.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Pre-trade risk checks and the state they need. Single-threaded, like the engine shard that owns it. */
class RiskManager {
 public:
  /** Limits for accounts without their own value for a field. */
  ResultCode set_default_limits(const RiskLimits& limits);
  /** Per-account overrides (fields left empty fall back to the defaults). */
  ResultCode set_account_limits(AccountId account, const RiskLimits& limits);
  /** Removes every override of `account`. */
  void clear_account_limits(AccountId account);
  /** Firm-wide limits over all accounts together. */
  ResultCode set_global_limits(const RiskLimits& limits);
  /** The limits that apply to `account` after falling back to the defaults. */
  RiskLimits effective_limits(AccountId account) const;
  const RiskLimits& default_limits() const noexcept { return defaults_; }
  const RiskLimits& global_limits() const noexcept { return global_; }

  /** Reference price used before the symbol's first trade (e.g. the previous close); price > 0. */
  ResultCode set_reference_price(SymbolId symbol, Price price);
  void clear_reference_price(SymbolId symbol);
  /** Last trade price, else configured reference price, of `symbol`. */
  std::optional<Price> reference_price(SymbolId symbol) const;

  /** Circuit breaker for symbols without their own configuration (nullopt = none). */
  ResultCode set_default_circuit_breaker(std::optional<CircuitBreakerConfig> config);
  /** Circuit breaker for one symbol, overriding the default (nullopt = back to the default). */
  ResultCode set_circuit_breaker(SymbolId symbol, std::optional<CircuitBreakerConfig> config);
  /** When the breaker of `symbol` halts trading at `now`, the time it resumes. */
  std::optional<Timestamp> halted_until(SymbolId symbol, Timestamp now) const;

  /** Sets an account's kill switch; returns Cancel commands for its open orders when mode is CancelAll. */
  std::vector<Command> set_kill_switch(AccountId account, KillSwitchMode mode, Timestamp now);
  /** Sets the firm-wide kill switch; CancelAll returns Cancel commands for every open order. */
  std::vector<Command> set_global_kill_switch(KillSwitchMode mode, Timestamp now);
  KillSwitchMode kill_switch(AccountId account) const;
  KillSwitchMode global_kill_switch() const noexcept { return global_kill_; }

  /** Starts a new trading day: realised-today resets and today's unrealised is measured from current marks. */
  void start_new_day();

  /** Pre-trade decision for `command` (Ok for command types other than NewOrder and Replace). */
  RiskDecision check(const Command& command) const;

  /** Updates state from one engine event (accepted, traded, replaced, cancelled, expired, ...). */
  RiskUpdate on_event(const Event& event);
  /** A fill of `account` at an external venue (no internal counterparty, does not move the last price). */
  ResultCode on_external_fill(AccountId account, SymbolId symbol, Side side, Price price, Quantity quantity);

  /** Signed position in lots (saturated to int64). */
  Quantity position(AccountId account, SymbolId symbol) const;
  /** Lifetime realised P&L of `account` in ticks x lots (saturated). */
  std::int64_t realized_pnl(AccountId account) const;
  /** Today's P&L of `account`: realised today + unrealised now - unrealised at the day start (saturated). */
  std::int64_t daily_pnl(AccountId account) const;
  /** Today's P&L of all accounts together (saturated). */
  std::int64_t global_daily_pnl() const;
  /** Number of open orders of `account`. */
  std::size_t open_order_count(AccountId account) const;
  /** Open order ids of `account`, ascending. */
  std::vector<OrderId> open_orders(AccountId account) const;

  /** Appends the complete state (configuration included) in a versioned little-endian format. */
  void serialize(std::string& out) const;
  /** Replaces the state with serialized bytes; SnapshotCorrupt (state unchanged) on any invalid byte. */
  ResultCode restore(std::string_view bytes);
  /** FNV-1a 64 of serialize(): equal hashes mean equal states (determinism checks). */
  std::uint64_t state_hash() const;

 private:
  struct OpenOrder {
    AccountId account = 0;
    SymbolId symbol = 0;
    Side side = Side::Buy;
    Price price = 0;  // 0 for stop-market orders
    Quantity open = 0;
  };
  // Open quantity by side, of one account in one symbol or of the firm in one symbol.
  struct OpenQuantity {
    Int128 buy = 0;
    Int128 sell = 0;
    Int128& on(Side side) noexcept { return side == Side::Buy ? buy : sell; }
    Int128 on(Side side) const noexcept { return side == Side::Buy ? buy : sell; }
  };
  // One account's exposure in one symbol.
  struct Holding {
    SymbolId symbol = 0;
    bool filled = false;  // a fill touched it, so its position belongs to the serialized state
    RiskPosition position;
    OpenQuantity open;
  };
  struct Account {
    std::vector<Holding> holdings;  // ascending symbol: contiguous for the daily-loss walk
    std::int64_t open_orders = 0;
    Int128 realized = 0;                          // derived: sum over holdings
    Int128 realized_today = 0;                    // derived: sum over holdings
    std::optional<Int128> unrealized_day_start;   // measured by start_new_day()
  };
  struct Instrument {
    std::optional<Price> last_price;
    std::optional<Price> configured_reference;
    Int128 quantity = 0;  // derived: firm net position
    Int128 cost = 0;      // derived: firm net cost basis
    OpenQuantity open;    // derived: firm open quantity
  };

  // One order as check() sees it: the command's values, or the replaced order's values updated.
  struct Candidate {
    AccountId account = 0;
    SymbolId symbol = 0;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    Price price = 0;
    Price stop_price = 0;
    Quantity quantity = 0;
    Quantity replaced_open = 0;  // open quantity of the order being replaced (0 for NewOrder)
    bool is_new = true;
  };
  // What check() looked up once for the candidate (null when the account/symbol has no state yet).
  struct Context {
    const Account* account = nullptr;
    const Holding* holding = nullptr;
    const Instrument* instrument = nullptr;
    std::optional<Price> reference;
    RiskLimits limits;
  };

  RiskDecision check_kill_switch(const Candidate& order, const Context& context) const;
  RiskDecision check_prices(const Candidate& order, const Context& context) const;
  RiskDecision check_exposure(const Candidate& order, const Context& context) const;
  static bool reduces_position(const Candidate& order, const Holding* holding);
  static std::optional<Price> reference_of(const Instrument& instrument);
  Int128 account_daily_pnl(const Account& account) const;
  Int128 firm_daily_pnl() const;
  const CircuitBreakerConfig* breaker_config(SymbolId symbol) const;
  const Account* find_account(AccountId account) const;
  static const Holding* find_holding(const Account& account, SymbolId symbol);
  Holding& holding(AccountId account, SymbolId symbol);

  void add_order(OrderId id, const OpenOrder& order);
  void set_open(OrderId id, Quantity open, std::optional<Price> price);
  void remove_order(OrderId id);
  void apply_fill(AccountId account, SymbolId symbol, Side side, Price price, Quantity quantity);
  std::vector<Command> cancels(std::optional<AccountId> account, Timestamp now) const;
  void rebuild_totals();

  RiskLimits defaults_;
  RiskLimits global_;
  std::map<AccountId, RiskLimits> account_limits_;
  std::optional<CircuitBreakerConfig> default_breaker_;
  std::map<SymbolId, CircuitBreakerConfig> breaker_configs_;
  std::map<SymbolId, CircuitBreaker> breakers_;
  KillSwitchMode global_kill_ = KillSwitchMode::Off;
  std::map<AccountId, KillSwitchMode> kill_switches_;
  std::unordered_map<OrderId, OpenOrder> orders_;
  std::unordered_map<AccountId, Account> accounts_;
  std::unordered_map<SymbolId, Instrument> instruments_;
  // Derived firm-wide totals (rebuilt on restore, never serialized).
  std::int64_t global_open_orders_ = 0;
  Int128 global_realized_today_ = 0;
  Int128 global_unrealized_day_start_ = 0;
};

}  // namespace kestrel::engine
