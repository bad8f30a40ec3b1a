// Randomised differential and property tests: the fast and the reference engine receive the same
// seeded command streams (all order types, cancels, replaces, expiries, halts, invalid input) and must
// emit identical events and state hashes after every command; after every command both must pass
// validate_internal_state, the book must not be crossed, every level must equal the sum of its orders'
// visible quantity, and for every order filled + open + cancelled must equal its original quantity.
// Periodically the state is serialised, restored (across implementations) and the run continues on the
// restored engines, which checks that a restore reproduces future behaviour too.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "book_test_support.h"
#include "random_commands.h"

namespace kestrel::engine::test {
namespace {

// Per-order quantity bookkeeping derived only from the event stream.
struct Ledger {
  Quantity original = 0;
  Quantity filled = 0;
  Quantity cancelled = 0;
  Quantity open = 0;
};

class Accounting {
 public:
  void apply(const Event& e) {
    const auto key = std::make_pair(e.symbol, e.order_id);
    switch (e.type) {
      case EventType::Accepted:
        orders_[key] = Ledger{e.quantity, 0, 0, e.quantity};
        break;
      case EventType::Trade: {
        Ledger& a = orders_.at(key);
        a.filled += e.quantity;
        a.open = e.remaining;
        Ledger& r = orders_.at({e.symbol, e.counter_order_id});
        r.filled += e.quantity;
        r.open = e.counter_remaining;
        break;
      }
      case EventType::Cancelled:
      case EventType::Expired: {
        Ledger& l = orders_.at(key);
        l.cancelled += e.quantity;
        l.open = e.remaining;
        break;
      }
      case EventType::Replaced: {
        // A replace changes the order's size: a reduction is a cancellation of the difference, an
        // increase adds to the original quantity.
        Ledger& l = orders_.at(key);
        if (e.quantity < l.open) l.cancelled += l.open - e.quantity;
        else l.original += e.quantity - l.open;
        l.open = e.quantity;
        break;
      }
      case EventType::Rejected:
      case EventType::Triggered:
        break;
    }
  }

  // Checks conservation for every order and that the tracked open quantity matches the engine; drops
  // finished orders.
  template <class E>
  void check(const E& engine, const std::string& context) {
    for (auto it = orders_.begin(); it != orders_.end();) {
      const Ledger& l = it->second;
      ASSERT_EQ(l.filled + l.open + l.cancelled, l.original)
          << "order " << it->first.second << " on symbol " << it->first.first << " " << context;
      const auto live = engine.find_order(it->first.first, it->first.second);
      ASSERT_EQ(live ? live->order.open : 0, l.open) << "order " << it->first.second << " " << context;
      it = l.open == 0 ? orders_.erase(it) : std::next(it);
    }
  }

