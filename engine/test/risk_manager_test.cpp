// Risk manager: every limit (account and global scope), kill-switch modes, circuit breaker trip and
// resume, runtime limit changes, Replace handling, average-cost P&L, and state serialisation.
#include "kestrel/engine/risk_manager.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>

namespace kestrel::engine {
namespace {

constexpr SymbolId kSymbol = 7;
constexpr AccountId kAlice = 1;
constexpr AccountId kBob = 2;
constexpr AccountId kCarol = 3;
constexpr Timestamp kSecond = 1'000'000'000;

Command limit_order(AccountId account, Side side, Price price, Quantity quantity, OrderId id = 900) {
  Command c;
  c.type = CommandType::NewOrder;
  c.order_type = OrderType::Limit;
  c.side = side;
  c.symbol = kSymbol;
  c.order_id = id;
  c.account = account;
  c.price = price;
  c.quantity = quantity;
  return c;
}

Command market_order(AccountId account, Side side, Quantity quantity) {
  Command c = limit_order(account, side, 0, quantity);
  c.order_type = OrderType::Market;
  c.tif = TimeInForce::IOC;
  return c;
}

Command replace(AccountId account, OrderId id, Price price, Quantity quantity) {
  Command c;
  c.type = CommandType::Replace;
  c.symbol = kSymbol;
  c.order_id = id;
  c.account = account;
  c.price = price;
  c.quantity = quantity;
  return c;
}

Event accepted(OrderId id, AccountId account, Side side, Price price, Quantity quantity) {
  Event e;
  e.type = EventType::Accepted;
  e.side = side;
  e.symbol = kSymbol;
  e.order_id = id;
  e.account = account;
  e.price = price;
  e.quantity = quantity;
  e.remaining = quantity;
  return e;
}

Event cancelled(OrderId id, AccountId account) {
  Event e;
  e.type = EventType::Cancelled;
  e.symbol = kSymbol;
  e.order_id = id;
  e.account = account;
  return e;
}

// A trade where `buyer` aggresses against `seller`'s resting order; neither order stays open.
Event trade(AccountId buyer, AccountId seller, Price price, Quantity quantity, Timestamp at = 0) {
  Event e;
  e.type = EventType::Trade;
  e.side = Side::Buy;
  e.symbol = kSymbol;
  e.timestamp = at;
  e.order_id = 10'000;
  e.account = buyer;
  e.counter_order_id = 20'000;
  e.counter_account = seller;
  e.price = price;
  e.quantity = quantity;
  return e;
}

void expect_denied(const RiskDecision& d, ResultCode code, RiskLimit limit, RiskScope scope, std::int64_t limit_value,
                   std::int64_t attempted) {
  EXPECT_EQ(d.code, code) << result_code_name(d.code);
  EXPECT_EQ(d.limit, limit) << risk_limit_name(d.limit);
  EXPECT_EQ(d.scope, scope) << risk_scope_name(d.scope);
  EXPECT_EQ(d.limit_value, limit_value);
  EXPECT_EQ(d.attempted_value, attempted);
}

TEST(RiskManager, NoLimitsAcceptsEverythingAndIgnoresOtherCommands) {
  RiskManager risk;
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 100, 1'000'000)).ok());
  Command cancel;
  cancel.type = CommandType::Cancel;
  EXPECT_TRUE(risk.check(cancel).ok());
}

TEST(RiskManager, MaxOrderQuantityAccountThenGlobal) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_limits(RiskLimits{100, {}, {}, {}, {}, {}}), ResultCode::Ok);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 100)).ok());
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10, 101)), ResultCode::RiskMaxOrderQuantity,
                RiskLimit::MaxOrderQuantity, RiskScope::Account, 100, 101);
  ASSERT_EQ(risk.set_global_limits(RiskLimits{50, {}, {}, {}, {}, {}}), ResultCode::Ok);
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10, 51)), ResultCode::RiskMaxOrderQuantity,
                RiskLimit::MaxOrderQuantity, RiskScope::Global, 50, 51);
  EXPECT_EQ(risk_limit_name(RiskLimit::MaxOrderQuantity), "max_order_quantity");
}

