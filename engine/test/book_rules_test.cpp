// One test per matching rule, run on both the fast and the reference book (typed suite). The fixture
// checks validate_internal_state() after every command.
#include <gtest/gtest.h>

#include "book_test_support.h"

namespace kestrel::engine::test {
namespace {

template <class E>
class BookRules : public EngineFixture<E> {};
TYPED_TEST_SUITE(BookRules, Engines);

using ET = EventType;

TYPED_TEST(BookRules, LimitOrderRestsWhenNotCrossing) {
  auto ev = this->run(Cmd::buy(1, 100, 10));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted}));
  EXPECT_EQ(ev[0].remaining, 10);
  EXPECT_EQ(this->run(Cmd::sell(2, 101, 5)).size(), 1u);
  const TopOfBook top = this->engine_.top_of_book(1);
  EXPECT_TRUE(top.has_bid && top.has_ask);
  EXPECT_EQ(top.bid_price, 100);
  EXPECT_EQ(top.bid_quantity, 10);
  EXPECT_EQ(top.ask_price, 101);
  EXPECT_EQ(top.ask_quantity, 5);
}

TYPED_TEST(BookRules, PriceTimePriorityFillsBetterPriceThenEarlierOrder) {
  this->run(Cmd::sell(1, 101, 5));
  this->run(Cmd::sell(2, 100, 5));
  this->run(Cmd::sell(3, 100, 5));
  auto t = trades(this->run(Cmd::buy(4, 101, 12)));
  ASSERT_EQ(t.size(), 3u) << dump(this->events_);
  EXPECT_EQ(t[0].counter_order_id, 2u);
  EXPECT_EQ(t[1].counter_order_id, 3u);
  EXPECT_EQ(t[2].counter_order_id, 1u);
  EXPECT_EQ(t[2].quantity, 2);
  EXPECT_EQ(t[2].counter_remaining, 3);
}

TYPED_TEST(BookRules, TradeExecutesAtRestingOrderPrice) {
  this->run(Cmd::sell(1, 100, 5));
  auto t = trades(this->run(Cmd::buy(2, 105, 5)));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].price, 100);
  this->run(Cmd::buy(3, 90, 5));
  t = trades(this->run(Cmd::sell(4, 80, 5)));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].price, 90);
}

TYPED_TEST(BookRules, CrossingLimitSweepsLevelsInPriceOrderAndRestsRemainder) {
  this->run(Cmd::sell(1, 100, 3));
  this->run(Cmd::sell(2, 101, 3));
  this->run(Cmd::sell(3, 103, 3));
  auto ev = this->run(Cmd::buy(4, 102, 10));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Trade})) << dump(ev);
  EXPECT_EQ(ev[1].price, 100);
  EXPECT_EQ(ev[2].price, 101);
  EXPECT_EQ(ev[2].remaining, 4);
  EXPECT_EQ(this->open(4), 4);
  EXPECT_EQ(this->level(Side::Buy, 102), 4);
  EXPECT_EQ(this->level(Side::Sell, 103), 3);
}

TYPED_TEST(BookRules, MarketOrderNeverRests) {
  this->run(Cmd::sell(1, 100, 3));
  this->run(Cmd::sell(2, 150, 3));
  auto ev = this->run(Cmd::market(3, Side::Buy, 10));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Trade, ET::Cancelled})) << dump(ev);
  EXPECT_EQ(ev[3].code, ResultCode::BookNoLiquidity);
  EXPECT_EQ(ev[3].quantity, 4);
  EXPECT_EQ(this->open(3), 0);
  EXPECT_FALSE(this->engine_.top_of_book(1).has_bid);
}

TYPED_TEST(BookRules, MarketOrderWithGtcOrDayBehavesAsIoc) {
  this->run(Cmd::sell(1, 100, 3));
  auto ev = this->run(Cmd::market(2, Side::Buy, 5).day());
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Cancelled})) << dump(ev);
  EXPECT_EQ(ev[2].code, ResultCode::BookNoLiquidity);
  EXPECT_EQ(this->run(Cmd::end_session(1)).size(), 0u);
}

TYPED_TEST(BookRules, MarketOrderOnEmptySideIsCancelledForNoLiquidity) {
  auto ev = this->run(Cmd::market(1, Side::Sell, 10));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Cancelled}));
  EXPECT_EQ(ev[1].code, ResultCode::BookNoLiquidity);
  EXPECT_EQ(ev[1].quantity, 10);
}

