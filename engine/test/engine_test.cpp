// Engine pipeline behaviour: validation, risk and routing refusals happen before the journal (nothing
// journaled, named limit in the event); accepted requests are journaled before they are applied;
// kill switches cancel through the normal path; circuit-breaker trips halt the book; external venues
// get RouteOrder/RouteCancel instructions and report fills back; plans that stay internal send the
// order itself; group commit holds durability until commit().
#include "kestrel/engine/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "journal_test_util.h"

namespace kestrel::engine {
namespace {

using testing::TempDir;

std::unique_ptr<Engine> memory_engine() {
  EngineOpenResult opened = Engine::open(EngineOptions{});
  EXPECT_EQ(opened.code, ResultCode::Ok);
  return std::move(opened.engine);
}

Command order(OrderId id, AccountId account, Side side, Price price, Quantity quantity, SymbolId symbol = 1) {
  Command c;
  c.type = CommandType::NewOrder;
  c.symbol = symbol;
  c.order_id = id;
  c.account = account;
  c.side = side;
  c.price = price;
  c.quantity = quantity;
  c.timestamp = 1'000 + static_cast<Timestamp>(id);
  return c;
}

Command cancel(OrderId id, AccountId account, SymbolId symbol = 1) {
  Command c;
  c.type = CommandType::Cancel;
  c.symbol = symbol;
  c.order_id = id;
  c.account = account;
  return c;
}

std::vector<EngineEvent> of_type(const std::vector<EngineEvent>& events, EngineEventType type) {
  std::vector<EngineEvent> out;
  std::copy_if(events.begin(), events.end(), std::back_inserter(out), [type](const EngineEvent& e) { return e.type == type; });
  return out;
}

ControlRecord limits(std::optional<std::int64_t> max_quantity, std::optional<std::int64_t> max_position) {
  ControlRecord c;
  c.type = ControlType::SetDefaultLimits;
  c.limits.max_order_quantity = max_quantity;
  c.limits.max_position = max_position;
  return c;
}

TEST(Engine, MatchesAndJournalsAcceptedCommands) {
  auto engine = memory_engine();
  std::vector<EngineEvent> events;
  SubmitResult r = engine->submit(order(1, 7, Side::Sell, 100, 10), events);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.journal_sequence, 1u);
  r = engine->submit(order(2, 8, Side::Buy, 100, 4), events);
  EXPECT_EQ(r.journal_sequence, 2u);
  const auto trades = of_type(events, EngineEventType::Trade);
  ASSERT_EQ(trades.size(), 1u);
  EXPECT_EQ(trades[0].order_id, 2u);
  EXPECT_EQ(trades[0].counter_order_id, 1u);
  EXPECT_EQ(trades[0].quantity, 4);
  EXPECT_EQ(trades[0].counter_remaining, 6);
  EXPECT_GT(trades[0].sequence, 0u);
  EXPECT_EQ(trades[0].parent_id, 0u);
  EXPECT_EQ(engine->risk().position(8, 1), 4);
  EXPECT_EQ(engine->risk().position(7, 1), -4);
  EXPECT_EQ(engine->last_sequence(), 2u);
  EXPECT_EQ(engine->durable_sequence(), 2u);  // nothing to wait for without a data directory
}

TEST(Engine, RefusalsBeforeTheJournalChangeNothing) {
  auto engine = memory_engine();
  std::vector<EngineEvent> events;
  ASSERT_TRUE(engine->configure(limits(50, std::nullopt), events).ok());
  engine->submit(order(1, 7, Side::Sell, 100, 10), events);
  const Sequence before = engine->last_sequence();
  const EngineStateHashes hashes = engine->state_hashes();

  struct Case {
    Command command;
    ResultCode code;
  };
  Command bad_enum = order(10, 7, Side::Buy, 100, 1);
  bad_enum.tif = static_cast<TimeInForce>(9);
  Command bad_type = cancel(1, 7);
  bad_type.type = static_cast<CommandType>(42);
  Command bad_cancel_enum = cancel(1, 7);
  bad_cancel_enum.side = static_cast<Side>(5);
  Command replace_unknown = cancel(99, 7);
  replace_unknown.type = CommandType::Replace;
  replace_unknown.price = 101;
  const std::vector<Case> cases = {
      {order(11, 7, Side::Buy, 100, 0), ResultCode::BookInvalidQuantity},
      {order(12, 7, Side::Buy, 0, 5), ResultCode::BookInvalidPrice},
      {order(13, 7, Side::Buy, 100, 51), ResultCode::RiskMaxOrderQuantity},
      {bad_enum, ResultCode::BookInvalidOrder},
      {bad_type, ResultCode::BookUnknownCommand},
      {bad_cancel_enum, ResultCode::BookInvalidOrder},
      {cancel(99, 7), ResultCode::BookUnknownOrder},
      {cancel(1, 8), ResultCode::BookWrongOwner},
      {replace_unknown, ResultCode::BookUnknownOrder},
  };
  for (const Case& c : cases) {
    events.clear();
    const SubmitResult r = engine->submit(c.command, events);
    EXPECT_EQ(r.code, c.code) << result_code_name(c.code);
    EXPECT_EQ(r.journal_sequence, 0u);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EngineEventType::Rejected);
    EXPECT_EQ(events[0].code, c.code);
    EXPECT_EQ(events[0].sequence, 0u) << "not a book event";
    EXPECT_EQ(events[0].order_id, c.command.order_id);
  }
  EXPECT_EQ(engine->last_sequence(), before);
  EXPECT_EQ(engine->state_hashes().combined, hashes.combined);
}

