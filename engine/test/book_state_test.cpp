// Serialise / restore and state hashing: exact round trips (same hash, same future events) on both
// books and across them, and clear BOOK_STATE_CORRUPT errors that leave the engine untouched for every
// kind of damaged input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "book_test_support.h"
#include "kestrel/engine/state_serialization.h"

namespace kestrel::engine::test {
namespace {

// A state touching every field: icebergs, GTD/DAY, stops of both sides, two symbols, a halt, a trade.
template <class E>
void populate(E& engine) {
  std::vector<Event> out;
  const std::vector<Command> commands = {
      Cmd::sell(1, 101, 10), Cmd::sell(2, 101, 30).display(5).gtd(900), Cmd::sell(3, 104, 7).day(),
      Cmd::buy(4, 99, 8).stp(StpMode::CancelOldest).acct(2), Cmd::buy(5, 98, 3).post_only(),
      Cmd::buy(6, 101, 4).acct(3),  // trades: last trade price 101
      Cmd::stop(7, Side::Buy, 103, 2).gtd(500), Cmd::stop_limit(8, Side::Sell, 97, 96, 5).day(),
      Cmd::stop(9, Side::Sell, 97, 1), Cmd::buy(10, 50, 1).sym(2), Cmd::halt(2),
  };
  for (const Command& c : commands) engine.process(c, out);
}

template <class E>
class BookState : public EngineFixture<E> {};
TYPED_TEST_SUITE(BookState, Engines);

template <class E>
std::vector<Event> replay_tail(E& engine) {
  std::vector<Event> out;
  for (const Command& c : {Command(Cmd::buy(20, 104, 40).acct(4)), Command(Cmd::advance(600)),
                           Command(Cmd::sell(21, 90, 60).acct(5)), Command(Cmd::end_session(0).at(700)),
                           Command(Cmd::resume(2)), Command(Cmd::sell(22, 50, 1).sym(2))}) {
    engine.process(c, out);
  }
  return out;
}

TYPED_TEST(BookState, SerializeRestoreRoundTripsHashAndFutureBehaviour) {
  populate(this->engine_);
  std::string bytes;
  this->engine_.serialize(bytes);
  TypeParam restored;
  const StateResult r = restored.restore(bytes);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(restored.state_hash(), this->engine_.state_hash());
  std::string again;
  restored.serialize(again);
  EXPECT_EQ(again, bytes);
  std::string error;
  EXPECT_TRUE(restored.validate_internal_state(&error)) << error;
  EXPECT_TRUE(restored.halted(2));

  const auto original_events = replay_tail(this->engine_);
  const auto restored_events = replay_tail(restored);
  ASSERT_EQ(original_events.size(), restored_events.size());
  for (std::size_t i = 0; i < original_events.size(); ++i) {
    EXPECT_TRUE(same_event(original_events[i], restored_events[i])) << to_string(original_events[i]);
  }
  EXPECT_GT(trades(original_events).size(), 3u);
  EXPECT_EQ(restored.state_hash(), this->engine_.state_hash());
}

TYPED_TEST(BookState, StateRestoresIntoTheOtherImplementation) {
  populate(this->engine_);
  std::string bytes;
  this->engine_.serialize(bytes);
  MatchingEngine fast;
  ReferenceMatchingEngine reference;
  ASSERT_TRUE(fast.restore(bytes).ok());
  ASSERT_TRUE(reference.restore(bytes).ok());
  EXPECT_EQ(fast.state_hash(), this->engine_.state_hash());
  EXPECT_EQ(reference.state_hash(), this->engine_.state_hash());
}

TYPED_TEST(BookState, HashChangesWithAnyStateChange) {
  populate(this->engine_);
  const std::uint64_t before = this->engine_.state_hash();
  EXPECT_EQ(this->engine_.state_hash(), before);  // deterministic
  this->run(Cmd::replace(4, 0, 7).acct(2));       // a quantity reduction only
  EXPECT_NE(this->engine_.state_hash(), before);
}

TYPED_TEST(BookState, CorruptBytesAreRejectedAndLeaveEngineUnchanged) {
  populate(this->engine_);
  std::string good;
  this->engine_.serialize(good);
  const std::uint64_t hash = this->engine_.state_hash();

  auto expect_corrupt = [&](const std::string& bytes, const std::string& fragment) {
    const StateResult r = this->engine_.restore(bytes);
    EXPECT_EQ(r.code, ResultCode::BookStateCorrupt) << fragment;
    EXPECT_NE(r.message.find(fragment), std::string::npos) << "message: " << r.message;
    EXPECT_EQ(this->engine_.state_hash(), hash);
  };
  expect_corrupt("", "truncated");
  expect_corrupt(good.substr(0, good.size() / 2), "checksum");
  std::string magic = good;
  magic[0] = 'X';
  expect_corrupt(magic, "magic");
  std::string version = good;
  version[4] = 2;
  expect_corrupt(version, "version 2");
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x40;
  expect_corrupt(flipped, "checksum");
  expect_corrupt(good + "x", "checksum");
}

TEST(BookStateValidation, EncodedButInconsistentStatesAreRejectedWithReason) {
  OrderState bid;
  bid.id = 1;
  bid.side = Side::Buy;
  bid.price = 101;
  bid.open = bid.visible = 5;
  OrderState ask = bid;
  ask.id = 2;
  ask.side = Side::Sell;
  ask.price = 100;

  auto rejected_with = [](EngineState state, const std::string& fragment) {
    std::string bytes;
    encode_engine_state(state, bytes);
    MatchingEngine engine;
    const StateResult r = engine.restore(bytes);
    EXPECT_EQ(r.code, ResultCode::BookStateCorrupt) << fragment;
    EXPECT_NE(r.message.find(fragment), std::string::npos) << "message: " << r.message;
    ReferenceMatchingEngine reference;
    EXPECT_EQ(reference.import_state(state).code, ResultCode::BookStateCorrupt);
  };
  EngineState crossed;
  crossed.books.push_back({});
  crossed.books[0].symbol = 1;
  crossed.books[0].bids = {bid};
  crossed.books[0].asks = {ask};
  rejected_with(crossed, "crossed");

  EngineState duplicate = crossed;
  duplicate.books[0].asks[0].price = 102;
  duplicate.books[0].asks[0].id = 1;
  rejected_with(duplicate, "duplicate order id");

  EngineState order = crossed;
  order.books[0].asks[0].price = 102;
  OrderState better = bid;
  better.id = 3;
  better.price = 100;
  order.books[0].bids.push_back(better);
  order.books[0].bids.push_back(bid);
  order.books[0].bids[2].id = 4;
  rejected_with(order, "priority order");

  EngineState symbols = order;
  symbols.books[0].bids.resize(1);
  symbols.books.push_back(symbols.books[0]);
  rejected_with(symbols, "ascending symbol");

  EngineState bad_visible = symbols;
  bad_visible.books.resize(1);
  bad_visible.books[0].bids[0].visible = 6;
  rejected_with(bad_visible, "visible quantity");

  EngineState bad_enum = symbols;
  bad_enum.books.resize(1);
  bad_enum.books[0].bids[0].tif = static_cast<TimeInForce>(9);
  rejected_with(bad_enum, "enum");
}

}  // namespace
}  // namespace kestrel::engine::test