TYPED_TEST(BookRules, IocCancelsUnfilledRemainder) {
  this->run(Cmd::sell(1, 100, 3));
  auto ev = this->run(Cmd::buy(2, 100, 10).ioc());
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Cancelled}));
  EXPECT_EQ(ev[2].code, ResultCode::BookIocRemainderCancelled);
  EXPECT_EQ(ev[2].quantity, 7);
  EXPECT_FALSE(this->engine_.top_of_book(1).has_bid);
}

TYPED_TEST(BookRules, FokFillsCompletelyAcrossLevels) {
  this->run(Cmd::sell(1, 100, 3));
  this->run(Cmd::sell(2, 101, 7));
  auto ev = this->run(Cmd::buy(3, 101, 10).fok());
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Trade}));
  EXPECT_EQ(ev[2].remaining, 0);
  EXPECT_FALSE(this->engine_.top_of_book(1).has_ask);
}

TYPED_TEST(BookRules, FokThatCannotFillCompletelyDoesNothing) {
  this->run(Cmd::sell(1, 100, 3));
  this->run(Cmd::sell(2, 102, 7));  // beyond the FOK limit: must not count
  const auto before = this->engine_.export_state().books;
  auto ev = this->run(Cmd::buy(3, 101, 10).fok());
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookFokNotFillable);
  EXPECT_EQ(this->code_, ResultCode::BookFokNotFillable);
  const auto after = this->engine_.export_state().books;
  ASSERT_EQ(before.size(), after.size());
  EXPECT_EQ(hash_book_state(before[0]), hash_book_state(after[0]));
}

TYPED_TEST(BookRules, FokCountsIcebergReserve) {
  this->run(Cmd::sell(1, 100, 10).display(2));
  auto ev = this->run(Cmd::buy(2, 100, 9).fok());
  EXPECT_EQ(trades(ev).size(), 5u) << dump(ev);  // 2+2+2+2+1: each refill is a separate fill
  EXPECT_EQ(this->open(1), 1);
}

TYPED_TEST(BookRules, FokWithCancelNewestOnlyCountsLiquidityAheadOfOwnOrder) {
  this->run(Cmd::sell(1, 100, 5).acct(7));
  this->run(Cmd::sell(2, 100, 5).acct(1));
  this->run(Cmd::sell(3, 100, 5).acct(7));
  auto ev = this->run(Cmd::buy(4, 100, 6).fok().stp(StpMode::CancelNewest));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookFokNotFillable);
  ev = this->run(Cmd::buy(5, 100, 6).fok().stp(StpMode::CancelOldest));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Cancelled, ET::Trade})) << dump(ev);
  EXPECT_EQ(ev[2].order_id, 2u);
  EXPECT_EQ(ev[2].code, ResultCode::BookSelfTradePrevented);
}

TYPED_TEST(BookRules, PostOnlyThatWouldCrossIsRejectedNotRepriced) {
  this->run(Cmd::sell(1, 100, 5));
  auto ev = this->run(Cmd::buy(2, 100, 5).post_only());
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookPostOnlyWouldCross);
  EXPECT_EQ(this->open(1), 5);
  EXPECT_FALSE(this->engine_.top_of_book(1).has_bid);
}

TYPED_TEST(BookRules, PostOnlyRestsWhenNotCrossing) {
  this->run(Cmd::sell(1, 100, 5));
  auto ev = this->run(Cmd::buy(2, 99, 5).post_only());
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted}));
  EXPECT_EQ(this->open(2), 5);
}

TYPED_TEST(BookRules, StopTriggersOnTradeAtItsPrice) {
  this->run(Cmd::stop(1, Side::Buy, 100, 4).acct(2));
  EXPECT_EQ(this->engine_.find_order(1, 1)->status, OrderStatus::PendingStop);
  this->run(Cmd::sell(2, 100, 1));
  this->run(Cmd::sell(3, 105, 10));
  auto ev = this->run(Cmd::buy(4, 100, 1));  // trade at 100 elects the buy stop at 100
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Triggered, ET::Trade})) << dump(ev);
  EXPECT_EQ(ev[2].order_id, 1u);
  EXPECT_EQ(ev[2].price, 100);
  EXPECT_EQ(ev[3].price, 105);
  EXPECT_EQ(ev[3].quantity, 4);
  EXPECT_EQ(this->open(1), 0);
}