TEST(RiskManager, MaxOrderNotionalUsesLimitStopOrReferencePrice) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_limits(RiskLimits{{}, 10'000, {}, {}, {}, {}}), ResultCode::Ok);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 1'000, 10)).ok());
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 1'001, 10)), ResultCode::RiskMaxOrderNotional,
                RiskLimit::MaxOrderNotional, RiskScope::Account, 10'000, 10'010);

  Command stop = limit_order(kAlice, Side::Sell, 0, 10);
  stop.order_type = OrderType::Stop;
  stop.stop_price = 1'001;
  EXPECT_EQ(risk.check(stop).code, ResultCode::RiskMaxOrderNotional);
  stop.stop_price = 999;
  EXPECT_TRUE(risk.check(stop).ok());

  // Market orders are valued at the reference price; without one they cannot be valued at all.
  expect_denied(risk.check(market_order(kAlice, Side::Buy, 10)), ResultCode::RiskNoReferencePrice,
                RiskLimit::ReferencePrice, RiskScope::Account, 0, 0);
  ASSERT_EQ(risk.set_reference_price(kSymbol, 1'000), ResultCode::Ok);
  EXPECT_TRUE(risk.check(market_order(kAlice, Side::Buy, 10)).ok());
  EXPECT_EQ(risk.check(market_order(kAlice, Side::Buy, 11)).code, ResultCode::RiskMaxOrderNotional);
  risk.on_event(trade(kBob, kCarol, 500, 1));  // the last trade replaces the configured reference
  EXPECT_TRUE(risk.check(market_order(kAlice, Side::Buy, 20)).ok());
}

TEST(RiskManager, NotionalCannotOverflow) {
  RiskManager risk;
  ASSERT_EQ(risk.set_global_limits(RiskLimits{{}, std::numeric_limits<std::int64_t>::max() - 1, {}, {}, {}, {}}),
            ResultCode::Ok);
  const Quantity big = std::numeric_limits<Quantity>::max();
  const RiskDecision d = risk.check(limit_order(kAlice, Side::Buy, std::numeric_limits<Price>::max(), big));
  expect_denied(d, ResultCode::RiskMaxOrderNotional, RiskLimit::MaxOrderNotional, RiskScope::Global,
                std::numeric_limits<std::int64_t>::max() - 1, std::numeric_limits<std::int64_t>::max());
}

TEST(RiskManager, MaxPositionCountsFillsAndOpenOrders) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_limits(RiskLimits{{}, {}, 100, {}, {}, {}}), ResultCode::Ok);
  risk.on_event(trade(kAlice, kBob, 10, 80));
  EXPECT_EQ(risk.position(kAlice, kSymbol), 80);
  EXPECT_EQ(risk.position(kBob, kSymbol), -80);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 20)).ok());
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10, 21)), ResultCode::RiskMaxPosition,
                RiskLimit::MaxPosition, RiskScope::Account, 100, 101);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 10, 180)).ok());
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Sell, 10, 181)).code, ResultCode::RiskMaxPosition);

  // An open buy of 15 would fill too: only 5 more fit.
  risk.on_event(accepted(1, kAlice, Side::Buy, 10, 15));
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 5)).ok());
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10, 6)), ResultCode::RiskMaxPosition,
                RiskLimit::MaxPosition, RiskScope::Account, 100, 101);
  risk.on_event(cancelled(1, kAlice));
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 20)).ok());
}

TEST(RiskManager, PositionAboveALoweredLimitMayOnlyShrink) {
  RiskManager risk;
  risk.on_event(trade(kAlice, kBob, 10, 150));
  ASSERT_EQ(risk.set_account_limits(kAlice, RiskLimits{{}, {}, 100, {}, {}, {}}), ResultCode::Ok);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 10, 10)).ok());
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Buy, 10, 1)).code, ResultCode::RiskMaxPosition);
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Sell, 10, 251)).code, ResultCode::RiskMaxPosition);
}

TEST(RiskManager, GlobalMaxPositionIsTheFirmNetPosition) {
  RiskManager risk;
  ASSERT_EQ(risk.set_global_limits(RiskLimits{{}, {}, 100, {}, {}, {}}), ResultCode::Ok);
  risk.on_external_fill(kAlice, kSymbol, Side::Buy, 10, 60);
  risk.on_external_fill(kBob, kSymbol, Side::Buy, 10, 30);
  EXPECT_TRUE(risk.check(limit_order(kCarol, Side::Buy, 10, 10)).ok());
  expect_denied(risk.check(limit_order(kCarol, Side::Buy, 10, 11)), ResultCode::RiskMaxPosition,
                RiskLimit::MaxPosition, RiskScope::Global, 100, 101);
  // Internal trades between accounts do not change the firm's net position.
  risk.on_event(trade(kCarol, kAlice, 10, 50));
  EXPECT_TRUE(risk.check(limit_order(kCarol, Side::Buy, 10, 10)).ok());
}

