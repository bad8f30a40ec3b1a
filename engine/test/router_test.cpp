// Order router: fee-adjusted best execution, latency and internal-first tie-breaks, splitting across
// venues and levels, resting and unrouted remainders, FOK/AON/post-only/stop handling, error codes,
// child tracking to the parent, state round trip, and routing into the real matching engine.
#include "kestrel/engine/router.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "kestrel/engine/matching_engine.h"
#include "kestrel/engine/venue_fees.h"
#include "kestrel/engine/venue_internal_book.h"
#include "kestrel/engine/venue_static.h"

namespace kestrel::engine {
namespace {

constexpr SymbolId kSymbol = 5;
constexpr VenueId kInternal = 0;
constexpr VenueId kAlpha = 1;
constexpr VenueId kBeta = 2;

Command order(Side side, OrderType type, Price price, Quantity quantity, TimeInForce tif = TimeInForce::GTC,
              OrderId id = 1) {
  Command c;
  c.type = CommandType::NewOrder;
  c.order_type = type;
  c.tif = tif;
  c.side = side;
  c.symbol = kSymbol;
  c.order_id = id;
  c.account = 9;
  c.price = price;
  c.quantity = quantity;
  return c;
}

Command buy(Price price, Quantity quantity, TimeInForce tif = TimeInForce::GTC, OrderId id = 1) {
  return order(Side::Buy, OrderType::Limit, price, quantity, tif, id);
}

VenueConfig venue(VenueId id, std::int64_t latency_ns, FeeSchedule fees = {}, bool internal = false) {
  return VenueConfig{id, "venue-" + std::to_string(id), fees, latency_ns, internal};
}

struct Fixture {
  std::shared_ptr<StaticVenueAdapter> internal = std::make_shared<StaticVenueAdapter>();
  std::shared_ptr<StaticVenueAdapter> alpha = std::make_shared<StaticVenueAdapter>();
  std::shared_ptr<StaticVenueAdapter> beta = std::make_shared<StaticVenueAdapter>();
  OrderRouter router{RouterOptions{1'000, 64}};

  explicit Fixture(FeeSchedule alpha_fees = {}, FeeSchedule beta_fees = {}, std::int64_t alpha_latency = 100,
                   std::int64_t beta_latency = 100) {
    EXPECT_EQ(router.add_venue(venue(kInternal, 1'000, {}, true), internal), ResultCode::Ok);
    EXPECT_EQ(router.add_venue(venue(kAlpha, alpha_latency, alpha_fees), alpha), ResultCode::Ok);
    EXPECT_EQ(router.add_venue(venue(kBeta, beta_latency, beta_fees), beta), ResultCode::Ok);
    for (auto* adapter : {internal.get(), alpha.get(), beta.get()}) adapter->set_depth(kSymbol, {}, {});
  }
};

void expect_child(const ChildOrder& child, VenueId venue_id, ChildKind kind, Price limit, Quantity quantity) {
  EXPECT_EQ(child.venue, venue_id);
  EXPECT_EQ(child.kind, kind);
  EXPECT_EQ(child.limit_price, limit);
  EXPECT_EQ(child.quantity, quantity);
}

TEST(VenueFees, EffectivePriceIsExactFixedPoint) {
  const FeeSchedule fees{25, -2, 5'000, 0};
  EXPECT_EQ(effective_price(Side::Buy, 1'000, fees, LiquidityRole::Taker), 10'000'000 + 25'000 + 5'000);
  EXPECT_EQ(effective_price(Side::Sell, 1'000, fees, LiquidityRole::Taker), 10'000'000 - 25'000 - 5'000);
  EXPECT_EQ(effective_price(Side::Buy, 1'000, fees, LiquidityRole::Maker), 10'000'000 - 2'000);
  EXPECT_EQ(effective_price(Side::Sell, 1'000, fees, LiquidityRole::Maker), 10'000'000 + 2'000);
  EXPECT_TRUE(valid_fee_schedule(fees));
  EXPECT_FALSE(valid_fee_schedule(FeeSchedule{10'001, 0, 0, 0}));
  EXPECT_FALSE(valid_fee_schedule(FeeSchedule{0, 0, 0, -kMaxFeePerLot - 1}));
}

TEST(Router, PicksTheBestRawPriceWhenFeesAreEqual) {
  Fixture f;
  f.alpha->set_depth(kSymbol, {}, {{1'001, 50}});
  f.beta->set_depth(kSymbol, {}, {{1'000, 50}});
  const RoutingPlan plan = f.router.route(buy(1'010, 10));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  ASSERT_EQ(plan.children.size(), 1u);
  expect_child(plan.children[0], kBeta, ChildKind::Take, 1'000, 10);
  EXPECT_EQ(plan.children[0].child_id, 1'000u);
  EXPECT_EQ(plan.taken_quantity, 10);
}

TEST(Router, FeesCanReverseTheRawPriceOrder) {
  // Alpha quotes 1000 but charges 50 bps (effective 1005); Beta quotes 1003 with no fee.
  Fixture f(FeeSchedule{50, 0, 0, 0});
  f.alpha->set_depth(kSymbol, {{1'000, 50}}, {{1'000, 50}});
  f.beta->set_depth(kSymbol, {{997, 50}}, {{1'003, 50}});
  RoutingPlan plan = f.router.route(buy(1'010, 10, TimeInForce::GTC, 1));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  expect_child(plan.children.at(0), kBeta, ChildKind::Take, 1'003, 10);
  EXPECT_EQ(plan.children[0].effective_price, 10'030'000);
  // Selling: Alpha's 1000 bid yields 995 after fees, Beta's 997 bid yields 997.
  plan = f.router.route(order(Side::Sell, OrderType::Limit, 990, 10, TimeInForce::GTC, 2));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  expect_child(plan.children.at(0), kBeta, ChildKind::Take, 997, 10);
}

TEST(Router, PerLotFeesAreFractionalTicks) {
  Fixture f(FeeSchedule{0, 0, 4'000, 0}, FeeSchedule{0, 0, 0, 0});  // Alpha: 0.4 tick per lot
  f.alpha->set_depth(kSymbol, {}, {{1'000, 50}});
  f.beta->set_depth(kSymbol, {}, {{1'001, 50}});
  expect_child(f.router.route(buy(1'010, 10, TimeInForce::GTC, 1)).children.at(0), kAlpha, ChildKind::Take, 1'000, 10);
  ASSERT_EQ(f.router.remove_venue(kAlpha), ResultCode::Ok);
  Fixture g(FeeSchedule{0, 0, 10'001, 0}, FeeSchedule{});  // 1.0001 ticks per lot: now worse than 1001
  g.alpha->set_depth(kSymbol, {}, {{1'000, 50}});
  g.beta->set_depth(kSymbol, {}, {{1'001, 50}});
  expect_child(g.router.route(buy(1'010, 10)).children.at(0), kBeta, ChildKind::Take, 1'001, 10);
}

TEST(Router, LatencyBreaksTiesThenVenueId) {
  Fixture f(FeeSchedule{}, FeeSchedule{}, 500, 200);
  f.alpha->set_depth(kSymbol, {}, {{1'000, 50}});
  f.beta->set_depth(kSymbol, {}, {{1'000, 50}});
  expect_child(f.router.route(buy(1'000, 10, TimeInForce::GTC, 1)).children.at(0), kBeta, ChildKind::Take, 1'000, 10);
  ASSERT_EQ(f.router.set_latency(kBeta, 500), ResultCode::Ok);
  expect_child(f.router.route(buy(1'000, 10, TimeInForce::GTC, 2)).children.at(0), kAlpha, ChildKind::Take, 1'000, 10);
  EXPECT_EQ(f.router.set_latency(kBeta, -1), ResultCode::RouteInvalidVenue);
  EXPECT_EQ(f.router.set_latency(77, 1), ResultCode::RouteNoVenue);
}

TEST(Router, InternalBookFirstOnEqualEffectivePrice) {
  Fixture f(FeeSchedule{}, FeeSchedule{}, 10, 10);  // externals are faster than the internal venue
  f.internal->set_depth(kSymbol, {}, {{1'000, 5}});
  f.alpha->set_depth(kSymbol, {}, {{1'000, 50}});
  RoutingPlan plan = f.router.route(buy(1'000, 8, TimeInForce::GTC, 1));
  ASSERT_EQ(plan.children.size(), 2u);
  expect_child(plan.children[0], kInternal, ChildKind::Take, 1'000, 5);
  expect_child(plan.children[1], kAlpha, ChildKind::Take, 1'000, 3);
  // A better external price beats the internal book.
  f.alpha->set_depth(kSymbol, {}, {{999, 50}});
  plan = f.router.route(buy(1'000, 8, TimeInForce::GTC, 2));
  expect_child(plan.children.at(0), kAlpha, ChildKind::Take, 999, 8);
  // Internal 1000 with no fee beats external 999 that costs 20 bps (effective 1000.998).
  Fixture g(FeeSchedule{20, 0, 0, 0});
  g.internal->set_depth(kSymbol, {}, {{1'000, 50}});
  g.alpha->set_depth(kSymbol, {}, {{999, 50}});
  expect_child(g.router.route(buy(1'000, 8)).children.at(0), kInternal, ChildKind::Take, 1'000, 8);
}

TEST(Router, SplitsLargeOrdersAcrossVenuesAndLevels) {
  Fixture f(FeeSchedule{}, FeeSchedule{}, 100, 200);
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}, {1'001, 30}});
  f.beta->set_depth(kSymbol, {}, {{1'000, 20}, {1'002, 50}});
  f.internal->set_depth(kSymbol, {}, {{1'001, 10}});
  const RoutingPlan plan = f.router.route(buy(1'005, 100));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  // Walk: alpha 1000x30, beta 1000x20, internal 1001x10, alpha 1001x30, beta 1002x10.
  ASSERT_EQ(plan.children.size(), 3u);
  expect_child(plan.children[0], kAlpha, ChildKind::Take, 1'001, 60);
  expect_child(plan.children[1], kBeta, ChildKind::Take, 1'002, 30);
  expect_child(plan.children[2], kInternal, ChildKind::Take, 1'001, 10);
  EXPECT_EQ(plan.taken_quantity, 100);
  EXPECT_EQ(plan.forwarded_quantity, 0);
  EXPECT_EQ(plan.unrouted_quantity, 0);
  EXPECT_EQ(plan.children[0].child_id + 1, plan.children[1].child_id);
}

TEST(Router, LimitRemainderRestsAtTheBestMakerVenue) {
  Fixture f(FeeSchedule{0, -2, 0, 0});  // Alpha pays a 2 bp maker rebate
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}, {1'001, 30}});
  f.beta->set_depth(kSymbol, {}, {{1'000, 20}});
  const RoutingPlan plan = f.router.route(buy(1'000, 80));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  ASSERT_EQ(plan.children.size(), 3u);
  expect_child(plan.children[0], kAlpha, ChildKind::Take, 1'000, 30);
  expect_child(plan.children[1], kBeta, ChildKind::Take, 1'000, 20);
  expect_child(plan.children[2], kAlpha, ChildKind::Forward, 1'000, 30);
  EXPECT_EQ(plan.forwarded_quantity, 30);
  // Without rebates the internal book is the resting venue.
  Fixture g;
  g.alpha->set_depth(kSymbol, {}, {{1'000, 30}});
  const RoutingPlan rest = g.router.route(buy(999, 10));
  ASSERT_EQ(rest.code, ResultCode::Ok);
  ASSERT_EQ(rest.children.size(), 1u);
  expect_child(rest.children[0], kInternal, ChildKind::Forward, 999, 10);
}

TEST(Router, IocAndMarketRemaindersAreUnrouted) {
  Fixture f;
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}, {1'005, 30}});
  RoutingPlan plan = f.router.route(buy(1'000, 50, TimeInForce::IOC, 1));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  EXPECT_EQ(plan.taken_quantity, 30);
  EXPECT_EQ(plan.unrouted_quantity, 20);
  plan = f.router.route(order(Side::Buy, OrderType::Market, 0, 100, TimeInForce::IOC, 2));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  ASSERT_EQ(plan.children.size(), 1u);
  expect_child(plan.children[0], kAlpha, ChildKind::Take, 1'005, 60);  // an IOC limit at the worst quote
  EXPECT_EQ(plan.unrouted_quantity, 40);
  EXPECT_EQ(f.router.route(buy(999, 5, TimeInForce::IOC, 3)).code, ResultCode::RouteNoLiquidity);
  f.alpha->set_depth(kSymbol, {}, {});
  EXPECT_EQ(f.router.route(order(Side::Sell, OrderType::Market, 0, 5, TimeInForce::IOC, 4)).code,
            ResultCode::RouteNoLiquidity);
}

TEST(Router, FillOrKillUsesOneVenueThatFillsEverything) {
  Fixture f;
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}, {1'003, 30}});  // 60 lots for 60,090
  f.beta->set_depth(kSymbol, {}, {{1'001, 40}, {1'002, 40}});   // 60 lots for 60,080
  RoutingPlan plan = f.router.route(buy(1'005, 60, TimeInForce::FOK, 1));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  ASSERT_EQ(plan.children.size(), 1u);
  expect_child(plan.children[0], kBeta, ChildKind::Take, 1'002, 60);
  EXPECT_EQ(f.router.route(buy(1'005, 81, TimeInForce::FOK, 2)).code, ResultCode::RouteNoLiquidity)
      << "combined depth would do, but a fill-or-kill cannot be split";
  Command aon = buy(1'005, 81, TimeInForce::GTC, 3);
  aon.flags = kFlagAllOrNone;
  plan = f.router.route(aon);
  ASSERT_EQ(plan.code, ResultCode::Ok);
  ASSERT_EQ(plan.children.size(), 1u);
  expect_child(plan.children[0], kInternal, ChildKind::Forward, 1'005, 81);
}

TEST(Router, PostOnlyAndStopOrdersAreForwardedWhole) {
  Fixture f(FeeSchedule{0, -1, 0, 0});
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}});
  Command post = buy(1'000, 10);
  post.flags = kFlagPostOnly;
  RoutingPlan plan = f.router.route(post);
  ASSERT_EQ(plan.code, ResultCode::Ok);
  ASSERT_EQ(plan.children.size(), 1u);
  expect_child(plan.children[0], kAlpha, ChildKind::Forward, 1'000, 10);
  Command stop = order(Side::Sell, OrderType::Stop, 0, 10, TimeInForce::GTC, 2);
  stop.stop_price = 990;
  plan = f.router.route(stop);
  ASSERT_EQ(plan.code, ResultCode::Ok);
  expect_child(plan.children.at(0), kInternal, ChildKind::Forward, 0, 10);
  OrderRouter external_only;
  ASSERT_EQ(external_only.add_venue(venue(kAlpha, 1), f.alpha), ResultCode::Ok);
  EXPECT_EQ(external_only.route(stop).code, ResultCode::RouteNoVenue);
}

TEST(Router, VenueAvailabilityCodes) {
  OrderRouter empty;
  EXPECT_EQ(empty.route(buy(1'000, 1)).code, ResultCode::RouteNoVenue);
  Fixture f;
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}});
  Command other_symbol = buy(1'000, 1);
  other_symbol.symbol = kSymbol + 1;
  EXPECT_EQ(f.router.route(other_symbol).code, ResultCode::RouteNoVenue);
  f.internal->set_status(kSymbol, VenueStatus::Unavailable);
  f.beta->set_status(kSymbol, VenueStatus::Unavailable);
  EXPECT_EQ(f.router.route(buy(1'000, 1, TimeInForce::GTC, 1)).children.at(0).venue, kAlpha);
  ASSERT_EQ(f.router.set_enabled(kAlpha, false), ResultCode::Ok);
  EXPECT_EQ(f.router.route(buy(1'000, 1, TimeInForce::GTC, 2)).code, ResultCode::RouteVenueUnavailable);
  ASSERT_EQ(f.router.set_enabled(kAlpha, true), ResultCode::Ok);
  EXPECT_EQ(f.router.route(buy(1'000, 1, TimeInForce::GTC, 3)).code, ResultCode::Ok);
}

TEST(Router, MalformedQuotesAreCutOff) {
  Fixture f;
  // Second level is out of order, so only the first level of Alpha is usable.
  f.alpha->set_depth(kSymbol, {}, {{1'000, 10}, {999, 100}, {1'001, 100}});
  f.beta->set_depth(kSymbol, {}, {{1'002, 0}, {1'003, 100}});  // zero quantity ends Beta's depth
  const RoutingPlan plan = f.router.route(buy(1'010, 50, TimeInForce::IOC));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  EXPECT_EQ(plan.taken_quantity, 10);
  EXPECT_EQ(plan.unrouted_quantity, 40);
}

TEST(Router, RejectsInvalidOrdersAndVenues) {
  Fixture f;
  f.alpha->set_depth(kSymbol, {}, {{1'000, 10}});
  EXPECT_EQ(f.router.route(buy(1'000, 0)).code, ResultCode::RouteInvalidOrder);
  EXPECT_EQ(f.router.route(buy(0, 10)).code, ResultCode::RouteInvalidOrder);
  EXPECT_EQ(f.router.route(buy(kMaxRoutablePrice + 1, 10)).code, ResultCode::RouteInvalidOrder);
  EXPECT_EQ(f.router.route(buy(1'000, kMaxRoutableQuantity + 1)).code, ResultCode::RouteInvalidOrder);
  Command cancel = buy(1'000, 1);
  cancel.type = CommandType::Cancel;
  EXPECT_EQ(f.router.route(cancel).code, ResultCode::RouteInvalidOrder);
  ASSERT_EQ(f.router.route(buy(1'000, 5, TimeInForce::GTC, 77)).code, ResultCode::Ok);
  EXPECT_EQ(f.router.route(buy(1'000, 5, TimeInForce::GTC, 77)).code, ResultCode::RouteDuplicateOrder);
  EXPECT_EQ(f.router.add_venue(venue(kAlpha, 1), f.alpha), ResultCode::RouteInvalidVenue);
  EXPECT_EQ(f.router.add_venue(venue(9, 1, {}, true), f.alpha), ResultCode::RouteInvalidVenue);
  EXPECT_EQ(f.router.add_venue(venue(9, 1, FeeSchedule{20'000, 0, 0, 0}), f.alpha), ResultCode::RouteInvalidVenue);
  EXPECT_EQ(f.router.add_venue(venue(9, 1), nullptr), ResultCode::RouteInvalidVenue);
  EXPECT_EQ(f.router.remove_venue(9), ResultCode::RouteNoVenue);
}

TEST(Router, ChildFillsAggregateToTheParent) {
  Fixture f;
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}});
  f.beta->set_depth(kSymbol, {}, {{1'001, 30}});
  const RoutingPlan plan = f.router.route(buy(1'001, 50, TimeInForce::IOC, 42));
  ASSERT_EQ(plan.children.size(), 2u);
  const OrderId a = plan.children[0].child_id;
  const OrderId b = plan.children[1].child_id;
  EXPECT_EQ(f.router.tracker().parent_of(a), std::optional<OrderId>(42));
  EXPECT_EQ(f.router.tracker().open_children(42).size(), 2u);

  ChildUpdate update = f.router.on_child_fill(a, 1'000, 20);
  EXPECT_EQ(update.code, ResultCode::Ok);
  EXPECT_EQ(update.parent_id, 42u);
  EXPECT_EQ(update.parent_filled, 20);
  EXPECT_FALSE(update.parent_done);
  EXPECT_EQ(f.router.on_child_fill(a, 1'000, 11).code, ResultCode::RouteInvalidOrder) << "over-fill";
  update = f.router.on_child_fill(a, 1'000, 10);
  EXPECT_EQ(update.parent_filled, 30);
  EXPECT_EQ(f.router.tracker().open_children(42).size(), 1u) << "a fully filled child is done";
  update = f.router.on_child_fill(b, 1'001, 5);
  EXPECT_FALSE(update.parent_done);
  update = f.router.on_child_done(b);  // IOC remainder cancelled at the venue
  ASSERT_TRUE(update.parent_done);
  ASSERT_TRUE(update.parent);
  EXPECT_EQ(update.parent->filled, 35);
  EXPECT_EQ(update.parent->filled_notional, Int128{30} * 1'000 + Int128{5} * 1'001);
  EXPECT_EQ(update.parent->quantity, 50);
  EXPECT_EQ(f.router.tracker().find(42), nullptr);
  EXPECT_EQ(f.router.on_child_fill(a, 1'000, 1).code, ResultCode::RouteUnknownOrder);
  EXPECT_EQ(f.router.on_child_done(12345).code, ResultCode::RouteUnknownOrder);
}

TEST(ParentOrderTracker, RefusesInconsistentParents) {
  ParentOrderTracker tracker;
  ParentOrder parent;
  parent.parent_id = 1;
  parent.quantity = 10;
  EXPECT_EQ(tracker.open(parent), ResultCode::RouteInvalidOrder) << "no children";
  parent.children = {ChildOrder{100, kAlpha, ChildKind::Take, 1'000, 6, 0, 0, false},
                     ChildOrder{101, kBeta, ChildKind::Take, 1'000, 5, 0, 0, false}};
  EXPECT_EQ(tracker.open(parent), ResultCode::RouteInvalidOrder) << "children exceed the parent";
  parent.children[1].quantity = 4;
  ASSERT_EQ(tracker.open(parent), ResultCode::Ok);
  parent.parent_id = 2;
  EXPECT_EQ(tracker.open(parent), ResultCode::RouteDuplicateOrder) << "child ids are already tracked";
  EXPECT_EQ(tracker.on_child_fill(100, 0, 1).code, ResultCode::RouteInvalidOrder) << "price must be positive";
  EXPECT_EQ(tracker.on_child_fill(100, 1'000, 0).code, ResultCode::RouteInvalidOrder);
  EXPECT_EQ(tracker.on_child_done(100).parent_done, false);
  EXPECT_EQ(tracker.on_child_fill(100, 1'000, 1).code, ResultCode::RouteInvalidOrder) << "a done child cannot fill";
  EXPECT_TRUE(tracker.on_child_done(101).parent_done);
  EXPECT_EQ(tracker.size(), 0u);
}

TEST(Router, SameInputsGiveTheSamePlan) {
  Fixture f;
  Fixture g;
  for (Fixture* x : {&f, &g}) {
    x->alpha->set_depth(kSymbol, {}, {{1'000, 7}, {1'002, 9}});
    x->beta->set_depth(kSymbol, {}, {{1'001, 5}, {1'002, 3}});
    x->internal->set_depth(kSymbol, {}, {{1'002, 4}});
  }
  for (OrderId id = 1; id <= 5; ++id) {
    const RoutingPlan a = f.router.route(buy(1'002, 3 * static_cast<Quantity>(id), TimeInForce::GTC, id));
    const RoutingPlan b = g.router.route(buy(1'002, 3 * static_cast<Quantity>(id), TimeInForce::GTC, id));
    ASSERT_EQ(a.children.size(), b.children.size());
    for (std::size_t i = 0; i < a.children.size(); ++i) {
      EXPECT_EQ(a.children[i].child_id, b.children[i].child_id);
      EXPECT_EQ(a.children[i].venue, b.children[i].venue);
      EXPECT_EQ(a.children[i].quantity, b.children[i].quantity);
      EXPECT_EQ(a.children[i].limit_price, b.children[i].limit_price);
    }
  }
}

TEST(RouterState, SerializeRestoreRoundTrip) {
  Fixture f;
  f.alpha->set_depth(kSymbol, {}, {{1'000, 30}});
  f.beta->set_depth(kSymbol, {}, {{1'001, 30}});
  ASSERT_EQ(f.router.route(buy(1'001, 50, TimeInForce::GTC, 1)).code, ResultCode::Ok);
  ASSERT_EQ(f.router.route(buy(1'000, 10, TimeInForce::GTC, 2)).code, ResultCode::Ok);
  const OrderId first_child = f.router.tracker().find(1)->children[0].child_id;
  ASSERT_EQ(f.router.on_child_fill(first_child, 1'000, 12).code, ResultCode::Ok);
  std::string bytes;
  f.router.serialize(bytes);

  OrderRouter restored(RouterOptions{1'000, 64});
  ASSERT_EQ(restored.restore(bytes), ResultCode::Ok);
  std::string again;
  restored.serialize(again);
  EXPECT_EQ(again, bytes);
  EXPECT_EQ(restored.next_child_id(), f.router.next_child_id());
  ASSERT_NE(restored.tracker().find(1), nullptr);
  EXPECT_EQ(restored.tracker().find(1)->filled, 12);
  EXPECT_EQ(restored.on_child_fill(first_child, 1'000, 18).parent_filled, 30);

  for (std::size_t size = 0; size < bytes.size(); ++size) {
    ASSERT_EQ(restored.restore(std::string_view(bytes).substr(0, size)), ResultCode::SnapshotCorrupt) << size;
  }
  EXPECT_EQ(restored.restore(bytes + "x"), ResultCode::SnapshotCorrupt);
}

TEST(RouterWithMatchingEngine, InternalBookDepthRoutesAndTracksRealFills) {
  MatchingEngine engine;
  std::vector<Event> events;
  for (const auto& [id, price, quantity] : {std::tuple{101, 1'000, 10}, std::tuple{102, 1'001, 15}}) {
    Command ask = order(Side::Sell, OrderType::Limit, price, quantity, TimeInForce::GTC, id);
    ask.account = 50;
    ASSERT_EQ(engine.process(ask, events), ResultCode::Ok);
  }
  auto internal = std::make_shared<InternalBookVenue<MatchingEngine>>(engine);
  auto alpha = std::make_shared<StaticVenueAdapter>();
  alpha->set_depth(kSymbol, {}, {{1'001, 100}});
  OrderRouter router(RouterOptions{1'000'000, 16});
  ASSERT_EQ(router.add_venue(venue(kInternal, 500, {}, true), internal), ResultCode::Ok);
  ASSERT_EQ(router.add_venue(venue(kAlpha, 50, FeeSchedule{1, 0, 0, 0}), alpha), ResultCode::Ok);

  const RoutingPlan plan = router.route(buy(1'001, 40, TimeInForce::IOC, 7));
  ASSERT_EQ(plan.code, ResultCode::Ok);
  ASSERT_EQ(plan.children.size(), 2u);
  expect_child(plan.children[0], kInternal, ChildKind::Take, 1'001, 25);
  expect_child(plan.children[1], kAlpha, ChildKind::Take, 1'001, 15);

  // Send the internal child to the real book as an IOC limit and feed its events back.
  Command child = buy(plan.children[0].limit_price, plan.children[0].quantity, TimeInForce::IOC,
                      plan.children[0].child_id);
  events.clear();
  ASSERT_EQ(engine.process(child, events), ResultCode::Ok);
  Quantity traded = 0;
  for (const Event& e : events) {
    for (const ChildUpdate& update : router.on_event(e)) EXPECT_EQ(update.code, ResultCode::Ok);
    if (e.type == EventType::Trade) traded += e.quantity;
  }
  EXPECT_EQ(traded, 25);
  EXPECT_EQ(router.tracker().find(7)->filled, 25);
  const ChildUpdate done = router.on_child_fill(plan.children[1].child_id, 1'001, 15);
  ASSERT_TRUE(done.parent_done);
  EXPECT_EQ(done.parent->filled, 40);

  Command halt;
  halt.type = CommandType::HaltSymbol;
  halt.symbol = kSymbol;
  ASSERT_EQ(engine.process(halt, events), ResultCode::Ok);
  EXPECT_EQ(internal->quote(kSymbol, Side::Sell, 5).status, VenueStatus::Unavailable);
}

}  // namespace
}  // namespace kestrel::engine