TYPED_TEST(BookRules, StopTriggersOnTradeThroughItsPriceAnywhereInTheSweep) {
  // A sell sweep trades at 102 then 98: a buy stop at 101 is elected by the 102 print even though the
  // last trade (98) is below it.
  this->run(Cmd::buy(1, 102, 1));
  this->run(Cmd::buy(2, 98, 1));
  this->run(Cmd::stop(3, Side::Buy, 101, 1).acct(2));
  this->run(Cmd::stop(4, Side::Sell, 99, 1).acct(2));
  this->run(Cmd::sell(5, 200, 5).acct(3));
  auto ev = this->run(Cmd::sell(6, 98, 2));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Trade, ET::Triggered, ET::Trade,
                                        ET::Triggered, ET::Cancelled}))
      << dump(ev);
  EXPECT_EQ(ev[3].order_id, 3u);  // buy stops first
  EXPECT_EQ(ev[4].price, 200);
  EXPECT_EQ(ev[5].order_id, 4u);
  EXPECT_EQ(ev[6].code, ResultCode::BookNoLiquidity);
}

TYPED_TEST(BookRules, StopWaitsUntilPriceIsReached) {
  this->run(Cmd::stop(1, Side::Sell, 95, 4));
  this->run(Cmd::buy(2, 96, 1));
  auto ev = this->run(Cmd::sell(3, 96, 1).acct(2));
  EXPECT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade}));
  EXPECT_EQ(this->engine_.find_order(1, 1)->status, OrderStatus::PendingStop);
}

TYPED_TEST(BookRules, StopLimitRestsAtItsLimitAfterTrigger) {
  this->run(Cmd::stop_limit(1, Side::Buy, 100, 101, 5).acct(2));
  this->run(Cmd::sell(2, 100, 1));
  this->run(Cmd::sell(3, 103, 5));
  auto ev = this->run(Cmd::buy(4, 100, 1));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Triggered})) << dump(ev);
  auto o = this->engine_.find_order(1, 1);
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->status, OrderStatus::Resting);
  EXPECT_EQ(o->order.type, OrderType::Limit);
  EXPECT_EQ(this->level(Side::Buy, 101), 5);
}

TYPED_TEST(BookRules, StopTriggersOnlyAfterCurrentMatchCompletes) {
  this->run(Cmd::stop(1, Side::Buy, 100, 2).acct(2));
  this->run(Cmd::sell(2, 100, 1));
  this->run(Cmd::sell(3, 101, 1));
  this->run(Cmd::sell(4, 102, 5));
  // The incoming order sweeps 100 and 101 and rests its remainder before the stop runs.
  auto ev = this->run(Cmd::buy(5, 101, 3));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Trade, ET::Triggered, ET::Trade})) << dump(ev);
  EXPECT_EQ(ev[4].order_id, 1u);
  EXPECT_EQ(ev[4].price, 102);
  EXPECT_EQ(this->open(5), 1);
}

TYPED_TEST(BookRules, StopCascadeRunsInDeterministicOrder) {
  this->run(Cmd::stop(10, Side::Buy, 101, 1).acct(2));  // elected by the 101 print of stop 11
  this->run(Cmd::stop(11, Side::Buy, 100, 1).acct(2));
  this->run(Cmd::stop(12, Side::Buy, 100, 1).acct(2));  // same price as 11: FIFO after it
  this->run(Cmd::sell(1, 100, 1));
  this->run(Cmd::sell(2, 101, 1));
  this->run(Cmd::sell(3, 102, 1));
  this->run(Cmd::sell(4, 103, 1));
  auto ev = this->run(Cmd::buy(5, 100, 1));
  std::vector<OrderId> triggered;
  for (const Event& e : ev) {
    if (e.type == ET::Triggered) triggered.push_back(e.order_id);
  }
  EXPECT_EQ(triggered, (std::vector<OrderId>{11, 12, 10})) << dump(ev);
  auto t = trades(ev);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].order_id, 11u);
  EXPECT_EQ(t[1].price, 101);
  EXPECT_EQ(t[2].order_id, 12u);
  EXPECT_EQ(t[2].price, 102);
  EXPECT_EQ(t[3].order_id, 10u);
  EXPECT_EQ(t[3].price, 103);
}