TEST(RiskManager, MaxOpenOrdersAccountAndGlobal) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_limits(RiskLimits{{}, {}, {}, 2, {}, {}}), ResultCode::Ok);
  risk.on_event(accepted(1, kAlice, Side::Buy, 10, 5));
  risk.on_event(accepted(2, kAlice, Side::Sell, 12, 5));
  EXPECT_EQ(risk.open_order_count(kAlice), 2u);
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10, 1)), ResultCode::RiskMaxOpenOrders,
                RiskLimit::MaxOpenOrders, RiskScope::Account, 2, 3);
  EXPECT_TRUE(risk.check(replace(kAlice, 1, 11, 5)).ok()) << "a replace does not add an order";
  EXPECT_TRUE(risk.check(limit_order(kBob, Side::Buy, 10, 1)).ok());
  risk.on_event(cancelled(2, kAlice));
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 1)).ok());

  ASSERT_EQ(risk.set_global_limits(RiskLimits{{}, {}, {}, 3, {}, {}}), ResultCode::Ok);
  risk.on_event(accepted(3, kBob, Side::Buy, 10, 5));
  risk.on_event(accepted(4, kCarol, Side::Buy, 10, 5));
  expect_denied(risk.check(limit_order(kBob, Side::Buy, 10, 1)), ResultCode::RiskMaxOpenOrders,
                RiskLimit::MaxOpenOrders, RiskScope::Global, 3, 4);
}

TEST(RiskManager, OpenOrdersFollowFillsReplacesAndExpiry) {
  RiskManager risk;
  risk.on_event(accepted(1, kAlice, Side::Sell, 10, 10));
  risk.on_event(accepted(2, kBob, Side::Buy, 10, 4));
  Event fill = trade(kBob, kAlice, 10, 4);
  fill.order_id = 2;
  fill.counter_order_id = 1;
  fill.remaining = 0;
  fill.counter_remaining = 6;
  risk.on_event(fill);
  EXPECT_EQ(risk.open_orders(kAlice), std::vector<OrderId>{1});
  EXPECT_TRUE(risk.open_orders(kBob).empty());
  Event replaced;
  replaced.type = EventType::Replaced;
  replaced.order_id = 1;
  replaced.price = 11;
  replaced.remaining = 3;
  risk.on_event(replaced);
  ASSERT_EQ(risk.set_default_limits(RiskLimits{{}, {}, 10, {}, {}, {}}), ResultCode::Ok);
  // Alice is short 4 with 3 more open to sell: a sell of 3 reaches -10, a sell of 4 would not fit.
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 11, 3)).ok());
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Sell, 11, 4)).code, ResultCode::RiskMaxPosition);
  Event expired;
  expired.type = EventType::Expired;
  expired.order_id = 1;
  risk.on_event(expired);
  EXPECT_EQ(risk.open_order_count(kAlice), 0u);
}

TEST(RiskManager, MaxDailyLossCountsUnrealisedAndAllowsReducing) {
  RiskManager risk;
  ASSERT_EQ(risk.set_account_limits(kAlice, RiskLimits{{}, {}, {}, {}, 100, {}}), ResultCode::Ok);
  risk.on_event(trade(kAlice, kBob, 100, 10));  // Alice long 10 @ 100
  EXPECT_EQ(risk.daily_pnl(kAlice), 0);
  risk.on_event(trade(kCarol, kBob, 91, 1));  // market moves to 91: Alice -90
  EXPECT_EQ(risk.daily_pnl(kAlice), -90);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 91, 1)).ok());
  risk.on_event(trade(kCarol, kBob, 90, 1));  // -100: the limit is reached
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 90, 1)), ResultCode::RiskMaxDailyLoss,
                RiskLimit::MaxDailyLoss, RiskScope::Account, 100, 100);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 90, 10)).ok()) << "flattening stays possible";
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Sell, 90, 11)).code, ResultCode::RiskMaxDailyLoss);

  // Selling out realises the loss; flat, any new order would add risk.
  risk.on_event(trade(kCarol, kAlice, 90, 10));
  EXPECT_EQ(risk.position(kAlice, kSymbol), 0);
  EXPECT_EQ(risk.realized_pnl(kAlice), -100);
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Buy, 90, 1)).code, ResultCode::RiskMaxDailyLoss);
  risk.start_new_day();
  EXPECT_EQ(risk.daily_pnl(kAlice), 0);
  EXPECT_EQ(risk.realized_pnl(kAlice), -100) << "lifetime realised P&L survives the day change";
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 90, 1)).ok());
}

TEST(RiskManager, DailyLossAfterNewDayMeasuresFromTheDayStartMark) {
  RiskManager risk;
  risk.on_event(trade(kAlice, kBob, 100, 10));
  risk.on_event(trade(kCarol, kBob, 80, 1));  // Alice -200 yesterday
  risk.start_new_day();
  EXPECT_EQ(risk.daily_pnl(kAlice), 0);
  risk.on_event(trade(kCarol, kBob, 85, 1));
  EXPECT_EQ(risk.daily_pnl(kAlice), 50);
  risk.on_event(trade(kCarol, kAlice, 90, 10));  // sells at 90: realised -100 lifetime, +100 today
  EXPECT_EQ(risk.realized_pnl(kAlice), -100);
  EXPECT_EQ(risk.daily_pnl(kAlice), 100);
}