 private:
  std::map<std::pair<SymbolId, OrderId>, Ledger> orders_;
};

// Independent structural check from the public query API (not from the book's own validator).
template <class E>
void check_levels(const E& engine, const std::string& context) {
  for (SymbolId symbol : engine.symbols()) {
    std::map<std::pair<int, Price>, std::pair<Quantity, std::uint32_t>> sums;
    for (const OrderView& v : engine.open_orders(symbol)) {
      if (v.status != OrderStatus::Resting) continue;
      auto& s = sums[{static_cast<int>(v.order.side), v.order.price}];
      s.first += v.order.visible;
      ++s.second;
    }
    std::size_t levels = 0;
    for (Side side : {Side::Buy, Side::Sell}) {
      for (const LevelView& l : engine.depth(symbol, side, 1'000'000)) {
        ++levels;
        const auto s = sums[{static_cast<int>(side), l.price}];
        ASSERT_EQ(l.quantity, s.first) << "level size != sum of orders at " << l.price << " " << context;
        ASSERT_EQ(l.order_count, s.second) << context;
      }
    }
    ASSERT_EQ(levels, sums.size()) << context;
    const TopOfBook top = engine.top_of_book(symbol);
    if (top.has_bid && top.has_ask) {
      ASSERT_LT(top.bid_price, top.ask_price) << "crossed " << context;
    }
  }
}

void expect_same_events(const std::vector<Event>& fast, const std::vector<Event>& ref, const std::string& context) {
  ASSERT_EQ(fast.size(), ref.size()) << context << "\nfast:\n" << dump(fast) << "reference:\n" << dump(ref);
  for (std::size_t i = 0; i < fast.size(); ++i) {
    ASSERT_TRUE(same_event(fast[i], ref[i])) << context << "\nfast:\n" << dump(fast) << "reference:\n" << dump(ref);
  }
}

void run_differential(std::uint64_t seed, int steps, int restore_every, Price price_step = 1) {
  auto fast = std::make_unique<MatchingEngine>();
  auto ref = std::make_unique<ReferenceMatchingEngine>();
  RandomCommands gen(seed, price_step);
  Accounting ledger;
  std::vector<Event> fast_events;
  std::vector<Event> ref_events;
  std::size_t trades = 0;
  std::size_t triggers = 0;
  for (int step = 1; step <= steps; ++step) {
    const Command c = gen.next();
    const std::string context = "seed " + std::to_string(seed) + " step " + std::to_string(step) + ": " + to_string(c);
    fast_events.clear();
    ref_events.clear();
    const ResultCode fast_code = fast->process(c, fast_events);
    const ResultCode ref_code = ref->process(c, ref_events);
    ASSERT_EQ(fast_code, ref_code) << context;
    expect_same_events(fast_events, ref_events, context);
    if (::testing::Test::HasFatalFailure()) return;
    std::string error;
    ASSERT_TRUE(fast->validate_internal_state(&error)) << error << " " << context;
    ASSERT_TRUE(ref->validate_internal_state(&error)) << error << " " << context;
    ASSERT_EQ(fast->state_hash(), ref->state_hash()) << context;
    gen.observe(fast_events);
    for (const Event& e : fast_events) {
      ledger.apply(e);
      trades += e.type == EventType::Trade;
      triggers += e.type == EventType::Triggered;
    }
    ledger.check(*fast, context);
    check_levels(*fast, context);
    if (::testing::Test::HasFatalFailure()) return;

    if (step % restore_every == 0) {
      // Round trip through bytes, crossing implementations: fast -> bytes -> reference and back.
      std::string bytes;
      fast->serialize(bytes);
      auto restored_ref = std::make_unique<ReferenceMatchingEngine>();
      const StateResult restored = restored_ref->restore(bytes);
      ASSERT_TRUE(restored.ok()) << restored.message << " " << context;
      std::string ref_bytes;
      ref->serialize(ref_bytes);
      ASSERT_EQ(bytes, ref_bytes) << "serialisations differ " << context;
      auto restored_fast = std::make_unique<MatchingEngine>();
      ASSERT_TRUE(restored_fast->restore(ref_bytes).ok()) << context;
      ASSERT_EQ(restored_ref->state_hash(), fast->state_hash()) << context;
      ASSERT_EQ(restored_fast->state_hash(), fast->state_hash()) << context;
      fast = std::move(restored_fast);
      ref = std::move(restored_ref);
    }
  }
  // The stream must actually exercise matching, or the comparison proves little.
  EXPECT_GT(trades, static_cast<std::size_t>(steps / 20)) << "seed " << seed;
  EXPECT_GT(triggers, 0u) << "seed " << seed;
}

TEST(BookDifferential, FastAndReferenceAgreeOnRandomStreams) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    run_differential(seed, 4000, 997);
    if (HasFatalFailure()) return;
  }
}

TEST(BookDifferential, AgreeWhenPricesSpreadBeyondTheLadderWindow) {
  // 3,000-tick grid steps put most levels outside the fast book's 16,384-tick bitmap window.
  for (std::uint64_t seed = 100; seed <= 103; ++seed) {
    run_differential(seed, 3000, 1009, 3000);
    if (HasFatalFailure()) return;
  }
}

TEST(BookDifferential, RestoreAfterEveryFewCommandsKeepsBehaviour) {
  run_differential(1234, 3000, 7);
}

}  // namespace
}  // namespace kestrel::engine::test