TYPED_TEST(BookRules, StopAlreadyTriggeredOnEntryExecutesAtOnce) {
  this->run(Cmd::sell(1, 100, 1));
  this->run(Cmd::buy(2, 100, 1));  // last trade 100
  this->run(Cmd::sell(3, 104, 5));
  auto ev = this->run(Cmd::stop(4, Side::Buy, 99, 2).acct(2));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Triggered, ET::Trade})) << dump(ev);
  EXPECT_EQ(ev[2].price, 104);
}

TYPED_TEST(BookRules, TriggeredFokStopIsCancelledWhenNotFillable) {
  this->run(Cmd::sell(1, 100, 1));
  this->run(Cmd::buy(2, 100, 1));
  this->run(Cmd::sell(3, 104, 1));
  auto ev = this->run(Cmd::stop(4, Side::Buy, 100, 2).fok().acct(2));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Triggered, ET::Cancelled})) << dump(ev);
  EXPECT_EQ(ev[2].code, ResultCode::BookFokNotFillable);
  EXPECT_EQ(this->open(3), 1);
}

TYPED_TEST(BookRules, IcebergDisplaysOnlyItsPeak) {
  auto ev = this->run(Cmd::sell(1, 100, 50).display(10));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted}));
  EXPECT_EQ(this->level(Side::Sell, 100), 10);
  auto o = this->engine_.find_order(1, 1);
  EXPECT_EQ(o->order.open, 50);
  EXPECT_EQ(o->order.visible, 10);
}

TYPED_TEST(BookRules, IcebergRefillGoesToBackOfItsLevel) {
  this->run(Cmd::sell(1, 100, 30).display(10));
  this->run(Cmd::sell(2, 100, 5));
  auto t = trades(this->run(Cmd::buy(3, 100, 12)));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].counter_order_id, 1u);
  EXPECT_EQ(t[0].quantity, 10);
  EXPECT_EQ(t[1].counter_order_id, 2u);  // the refilled peak queued behind order 2
  EXPECT_EQ(t[1].quantity, 2);
  EXPECT_EQ(this->queue(Side::Sell), (std::vector<OrderId>{2, 1}));
  EXPECT_EQ(this->level(Side::Sell, 100), 13);
}

TYPED_TEST(BookRules, IcebergAggressorMatchesFullQuantityThenRestsPeak) {
  this->run(Cmd::sell(1, 100, 15));
  auto ev = this->run(Cmd::buy(2, 100, 40).display(10));
  ASSERT_EQ(trades(ev).size(), 1u);
  EXPECT_EQ(trades(ev)[0].quantity, 15);
  EXPECT_EQ(this->level(Side::Buy, 100), 10);
  EXPECT_EQ(this->open(2), 25);
}

TYPED_TEST(BookRules, DayOrdersExpireAtEndSession) {
  this->run(Cmd::buy(1, 100, 5).day());
  this->run(Cmd::buy(2, 99, 5));
  this->run(Cmd::stop(3, Side::Sell, 90, 5).day());
  this->run(Cmd::buy(4, 100, 5).day().sym(2));
  auto ev = this->run(Cmd::end_session(1).at(50));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Expired, ET::Expired})) << dump(ev);
  EXPECT_EQ(ev[0].order_id, 1u);
  EXPECT_EQ(ev[1].order_id, 3u);
  EXPECT_EQ(this->open(2), 5);
  EXPECT_EQ(this->open(4, 2), 5);
  ev = this->run(Cmd::end_session(0).at(60));  // symbol 0: every symbol
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Expired}));
  EXPECT_EQ(ev[0].symbol, 2u);
}

TYPED_TEST(BookRules, GtdExpiresOnAdvanceTime) {
  this->run(Cmd::buy(1, 100, 5).gtd(1000));
  this->run(Cmd::stop(2, Side::Buy, 120, 5).gtd(2000));
  EXPECT_TRUE(this->run(Cmd::advance(999)).empty());
  auto ev = this->run(Cmd::advance(1000));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Expired}));
  EXPECT_EQ(ev[0].order_id, 1u);
  EXPECT_EQ(ev[0].quantity, 5);
  ev = this->run(Cmd::advance(5000));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Expired}));
  EXPECT_EQ(ev[0].order_id, 2u);
}