TEST(Engine, RiskDenialNamesTheLimit) {
  auto engine = memory_engine();
  std::vector<EngineEvent> events;
  ASSERT_TRUE(engine->configure(limits(std::nullopt, 20), events).ok());
  events.clear();
  const SubmitResult r = engine->submit(order(1, 7, Side::Buy, 100, 25), events);
  EXPECT_EQ(r.code, ResultCode::RiskMaxPosition);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].limit, RiskLimit::MaxPosition);
  EXPECT_EQ(events[0].scope, RiskScope::Account);
  EXPECT_EQ(events[0].limit_value, 20);
  EXPECT_EQ(events[0].attempted_value, 25);
}

TEST(Engine, InvalidConfigurationIsRefusedAndNotJournaled) {
  auto engine = memory_engine();
  std::vector<EngineEvent> events;
  ControlRecord bad = limits(-1, std::nullopt);
  EXPECT_EQ(engine->configure(bad, events).code, ResultCode::RiskInvalidLimit);
  ControlRecord price;
  price.type = ControlType::SetReferencePrice;
  price.symbol = 1;
  EXPECT_EQ(engine->configure(price, events).code, ResultCode::RiskInvalidLimit);
  ControlRecord breaker;
  breaker.type = ControlType::SetCircuitBreaker;
  breaker.breaker = CircuitBreakerConfig{0, 1, 1};
  EXPECT_EQ(engine->configure(breaker, events).code, ResultCode::RiskInvalidLimit);
  ControlRecord route;
  route.type = ControlType::RouteBegin;
  EXPECT_EQ(engine->configure(route, events).code, ResultCode::RiskInvalidLimit);
  ControlRecord kill;
  kill.type = ControlType::SetKillSwitch;
  kill.kill_switch = static_cast<KillSwitchMode>(7);
  EXPECT_EQ(engine->configure(kill, events).code, ResultCode::RiskInvalidLimit);
  EXPECT_EQ(engine->last_sequence(), 0u);
  EXPECT_TRUE(events.empty());
}