TEST(RiskManager, GlobalDailyLossSumsAllAccounts) {
  RiskManager risk;
  ASSERT_EQ(risk.set_global_limits(RiskLimits{{}, {}, {}, {}, 50, {}}), ResultCode::Ok);
  risk.on_external_fill(kAlice, kSymbol, Side::Buy, 100, 5);
  risk.on_external_fill(kBob, kSymbol, Side::Buy, 100, 5);
  risk.on_event(trade(kCarol, kCarol, 95, 1));  // a self-trade only moves the mark
  EXPECT_EQ(risk.global_daily_pnl(), -50);
  expect_denied(risk.check(limit_order(kCarol, Side::Buy, 95, 1)), ResultCode::RiskMaxDailyLoss,
                RiskLimit::MaxDailyLoss, RiskScope::Global, 50, 50);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 95, 5)).ok());
}

TEST(RiskManager, PriceCollarAroundTheReferencePrice) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_limits(RiskLimits{{}, {}, {}, {}, {}, 500}), ResultCode::Ok);  // 5 %
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 1'000'000, 1)).ok()) << "no reference: nothing to collar";
  ASSERT_EQ(risk.set_reference_price(kSymbol, 10'000), ResultCode::Ok);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10'500, 1)).ok());
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 9'500, 1)).ok());
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10'501, 1)), ResultCode::RiskPriceCollar,
                RiskLimit::PriceCollar, RiskScope::Account, 500, 501);
  expect_denied(risk.check(limit_order(kAlice, Side::Sell, 9'499, 1)), ResultCode::RiskPriceCollar,
                RiskLimit::PriceCollar, RiskScope::Account, 500, 501);
  // Rounded up: 0.01 bp beyond the collar is still reported as beyond it.
  ASSERT_EQ(risk.set_reference_price(kSymbol, 1'000'000), ResultCode::Ok);
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 1'050'001, 1)), ResultCode::RiskPriceCollar,
                RiskLimit::PriceCollar, RiskScope::Account, 500, 501);
  EXPECT_TRUE(risk.check(market_order(kAlice, Side::Buy, 1)).ok()) << "market orders trade at the reference";
  Command stop_limit = limit_order(kAlice, Side::Sell, 800'000, 1);
  stop_limit.order_type = OrderType::StopLimit;
  stop_limit.stop_price = 810'000;
  EXPECT_TRUE(risk.check(stop_limit).ok()) << "stop orders are meant to be away from the market";
  risk.on_event(trade(kBob, kCarol, 2'000'000, 1));  // the reference follows the last trade
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 2'100'000, 1)).ok());
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Buy, 1'050'000, 1)).code, ResultCode::RiskPriceCollar);
  ASSERT_EQ(risk.set_global_limits(RiskLimits{{}, {}, {}, {}, {}, 100}), ResultCode::Ok);
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 2'030'000, 1)), ResultCode::RiskPriceCollar,
                RiskLimit::PriceCollar, RiskScope::Global, 100, 150);
}

TEST(RiskManager, MarketOrderWithoutReferenceUnderACollarIsDenied) {
  RiskManager risk;
  ASSERT_EQ(risk.set_global_limits(RiskLimits{{}, {}, {}, {}, {}, 500}), ResultCode::Ok);
  expect_denied(risk.check(market_order(kAlice, Side::Sell, 1)), ResultCode::RiskNoReferencePrice,
                RiskLimit::ReferencePrice, RiskScope::Global, 0, 0);
}

TEST(RiskManager, CircuitBreakerTripsAndResumesAfterCooldown) {
  RiskManager risk;
  ASSERT_EQ(risk.set_circuit_breaker(kSymbol, CircuitBreakerConfig{1'000, kSecond, 5 * kSecond}), ResultCode::Ok);
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 100, 1, 0)).circuit_breaker_tripped);
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 105, 1, kSecond / 2)).circuit_breaker_tripped);
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 110, 1, kSecond * 8 / 10)).circuit_breaker_tripped)
      << "exactly 10 % is not more than 10 %";
  const RiskUpdate tripped = risk.on_event(trade(kAlice, kBob, 111, 1, kSecond * 9 / 10));
  ASSERT_TRUE(tripped.circuit_breaker_tripped);
  EXPECT_EQ(tripped.symbol, kSymbol);
  EXPECT_EQ(tripped.halted_until, kSecond * 9 / 10 + 5 * kSecond);
  EXPECT_EQ(tripped.move_bps, 1'100);

  Command order = limit_order(kCarol, Side::Buy, 111, 1);
  order.timestamp = 2 * kSecond;
  expect_denied(risk.check(order), ResultCode::RiskCircuitBreaker, RiskLimit::CircuitBreaker, RiskScope::Symbol,
                1'000, 1'100);
  EXPECT_EQ(risk.halted_until(kSymbol, 2 * kSecond), std::optional<Timestamp>(tripped.halted_until));
  order.timestamp = tripped.halted_until - 1;
  EXPECT_EQ(risk.check(order).code, ResultCode::RiskCircuitBreaker);
  order.timestamp = tripped.halted_until;
  EXPECT_TRUE(risk.check(order).ok()) << "trading resumes after the cool-down";
  EXPECT_FALSE(risk.halted_until(kSymbol, tripped.halted_until));
  // The window restarted at the trip: a trade near the trip price does not re-trip.
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 112, 1, tripped.halted_until)).circuit_breaker_tripped);
}