TYPED_TEST(BookRules, GtdExpiresBeforeAnyLaterCommandIsApplied) {
  this->run(Cmd::sell(1, 100, 5).gtd(1000));
  auto ev = this->run(Cmd::buy(2, 100, 5).at(1000));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Expired, ET::Accepted})) << dump(ev);
  EXPECT_EQ(this->open(2), 5);
}

TYPED_TEST(BookRules, GtdExpiresInExpiryThenIdOrderAcrossSymbols) {
  this->run(Cmd::buy(5, 100, 1).gtd(300).sym(2));
  this->run(Cmd::buy(9, 100, 1).gtd(200));
  this->run(Cmd::buy(3, 99, 1).gtd(200));
  auto ev = this->run(Cmd::advance(400));
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].order_id, 3u);
  EXPECT_EQ(ev[1].order_id, 9u);
  EXPECT_EQ(ev[2].order_id, 5u);
}

TYPED_TEST(BookRules, GtdWithExpiryNotAfterCommandTimeIsRejected) {
  auto ev = this->run(Cmd::buy(1, 100, 5).gtd(100).at(100));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookExpireTimeInPast);
}

TYPED_TEST(BookRules, CancelRemovesOrder) {
  this->run(Cmd::buy(1, 100, 5));
  auto ev = this->run(Cmd::cancel(1));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Cancelled}));
  EXPECT_EQ(ev[0].code, ResultCode::BookUserCancelled);
  EXPECT_EQ(ev[0].quantity, 5);
  EXPECT_FALSE(this->engine_.find_order(1, 1).has_value());
  EXPECT_FALSE(this->engine_.top_of_book(1).has_bid);
}

TYPED_TEST(BookRules, CancelOfUnknownOrderIsRejected) {
  auto ev = this->run(Cmd::cancel(42));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookUnknownOrder);
  this->run(Cmd::buy(1, 100, 5));
  EXPECT_EQ(this->run(Cmd::cancel(1).sym(9))[0].code, ResultCode::BookUnknownOrder);
}

TYPED_TEST(BookRules, CancelByAnotherAccountIsRejected) {
  this->run(Cmd::buy(1, 100, 5).acct(1));
  auto ev = this->run(Cmd::cancel(1).acct(2));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookWrongOwner);
  EXPECT_EQ(this->open(1), 5);
}

TYPED_TEST(BookRules, ReplaceReducingQuantityKeepsTimePriority) {
  this->run(Cmd::buy(1, 100, 10));
  this->run(Cmd::buy(2, 100, 10));
  auto ev = this->run(Cmd::replace(1, 0, 4));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Replaced}));
  EXPECT_EQ(ev[0].quantity, 4);
  EXPECT_EQ(this->queue(Side::Buy), (std::vector<OrderId>{1, 2}));
  EXPECT_EQ(this->level(Side::Buy, 100), 14);
}

TYPED_TEST(BookRules, ReplaceIncreasingQuantityLosesTimePriority) {
  this->run(Cmd::buy(1, 100, 10));
  this->run(Cmd::buy(2, 100, 10));
  this->run(Cmd::replace(1, 100, 11));
  EXPECT_EQ(this->queue(Side::Buy), (std::vector<OrderId>{2, 1}));
  EXPECT_EQ(this->level(Side::Buy, 100), 21);
}

TYPED_TEST(BookRules, ReplaceChangingPriceLosesTimePriority) {
  this->run(Cmd::buy(1, 100, 10));
  this->run(Cmd::buy(2, 101, 10));
  this->run(Cmd::replace(2, 100, 0));
  this->run(Cmd::replace(1, 99, 0));
  this->run(Cmd::replace(1, 100, 0));
  EXPECT_EQ(this->queue(Side::Buy), (std::vector<OrderId>{2, 1}));
}

TYPED_TEST(BookRules, ReplaceToCrossingPriceMatchesAtRestingPrices) {
  this->run(Cmd::sell(1, 101, 3));
  this->run(Cmd::sell(2, 102, 3));
  this->run(Cmd::buy(3, 99, 10));
  auto ev = this->run(Cmd::replace(3, 105, 0));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Replaced, ET::Trade, ET::Trade})) << dump(ev);
  EXPECT_EQ(ev[1].price, 101);
  EXPECT_EQ(ev[2].price, 102);
  EXPECT_EQ(this->level(Side::Buy, 105), 4);
}