TEST(Engine, KillSwitchCancelAllCancelsThroughTheBook) {
  auto engine = memory_engine();
  std::vector<EngineEvent> events;
  engine->submit(order(1, 7, Side::Buy, 99, 5), events);
  engine->submit(order(2, 7, Side::Sell, 105, 5), events);
  engine->submit(order(3, 8, Side::Buy, 98, 5), events);
  events.clear();
  ControlRecord kill;
  kill.type = ControlType::SetKillSwitch;
  kill.account = 7;
  kill.kill_switch = KillSwitchMode::CancelAll;
  kill.timestamp = 5'000;
  const SubmitResult r = engine->configure(kill, events);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.journal_sequence, 4u);
  const auto cancelled = of_type(events, EngineEventType::Cancelled);
  ASSERT_EQ(cancelled.size(), 2u);
  EXPECT_EQ(cancelled[0].order_id, 1u);
  EXPECT_EQ(cancelled[1].order_id, 2u);
  EXPECT_EQ(cancelled[0].code, ResultCode::BookUserCancelled);
  EXPECT_FALSE(engine->matching().find_order(1, 1));
  EXPECT_TRUE(engine->matching().find_order(1, 3));
  events.clear();
  EXPECT_EQ(engine->submit(order(4, 7, Side::Buy, 99, 1), events).code, ResultCode::RiskKillSwitchCancelled);
  EXPECT_EQ(events[0].limit, RiskLimit::KillSwitch);
  EXPECT_TRUE(engine->submit(order(5, 8, Side::Buy, 99, 1), events).ok());
}