TEST(RiskManager, CircuitBreakerWindowForgetsOldPricesAndCatchesFalls) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_circuit_breaker(CircuitBreakerConfig{1'000, kSecond, kSecond}), ResultCode::Ok);
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 100, 1, 0)).circuit_breaker_tripped);
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 120, 1, kSecond + 1)).circuit_breaker_tripped)
      << "the 100 trade left the one-second window";
  const RiskUpdate fall = risk.on_event(trade(kAlice, kBob, 107, 1, kSecond + 2));
  EXPECT_TRUE(fall.circuit_breaker_tripped);
  EXPECT_EQ(fall.move_bps, 1'084);  // (120 - 107) / 120 = 10.83 %, rounded up
  // A per-symbol override replaces the default.
  ASSERT_EQ(risk.set_circuit_breaker(kSymbol, CircuitBreakerConfig{5'000, kSecond, kSecond}), ResultCode::Ok);
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 100, 1, 10 * kSecond)).circuit_breaker_tripped);
  EXPECT_FALSE(risk.on_event(trade(kAlice, kBob, 140, 1, 10 * kSecond + 1)).circuit_breaker_tripped);
}

TEST(RiskManager, KillSwitchHaltRejectsEverythingNew) {
  RiskManager risk;
  risk.on_event(accepted(5, kAlice, Side::Buy, 10, 5));
  EXPECT_TRUE(risk.set_kill_switch(kAlice, KillSwitchMode::Halt, 0).empty());
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10, 1)), ResultCode::RiskKillSwitchHalt,
                RiskLimit::KillSwitch, RiskScope::Account, 1, 0);
  EXPECT_EQ(risk.check(replace(kAlice, 5, 10, 1)).code, ResultCode::RiskKillSwitchHalt);
  EXPECT_TRUE(risk.check(limit_order(kBob, Side::Buy, 10, 1)).ok());
  risk.set_global_kill_switch(KillSwitchMode::Halt, 0);
  expect_denied(risk.check(limit_order(kBob, Side::Buy, 10, 1)), ResultCode::RiskKillSwitchHalt,
                RiskLimit::KillSwitch, RiskScope::Global, 1, 0);
  risk.set_global_kill_switch(KillSwitchMode::Off, 0);
  risk.set_kill_switch(kAlice, KillSwitchMode::Off, 0);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 1)).ok());
}

TEST(RiskManager, KillSwitchReduceOnly) {
  RiskManager risk;
  risk.on_event(trade(kAlice, kBob, 10, 10));  // Alice long 10, Bob short 10
  risk.set_kill_switch(kAlice, KillSwitchMode::ReduceOnly, 0);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 10, 10)).ok());
  expect_denied(risk.check(limit_order(kAlice, Side::Sell, 10, 11)), ResultCode::RiskReduceOnly,
                RiskLimit::KillSwitch, RiskScope::Account, 2, 11);
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Buy, 10, 1)).code, ResultCode::RiskReduceOnly);
  risk.on_event(accepted(1, kAlice, Side::Sell, 11, 5));  // resting reducing orders count
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Sell, 10, 5)).ok());
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Sell, 10, 6)).code, ResultCode::RiskReduceOnly);
  EXPECT_TRUE(risk.check(replace(kAlice, 1, 11, 10)).ok()) << "the replaced quantity is not counted twice";
  EXPECT_EQ(risk.check(replace(kAlice, 1, 11, 11)).code, ResultCode::RiskReduceOnly);
  risk.set_global_kill_switch(KillSwitchMode::ReduceOnly, 0);
  EXPECT_TRUE(risk.check(limit_order(kBob, Side::Buy, 10, 10)).ok());
  expect_denied(risk.check(limit_order(kCarol, Side::Buy, 10, 1)), ResultCode::RiskReduceOnly,
                RiskLimit::KillSwitch, RiskScope::Global, 2, 1);
}