TYPED_TEST(BookRules, ReplaceOfIcebergReducesReserveFirstAndKeepsPriority) {
  this->run(Cmd::sell(1, 100, 30).display(10));
  this->run(Cmd::sell(2, 100, 5));
  this->run(Cmd::replace(1, 0, 12));
  auto o = this->engine_.find_order(1, 1)->order;
  EXPECT_EQ(o.open, 12);
  EXPECT_EQ(o.visible, 10);
  this->run(Cmd::replace(1, 0, 4));
  EXPECT_EQ(this->engine_.find_order(1, 1)->order.visible, 4);
  EXPECT_EQ(this->queue(Side::Sell), (std::vector<OrderId>{1, 2}));
}

TYPED_TEST(BookRules, ReplaceRejectsUnknownOrderWrongOwnerAndBadValues) {
  EXPECT_EQ(this->run(Cmd::replace(1, 100, 5))[0].code, ResultCode::BookUnknownOrder);
  this->run(Cmd::buy(1, 100, 5).acct(3));
  EXPECT_EQ(this->run(Cmd::replace(1, 100, 6).acct(4))[0].code, ResultCode::BookWrongOwner);
  EXPECT_EQ(this->run(Cmd::replace(1, -1, 6).acct(3))[0].code, ResultCode::BookInvalidPrice);
  EXPECT_EQ(this->run(Cmd::replace(1, 100, -6).acct(3))[0].code, ResultCode::BookInvalidQuantity);
  EXPECT_EQ(this->open(1), 5);
}

TYPED_TEST(BookRules, ReplaceOfPostOnlyToCrossingPriceIsRejected) {
  this->run(Cmd::sell(1, 101, 5));
  this->run(Cmd::buy(2, 100, 5).post_only());
  auto ev = this->run(Cmd::replace(2, 101, 0));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookPostOnlyWouldCross);
  EXPECT_EQ(this->engine_.find_order(1, 2)->order.price, 100);
}

TYPED_TEST(BookRules, ReplaceOfUntriggeredStopIsUnsupported) {
  this->run(Cmd::stop(1, Side::Buy, 100, 5));
  auto ev = this->run(Cmd::replace(1, 0, 3));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookUnsupportedOrder);
}

TYPED_TEST(BookRules, SelfTradePreventionCancelNewest) {
  this->run(Cmd::sell(1, 100, 5).acct(9));
  this->run(Cmd::sell(2, 100, 5).acct(1));
  auto ev = this->run(Cmd::buy(3, 100, 8).acct(1).stp(StpMode::CancelNewest));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Trade, ET::Cancelled})) << dump(ev);
  EXPECT_EQ(ev[2].order_id, 3u);
  EXPECT_EQ(ev[2].quantity, 3);
  EXPECT_EQ(ev[2].code, ResultCode::BookSelfTradePrevented);
  EXPECT_EQ(ev[2].counter_order_id, 2u);
  EXPECT_EQ(this->open(2), 5);
}

TYPED_TEST(BookRules, SelfTradePreventionCancelOldest) {
  this->run(Cmd::sell(1, 100, 5).acct(1));
  this->run(Cmd::sell(2, 100, 5).acct(9));
  auto ev = this->run(Cmd::buy(3, 100, 8).acct(1).stp(StpMode::CancelOldest));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Cancelled, ET::Trade})) << dump(ev);
  EXPECT_EQ(ev[1].order_id, 1u);
  EXPECT_EQ(ev[1].code, ResultCode::BookSelfTradePrevented);
  EXPECT_EQ(ev[2].counter_order_id, 2u);
  EXPECT_EQ(this->open(3), 3);  // the remainder rests
}

TYPED_TEST(BookRules, SelfTradePreventionCancelBoth) {
  this->run(Cmd::sell(1, 100, 5).acct(1));
  this->run(Cmd::sell(2, 100, 5).acct(9));
  auto ev = this->run(Cmd::buy(3, 100, 8).acct(1).stp(StpMode::CancelBoth));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Accepted, ET::Cancelled, ET::Cancelled})) << dump(ev);
  EXPECT_EQ(ev[1].order_id, 1u);
  EXPECT_EQ(ev[2].order_id, 3u);
  EXPECT_EQ(ev[2].counter_order_id, 1u);
  EXPECT_EQ(this->open(2), 5);
  EXPECT_EQ(this->open(3), 0);
}