TEST(Engine, CircuitBreakerTripHaltsTheSymbolUntilResumed) {
  auto engine = memory_engine();
  std::vector<EngineEvent> events;
  ControlRecord breaker;
  breaker.type = ControlType::SetCircuitBreaker;
  breaker.symbol = 1;
  breaker.breaker = CircuitBreakerConfig{100, 1'000'000, 50'000};  // 1% within 1 ms halts for 50 us
  ASSERT_TRUE(engine->configure(breaker, events).ok());
  engine->submit(order(1, 7, Side::Sell, 1'000, 5), events);
  engine->submit(order(2, 8, Side::Buy, 1'000, 1), events);  // trade at 1000
  engine->submit(order(3, 7, Side::Sell, 1'020, 5), events);
  engine->submit(order(4, 7, Side::Sell, 1'020, 5), events);
  events.clear();
  Command sweep = order(5, 8, Side::Buy, 1'020, 8);  // trades 1000 then 1020: a 2% move
  ASSERT_TRUE(engine->submit(sweep, events).ok());
  const auto trips = of_type(events, EngineEventType::CircuitBreakerTripped);
  ASSERT_EQ(trips.size(), 1u);
  EXPECT_EQ(trips[0].symbol, 1u);
  EXPECT_EQ(trips[0].halted_until, sweep.timestamp + 50'000);
  EXPECT_EQ(trips[0].move_bps, 200);
  EXPECT_TRUE(engine->matching().halted(1));
  events.clear();
  EXPECT_EQ(engine->submit(order(6, 9, Side::Buy, 1'000, 1), events).code, ResultCode::RiskCircuitBreaker);
  Command later = order(7, 9, Side::Buy, 1'000, 1);
  later.timestamp = sweep.timestamp + 60'000;  // the risk halt is over; the book waits for ResumeSymbol
  EXPECT_EQ(engine->submit(later, events).code, ResultCode::BookSymbolHalted);
  Command resume;
  resume.type = CommandType::ResumeSymbol;
  resume.symbol = 1;
  resume.timestamp = later.timestamp;
  ASSERT_TRUE(engine->submit(resume, events).ok());
  later.order_id = 8;
  EXPECT_TRUE(engine->submit(later, events).ok());
}

// Venue 1 quotes asks at 99 (better than the internal 100); maker fees are equal, so resting
// remainders stay on the internal book (ties go internal).
std::unique_ptr<Engine> routed_engine() {
  auto engine = memory_engine();
  EXPECT_EQ(engine->add_venue(VenueConfig{1, "venue-1", FeeSchedule{}, 100'000, false}), ResultCode::Ok);
  EXPECT_EQ(engine->set_venue_depth(1, 1, {{97, 50}}, {{99, 10}}), ResultCode::Ok);
  std::vector<EngineEvent> events;
  EXPECT_TRUE(engine->submit(order(1, 7, Side::Sell, 100, 10), events).ok());
  return engine;
}

TEST(Engine, RoutesAcrossVenuesAndFoldsExternalFills) {
  auto engine = routed_engine();
  std::vector<EngineEvent> events;
  const Command parent = order(100, 8, Side::Buy, 101, 30);
  const SubmitResult r = engine->submit(parent, events);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.journal_sequence, 2u + 1 + 3) << "RouteBegin, parent, three RouteChild records";
  const OrderId first_child = OrderId{1} << 63;
  const auto routes = of_type(events, EngineEventType::RouteOrder);
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].order_id, first_child);
  EXPECT_EQ(routes[0].parent_id, 100u);
  EXPECT_EQ(routes[0].venue, 1u);
  EXPECT_EQ(routes[0].price, 99);
  EXPECT_EQ(routes[0].quantity, 10);
  EXPECT_EQ(routes[0].tif, TimeInForce::IOC);
  EXPECT_EQ(routes[0].child_kind, ChildKind::Take);
  const auto trades = of_type(events, EngineEventType::Trade);
  ASSERT_EQ(trades.size(), 1u);
  EXPECT_EQ(trades[0].order_id, first_child + 1);
  EXPECT_EQ(trades[0].parent_id, 100u);
  EXPECT_EQ(trades[0].quantity, 10);
  // The forwarded remainder rests on the internal book under its child id.
  const auto resting = engine->matching().find_order(1, first_child + 2);
  ASSERT_TRUE(resting);
  EXPECT_EQ(resting->order.open, 10);
  EXPECT_EQ(resting->order.price, 101);
  EXPECT_EQ(engine->risk().open_order_count(8), 2u) << "the external child counts as open";

  events.clear();
  EXPECT_EQ(engine->external_fill(first_child, 100, 1, 2'000, events).code, ResultCode::RouteInvalidOrder)
      << "beyond the child's limit";
  EXPECT_EQ(engine->external_fill(first_child, 99, 11, 2'000, events).code, ResultCode::RouteInvalidOrder);
  EXPECT_EQ(engine->external_fill(first_child + 1, 99, 1, 2'000, events).code, ResultCode::RouteInvalidOrder)
      << "an internal child";
  EXPECT_EQ(engine->external_fill(12345, 99, 1, 2'000, events).code, ResultCode::RouteUnknownOrder);
  EXPECT_EQ(of_type(events, EngineEventType::Rejected).size(), 4u);
  EXPECT_EQ(engine->last_sequence(), 6u);
  events.clear();
  const SubmitResult fill = engine->external_fill(first_child, 99, 4, 2'000, events);
  ASSERT_TRUE(fill.ok());
  EXPECT_EQ(fill.journal_sequence, 7u);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, EngineEventType::ExternalFill);
  EXPECT_EQ(events[0].remaining, 6);
  EXPECT_EQ(engine->risk().position(8, 1), 14);
  events.clear();
  ASSERT_TRUE(engine->external_done(first_child, 3'000, events).ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, EngineEventType::ExternalDone);
  EXPECT_EQ(events[0].remaining, 6);
  EXPECT_EQ(engine->risk().open_order_count(8), 1u);
  EXPECT_EQ(engine->external_done(first_child, 3'000, events).code, ResultCode::RouteInvalidOrder)
      << "the child already ended";

  Command replace = cancel(100, 8);
  replace.type = CommandType::Replace;
  replace.price = 102;
  events.clear();
  EXPECT_EQ(engine->submit(replace, events).code, ResultCode::RouteUnsupportedRequest);
  replace.order_id = first_child + 2;  // the internal forwarded child
  EXPECT_EQ(engine->submit(replace, events).code, ResultCode::RouteUnsupportedRequest);
  EXPECT_EQ(engine->submit(cancel(100, 9), events).code, ResultCode::BookWrongOwner);
  events.clear();
  ASSERT_TRUE(engine->submit(cancel(100, 8), events).ok());
  const auto cancelled = of_type(events, EngineEventType::Cancelled);
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled[0].order_id, first_child + 2);
  EXPECT_EQ(cancelled[0].parent_id, 100u);
  const auto done = of_type(events, EngineEventType::RouteDone);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].order_id, 100u);
  EXPECT_EQ(done[0].quantity, 14);
  EXPECT_EQ(done[0].parent_quantity, 30);
  EXPECT_EQ(done[0].filled_notional, 10 * 100 + 4 * 99);
  EXPECT_EQ(engine->router().tracker().size(), 0u);
}

TEST(Engine, CancellingARoutedParentInstructsTheVenue) {
  auto engine = routed_engine();
  std::vector<EngineEvent> events;
  ASSERT_TRUE(engine->submit(order(100, 8, Side::Buy, 99, 5), events).ok());
  const auto routes = of_type(events, EngineEventType::RouteOrder);
  ASSERT_EQ(routes.size(), 1u);
  events.clear();
  ASSERT_TRUE(engine->submit(cancel(100, 8), events).ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, EngineEventType::RouteCancel);
  EXPECT_EQ(events[0].order_id, routes[0].order_id);
  EXPECT_EQ(events[0].venue, 1u);
  EXPECT_EQ(events[0].quantity, 5);
  // A kill switch reaches external children the same way.
  events.clear();
  ControlRecord kill;
  kill.type = ControlType::SetKillSwitch;
  kill.account = 8;
  kill.kill_switch = KillSwitchMode::CancelAll;
  ASSERT_TRUE(engine->configure(kill, events).ok());
  EXPECT_EQ(of_type(events, EngineEventType::RouteCancel).size(), 1u);
}

TEST(Engine, PlansThatStayInternalSendTheOrderItself) {
  auto engine = routed_engine();
  std::vector<EngineEvent> events;
  // Symbol 2 is not quoted by the venue; a sell at 101 on symbol 1 cannot take the venue's bid.
  ASSERT_TRUE(engine->submit(order(200, 8, Side::Buy, 50, 5, 2), events).ok());
  ASSERT_TRUE(engine->submit(order(201, 8, Side::Sell, 101, 5), events).ok());
  EXPECT_TRUE(engine->matching().find_order(2, 200));
  EXPECT_TRUE(engine->matching().find_order(1, 201));
  EXPECT_EQ(engine->router().tracker().size(), 0u);
  EXPECT_TRUE(of_type(events, EngineEventType::RouteOrder).empty());
  // Disabling the venue makes everything internal; the internal venue itself cannot be disabled.
  EXPECT_EQ(engine->set_venue_enabled(1, false), ResultCode::Ok);
  EXPECT_EQ(engine->set_venue_enabled(0, false), ResultCode::RouteInvalidVenue);
  events.clear();
  ASSERT_TRUE(engine->submit(order(202, 8, Side::Buy, 101, 5), events).ok());
  EXPECT_EQ(of_type(events, EngineEventType::Trade).size(), 1u);
  EXPECT_EQ(of_type(events, EngineEventType::Trade)[0].order_id, 202u);
}

TEST(Engine, WithoutADataDirectorySnapshotsAreRefused) {
  auto engine = memory_engine();
  EXPECT_FALSE(engine->durable());
  EXPECT_EQ(engine->snapshot().code, ResultCode::EngineNotDurable);
  EXPECT_EQ(engine->commit(), ResultCode::Ok);
}

TEST(Engine, GroupCommitHoldsDurabilityUntilCommit) {
  TempDir dir;
  EngineOptions options;
  options.data_dir = dir.path();
  options.journal.fsync = FsyncPolicy::Group;
  options.journal.group_records = 1'000;
  options.journal.group_delay_ns = 0;
  EngineOpenResult opened = Engine::open(options);
  ASSERT_EQ(opened.code, ResultCode::Ok) << opened.detail;
  Engine& engine = *opened.engine;
  std::vector<EngineEvent> events;
  for (OrderId id = 1; id <= 5; ++id) engine.submit(order(id, 7, Side::Buy, 90 + static_cast<Price>(id), 1), events);
  EXPECT_EQ(engine.last_sequence(), 5u);
  EXPECT_EQ(engine.durable_sequence(), 0u);
  EXPECT_EQ(engine.commit(), ResultCode::Ok);
  EXPECT_EQ(engine.durable_sequence(), 5u);
}

TEST(Engine, ASecondEngineOnTheSameDirectoryIsRefused) {
  TempDir dir;
  EngineOptions options;
  options.data_dir = dir.path();
  EngineOpenResult first = Engine::open(options);
  ASSERT_EQ(first.code, ResultCode::Ok) << first.detail;
  EngineOpenResult second = Engine::open(options);
  EXPECT_EQ(second.code, ResultCode::JournalWriteFailed);
  EXPECT_NE(second.detail.find("locked"), std::string::npos) << second.detail;
}

}  // namespace
}  // namespace kestrel::engine