TEST(RiskManager, KillSwitchCancelAllListsTheOrdersToCancel) {
  RiskManager risk;
  risk.on_event(accepted(30, kAlice, Side::Buy, 10, 5));
  risk.on_event(accepted(10, kAlice, Side::Sell, 12, 5));
  risk.on_event(accepted(20, kBob, Side::Buy, 10, 5));
  const std::vector<Command> cancels = risk.set_kill_switch(kAlice, KillSwitchMode::CancelAll, 77);
  ASSERT_EQ(cancels.size(), 2u);
  EXPECT_EQ(cancels[0].order_id, 10u);
  EXPECT_EQ(cancels[1].order_id, 30u);
  for (const Command& c : cancels) {
    EXPECT_EQ(c.type, CommandType::Cancel);
    EXPECT_EQ(c.account, kAlice);
    EXPECT_EQ(c.symbol, kSymbol);
    EXPECT_EQ(c.timestamp, 77);
  }
  expect_denied(risk.check(limit_order(kAlice, Side::Buy, 10, 1)), ResultCode::RiskKillSwitchCancelled,
                RiskLimit::KillSwitch, RiskScope::Account, 3, 0);
  EXPECT_TRUE(risk.check(limit_order(kBob, Side::Buy, 10, 1)).ok());
  for (const Command& c : cancels) risk.on_event(cancelled(c.order_id, c.account));
  EXPECT_EQ(risk.open_order_count(kAlice), 0u);
  const std::vector<Command> all = risk.set_global_kill_switch(KillSwitchMode::CancelAll, 78);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].order_id, 20u);
  EXPECT_EQ(risk.global_kill_switch(), KillSwitchMode::CancelAll);
}