TYPED_TEST(BookRules, WithoutStpModeSameAccountMayTrade) {
  this->run(Cmd::sell(1, 100, 5).acct(1));
  auto ev = this->run(Cmd::buy(2, 100, 5).acct(1));
  EXPECT_EQ(trades(ev).size(), 1u);
}

TYPED_TEST(BookRules, DuplicateOrderIdIsRejected) {
  this->run(Cmd::buy(1, 100, 5));
  auto ev = this->run(Cmd::sell(1, 200, 5));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookDuplicateOrderId);
  this->run(Cmd::stop(2, Side::Buy, 300, 5));
  EXPECT_EQ(this->run(Cmd::buy(2, 90, 5))[0].code, ResultCode::BookDuplicateOrderId);
}

TYPED_TEST(BookRules, InvalidQuantityIsRejected) {
  EXPECT_EQ(this->run(Cmd::buy(1, 100, 0))[0].code, ResultCode::BookInvalidQuantity);
  EXPECT_EQ(this->run(Cmd::buy(1, 100, -5))[0].code, ResultCode::BookInvalidQuantity);
  EXPECT_EQ(this->run(Cmd::buy(1, 100, kMaxQuantity + 1))[0].code, ResultCode::BookInvalidQuantity);
  EXPECT_EQ(this->run(Cmd::buy(1, 100, 5).display(6))[0].code, ResultCode::BookInvalidQuantity);
  EXPECT_EQ(this->run(Cmd::buy(1, 100, 5).display(-1))[0].code, ResultCode::BookInvalidQuantity);
  EXPECT_EQ(this->engine_.open_orders(1).size(), 0u);
}

TYPED_TEST(BookRules, InvalidPriceIsRejected) {
  EXPECT_EQ(this->run(Cmd::buy(1, 0, 5))[0].code, ResultCode::BookInvalidPrice);
  EXPECT_EQ(this->run(Cmd::buy(1, -3, 5))[0].code, ResultCode::BookInvalidPrice);
  EXPECT_EQ(this->run(Cmd::buy(1, kMaxPrice + 1, 5))[0].code, ResultCode::BookInvalidPrice);
  Cmd market = Cmd::market(1, Side::Buy, 5);
  market.c.price = 100;
  EXPECT_EQ(this->run(market)[0].code, ResultCode::BookInvalidPrice);
  EXPECT_EQ(this->run(Cmd::stop(1, Side::Buy, 0, 5))[0].code, ResultCode::BookInvalidPrice);
  EXPECT_EQ(this->run(Cmd::stop_limit(1, Side::Buy, 100, 0, 5))[0].code, ResultCode::BookInvalidPrice);
}

TYPED_TEST(BookRules, InconsistentOrderCombinationsAreRejected) {
  EXPECT_EQ(this->run(Cmd::market(1, Side::Buy, 5).gtd(100))[0].code, ResultCode::BookInvalidOrder);
  EXPECT_EQ(this->run(Cmd::buy(1, 100, 5).ioc().display(2))[0].code, ResultCode::BookInvalidOrder);
  EXPECT_EQ(this->run(Cmd::buy(1, 100, 5).ioc().post_only())[0].code, ResultCode::BookInvalidOrder);
  EXPECT_EQ(this->run(Cmd::market(1, Side::Buy, 5).post_only())[0].code, ResultCode::BookInvalidOrder);
  Cmd expiring = Cmd::buy(1, 100, 5);
  expiring.c.expire_at = 50;  // expiry on a GTC order
  EXPECT_EQ(this->run(expiring)[0].code, ResultCode::BookInvalidOrder);
  Cmd bad_side = Cmd::buy(1, 100, 5);
  bad_side.c.side = static_cast<Side>(7);
  EXPECT_EQ(this->run(bad_side)[0].code, ResultCode::BookInvalidOrder);
  EXPECT_EQ(this->run(Cmd::buy(0, 100, 5))[0].code, ResultCode::BookInvalidOrder);
}

TYPED_TEST(BookRules, AllOrNoneIsRejectedAsUnsupported) {
  auto ev = this->run(Cmd::buy(1, 100, 5).flags(kFlagAllOrNone));
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookUnsupportedOrder);
}