TEST(RiskManager, LimitsChangeAtRuntimeFieldByField) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_limits(RiskLimits{100, 1'000'000, {}, {}, {}, {}}), ResultCode::Ok);
  ASSERT_EQ(risk.set_account_limits(kAlice, RiskLimits{10, {}, {}, {}, {}, {}}), ResultCode::Ok);
  EXPECT_EQ(risk.effective_limits(kAlice).max_order_quantity, std::optional<Quantity>(10));
  EXPECT_EQ(risk.effective_limits(kAlice).max_order_notional, std::optional<std::int64_t>(1'000'000));
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Buy, 10, 11)).code, ResultCode::RiskMaxOrderQuantity);
  EXPECT_TRUE(risk.check(limit_order(kBob, Side::Buy, 10, 11)).ok());
  risk.clear_account_limits(kAlice);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 11)).ok());
  ASSERT_EQ(risk.set_default_limits(RiskLimits{}), ResultCode::Ok);
  EXPECT_TRUE(risk.check(limit_order(kAlice, Side::Buy, 10, 1'000)).ok());
  ASSERT_EQ(risk.set_default_limits(RiskLimits{0, {}, {}, {}, {}, {}}), ResultCode::Ok);
  EXPECT_EQ(risk.check(limit_order(kAlice, Side::Buy, 10, 1)).code, ResultCode::RiskMaxOrderQuantity)
      << "a zero limit blocks";
}

TEST(RiskManager, InvalidConfigurationIsRejectedAndChangesNothing) {
  RiskManager risk;
  ASSERT_EQ(risk.set_default_limits(RiskLimits{5, {}, {}, {}, {}, {}}), ResultCode::Ok);
  EXPECT_EQ(risk.set_default_limits(RiskLimits{{}, {}, -1, {}, {}, {}}), ResultCode::RiskInvalidLimit);
  EXPECT_EQ(risk.set_account_limits(kAlice, RiskLimits{{}, {}, {}, {}, {}, -5}), ResultCode::RiskInvalidLimit);
  EXPECT_EQ(risk.set_global_limits(RiskLimits{-1, {}, {}, {}, {}, {}}), ResultCode::RiskInvalidLimit);
  EXPECT_EQ(risk.default_limits().max_order_quantity, std::optional<Quantity>(5));
  EXPECT_EQ(risk.set_reference_price(kSymbol, 0), ResultCode::RiskInvalidLimit);
  EXPECT_EQ(risk.set_circuit_breaker(kSymbol, CircuitBreakerConfig{0, 1, 1}), ResultCode::RiskInvalidLimit);
  EXPECT_EQ(risk.set_circuit_breaker(kSymbol, CircuitBreakerConfig{1, 0, 1}), ResultCode::RiskInvalidLimit);
  EXPECT_EQ(risk.set_default_circuit_breaker(CircuitBreakerConfig{1, 1, 0}), ResultCode::RiskInvalidLimit);
}

TEST(RiskManager, ReplaceIsCheckedAsTheResultingOrder) {
  RiskManager risk;
  EXPECT_EQ(risk.check(replace(kAlice, 42, 10, 5)).code, ResultCode::BookUnknownOrder);
  risk.on_event(accepted(42, kAlice, Side::Buy, 10, 5));
  EXPECT_EQ(risk.check(replace(kBob, 42, 10, 5)).code, ResultCode::BookWrongOwner);
  ASSERT_EQ(risk.set_default_limits(RiskLimits{{}, 100, 8, {}, {}, 1'000}), ResultCode::Ok);
  ASSERT_EQ(risk.set_reference_price(kSymbol, 10), ResultCode::Ok);
  EXPECT_TRUE(risk.check(replace(kAlice, 42, 0, 8)).ok()) << "price 0 keeps 10: notional 80, position 8";
  EXPECT_EQ(risk.check(replace(kAlice, 42, 0, 9)).code, ResultCode::RiskMaxPosition);
  EXPECT_EQ(risk.check(replace(kAlice, 42, 12, 0)).code, ResultCode::RiskPriceCollar);
  EXPECT_EQ(risk.check(replace(kAlice, 42, 11, 0)).code, ResultCode::Ok) << "quantity 0 keeps 5";
  EXPECT_EQ(risk.check(replace(kAlice, 42, 11, 10)).code, ResultCode::RiskMaxOrderNotional);
}

TEST(RiskManager, InvalidFillsAreRefusedAndReported) {
  RiskManager risk;
  EXPECT_EQ(risk.on_external_fill(kAlice, kSymbol, Side::Buy, 0, 5), ResultCode::RiskInvalidFill);
  EXPECT_EQ(risk.on_external_fill(kAlice, kSymbol, Side::Buy, 10, -5), ResultCode::RiskInvalidFill);
  EXPECT_EQ(risk.on_event(trade(kAlice, kBob, -1, 5)).code, ResultCode::RiskInvalidFill);
  EXPECT_EQ(risk.position(kAlice, kSymbol), 0);
  EXPECT_FALSE(risk.reference_price(kSymbol)) << "a refused trade does not set the last price";
  EXPECT_EQ(risk.on_external_fill(kAlice, kSymbol, Side::Buy, 10, 5), ResultCode::Ok);
  EXPECT_EQ(risk.position(kAlice, kSymbol), 5);
}

TEST(RiskManager, ExtremeFillsSaturateInsteadOfOverflowing) {
  RiskManager risk;
  const Price price = std::numeric_limits<Price>::max();
  const Quantity lots = std::numeric_limits<Quantity>::max();
  for (int i = 0; i < 8; ++i) ASSERT_EQ(risk.on_external_fill(kAlice, kSymbol, Side::Buy, price, lots), ResultCode::Ok);
  risk.on_event(trade(kBob, kCarol, 1, 1));
  EXPECT_EQ(risk.position(kAlice, kSymbol), std::numeric_limits<Quantity>::max());
  EXPECT_EQ(risk.daily_pnl(kAlice), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(risk.global_daily_pnl(), std::numeric_limits<std::int64_t>::min());
  std::string bytes;
  risk.serialize(bytes);
  RiskManager restored;
  EXPECT_EQ(restored.restore(bytes), ResultCode::Ok);
  EXPECT_EQ(restored.state_hash(), risk.state_hash());
}

TEST(RiskPosition, AverageCostRealisedPnl) {
  RiskPosition p;
  EXPECT_EQ(p.apply_fill(Side::Buy, 100, 10), 0);
  EXPECT_EQ(p.apply_fill(Side::Buy, 110, 10), 0);  // 20 @ 105
  EXPECT_EQ(p.apply_fill(Side::Sell, 120, 5), 75);
  EXPECT_EQ(p.apply_fill(Side::Sell, 90, 15), -225);
  EXPECT_EQ(p.quantity, 0);
  EXPECT_EQ(p.cost, 0);
  EXPECT_EQ(p.realized, -150);
  // Flip through zero: short 5 opened at the fill price.
  EXPECT_EQ(p.apply_fill(Side::Buy, 50, 5), 0);
  EXPECT_EQ(p.apply_fill(Side::Sell, 60, 10), 50);
  EXPECT_EQ(p.quantity, -5);
  EXPECT_EQ(p.cost, -300);
  EXPECT_EQ(p.unrealized(55), 25);
  EXPECT_EQ(p.apply_fill(Side::Buy, 40, 5), 100);
  EXPECT_EQ(p.realized, 0);
}

TEST(RiskPosition, RoundingNeverLeaksOverARoundTrip) {
  RiskPosition p;
  p.apply_fill(Side::Buy, 10, 3);
  p.apply_fill(Side::Buy, 11, 1);  // cost 41 for 4 lots
  EXPECT_EQ(p.apply_fill(Side::Sell, 10, 1), 0);   // releases trunc(41/4) = 10
  EXPECT_EQ(p.apply_fill(Side::Sell, 10, 3), -1);  // releases the remaining 31 exactly
  EXPECT_EQ(p.realized, 40 - 41);
}

TEST(RiskPosition, HugeValuesDoNotOverflow) {
  RiskPosition p;
  const Quantity lots = 1'000'000'000'000;       // book maximum quantity
  const Price price = 1'000'000'000'000'000;     // book maximum price
  for (int i = 0; i < 7; ++i) p.apply_fill(Side::Buy, price - i, lots);
  EXPECT_EQ(p.apply_fill(Side::Sell, price, 3 * lots + 1), Int128{21} * lots * 3 / 7 + 3);
}

// Drives a manager through a random but valid sequence of events and configuration changes.
void drive_randomly(RiskManager& risk, std::uint64_t seed, int steps) {
  std::mt19937_64 random(seed);
  risk.set_default_limits(RiskLimits{1'000, {}, 5'000, 50, 1'000'000, 2'000});
  risk.set_account_limits(kBob, RiskLimits{{}, 500'000, {}, {}, {}, {}});
  risk.set_circuit_breaker(kSymbol, CircuitBreakerConfig{300, kSecond, kSecond});
  risk.set_reference_price(kSymbol + 1, 5'000);
  std::vector<std::pair<OrderId, AccountId>> open;
  OrderId next_id = 1;
  for (int step = 0; step < steps; ++step) {
    const Timestamp now = step * (kSecond / 10);
    const AccountId account = 1 + random() % 3;
    switch (random() % 5) {
      case 0:
      case 1: {
        const OrderId id = next_id++;
        risk.on_event(accepted(id, account, random() % 2 ? Side::Buy : Side::Sell, 90 + random() % 20,
                               1 + random() % 20));
        open.emplace_back(id, account);
        break;
      }
      case 2:
        if (!open.empty()) {
          const std::size_t pick = random() % open.size();
          risk.on_event(cancelled(open[pick].first, open[pick].second));
          open.erase(open.begin() + static_cast<std::ptrdiff_t>(pick));
        }
        break;
      case 3:
        risk.on_event(trade(account, 1 + random() % 3, 90 + random() % 20, 1 + random() % 10, now));
        break;
      default:
        if (random() % 10 == 0) risk.start_new_day();
        if (random() % 10 == 0) risk.set_kill_switch(account, static_cast<KillSwitchMode>(random() % 4), now);
        break;
    }
  }
}

TEST(RiskManagerState, SerializeRestoreRoundTrip) {
  RiskManager original;
  drive_randomly(original, 1, 2'000);
  std::string bytes;
  original.serialize(bytes);
  RiskManager restored;
  ASSERT_EQ(restored.restore(bytes), ResultCode::Ok);
  std::string again;
  restored.serialize(again);
  EXPECT_EQ(again, bytes);
  EXPECT_EQ(restored.state_hash(), original.state_hash());
  // Same decisions and the same future after identical input.
  for (AccountId account = 1; account <= 3; ++account) {
    EXPECT_EQ(restored.position(account, kSymbol), original.position(account, kSymbol));
    EXPECT_EQ(restored.daily_pnl(account), original.daily_pnl(account));
    EXPECT_EQ(restored.open_orders(account), original.open_orders(account));
    for (const Quantity quantity : {1, 100, 1'001}) {
      const RiskDecision a = original.check(limit_order(account, Side::Buy, 100, quantity));
      const RiskDecision b = restored.check(limit_order(account, Side::Buy, 100, quantity));
      EXPECT_EQ(a.code, b.code);
      EXPECT_EQ(a.attempted_value, b.attempted_value);
    }
  }
  original.on_event(trade(kAlice, kBob, 101, 3, 1'000 * kSecond));
  restored.on_event(trade(kAlice, kBob, 101, 3, 1'000 * kSecond));
  EXPECT_EQ(restored.state_hash(), original.state_hash());
}

TEST(RiskManagerState, SameInputSameHashDifferentInputDifferentHash) {
  RiskManager a;
  RiskManager b;
  drive_randomly(a, 5, 500);
  drive_randomly(b, 5, 500);
  EXPECT_EQ(a.state_hash(), b.state_hash());
  b.on_event(accepted(999'999, kAlice, Side::Buy, 100, 1));
  EXPECT_NE(a.state_hash(), b.state_hash());
}

TEST(RiskManagerState, DamagedBytesAreRejectedWithoutChangingState) {
  RiskManager source;
  drive_randomly(source, 3, 300);
  std::string bytes;
  source.serialize(bytes);
  RiskManager target;
  drive_randomly(target, 4, 50);
  const std::uint64_t before = target.state_hash();
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    ASSERT_EQ(target.restore(std::string_view(bytes).substr(0, size)), ResultCode::SnapshotCorrupt) << size;
  }
  EXPECT_EQ(target.restore(bytes + '\0'), ResultCode::SnapshotCorrupt);
  EXPECT_EQ(target.state_hash(), before);
  // Random single-byte damage either fails cleanly or yields a state that re-serialises identically.
  std::mt19937_64 random(11);
  for (int i = 0; i < 3'000; ++i) {
    std::string damaged = bytes;
    damaged[random() % damaged.size()] = static_cast<char>(random());
    RiskManager probe;
    if (probe.restore(damaged) == ResultCode::Ok) {
      std::string again;
      probe.serialize(again);
      EXPECT_EQ(again, damaged);
    }
  }
}

}  // namespace
}  // namespace kestrel::engine