TYPED_TEST(BookRules, HaltedSymbolRejectsOrdersAndReplacesButAllowsCancels) {
  this->run(Cmd::buy(1, 100, 5));
  this->run(Cmd::buy(2, 99, 5));
  EXPECT_TRUE(this->run(Cmd::halt(1)).empty());
  EXPECT_TRUE(this->engine_.halted(1));
  EXPECT_EQ(this->run(Cmd::sell(3, 100, 5))[0].code, ResultCode::BookSymbolHalted);
  EXPECT_EQ(this->run(Cmd::replace(1, 101, 0))[0].code, ResultCode::BookSymbolHalted);
  EXPECT_EQ(this->run(Cmd::cancel(2))[0].type, ET::Cancelled);
  this->run(Cmd::resume(1));
  EXPECT_FALSE(this->engine_.halted(1));
  EXPECT_EQ(trades(this->run(Cmd::sell(3, 100, 5))).size(), 1u);
}

TYPED_TEST(BookRules, HaltOfOneSymbolLeavesOthersTrading) {
  this->run(Cmd::halt(1));
  EXPECT_EQ(this->run(Cmd::buy(1, 100, 5).sym(2))[0].type, ET::Accepted);
}

TYPED_TEST(BookRules, UnknownCommandTypeIsRejected) {
  Cmd bad = Cmd::buy(1, 100, 5);
  bad.c.type = static_cast<CommandType>(99);
  auto ev = this->run(bad);
  ASSERT_EQ(types(ev), (std::vector<ET>{ET::Rejected}));
  EXPECT_EQ(ev[0].code, ResultCode::BookUnknownCommand);
  EXPECT_EQ(this->code_, ResultCode::BookUnknownCommand);
}

TYPED_TEST(BookRules, EventSequenceNumbersAreGapFreeAcrossCommands) {
  this->run(Cmd::sell(1, 100, 5));
  std::vector<Event> all;
  for (const Command& c : {Command(Cmd::buy(2, 100, 2)), Command(Cmd::buy(3, 100, 9).ioc()), Command(Cmd::cancel(77))}) {
    auto ev = this->run(c);
    all.insert(all.end(), ev.begin(), ev.end());
  }
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].sequence, 2 + i);
  EXPECT_EQ(this->engine_.last_sequence(), all.back().sequence);
}

TYPED_TEST(BookRules, EventsCarryCommandTimestampAndSymbol) {
  auto ev = this->run(Cmd::buy(1, 100, 5).at(12345).sym(4));
  EXPECT_EQ(ev[0].timestamp, 12345);
  EXPECT_EQ(ev[0].symbol, 4u);
}

TYPED_TEST(BookRules, QueriesReportDepthOrdersAndLookups) {
  this->run(Cmd::buy(1, 100, 5));
  this->run(Cmd::buy(2, 100, 7));
  this->run(Cmd::buy(3, 98, 1));
  this->run(Cmd::sell(4, 103, 2).display(1));
  this->run(Cmd::stop(5, Side::Sell, 90, 1));
  auto bids = this->engine_.depth(1, Side::Buy, 5);
  ASSERT_EQ(bids.size(), 2u);
  EXPECT_EQ(bids[0].price, 100);
  EXPECT_EQ(bids[0].quantity, 12);
  EXPECT_EQ(bids[0].order_count, 2u);
  EXPECT_EQ(bids[1].price, 98);
  EXPECT_EQ(this->engine_.depth(1, Side::Buy, 1).size(), 1u);
  EXPECT_EQ(this->engine_.depth(1, Side::Sell, 5)[0].quantity, 1);
  auto orders = this->engine_.open_orders(1);
  ASSERT_EQ(orders.size(), 5u);
  EXPECT_EQ(orders[4].status, OrderStatus::PendingStop);
  auto at_100 = this->engine_.level_orders(1, Side::Buy, 100);
  ASSERT_EQ(at_100.size(), 2u);
  EXPECT_EQ(at_100[0].order.id, 1u);
  EXPECT_EQ(at_100[1].order.id, 2u);
  EXPECT_TRUE(this->engine_.level_orders(1, Side::Buy, 101).empty());
  EXPECT_FALSE(this->engine_.find_order(1, 99).has_value());
  EXPECT_FALSE(this->engine_.find_order(7, 1).has_value());
  EXPECT_TRUE(this->engine_.depth(7, Side::Buy, 5).empty());
}

}  // namespace
}  // namespace kestrel::engine::test
