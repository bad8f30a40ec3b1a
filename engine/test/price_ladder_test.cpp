// PriceLadder against a std::map oracle: random inserts and erases with keys inside, around and far
// outside the bitmap window, checking find, min and in-order traversal after every operation.
#include "kestrel/engine/price_ladder.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace kestrel::engine {
namespace {

void expect_same(const PriceLadder& ladder, const std::map<std::uint64_t, std::uint32_t>& oracle) {
  ASSERT_EQ(ladder.size(), oracle.size());
  std::uint64_t key = 0;
  std::uint32_t value = ladder.min(&key);
  for (const auto& [k, v] : oracle) {
    ASSERT_NE(value, PriceLadder::kNone);
    ASSERT_EQ(key, k);
    ASSERT_EQ(value, v);
    value = ladder.next_after(key, &key);
  }
  ASSERT_EQ(value, PriceLadder::kNone);
}

TEST(PriceLadder, EmptyLadderHasNoMinimum) {
  PriceLadder ladder;
  std::uint64_t key = 0;
  EXPECT_EQ(ladder.min(&key), PriceLadder::kNone);
  EXPECT_EQ(ladder.next_after(5, &key), PriceLadder::kNone);
  EXPECT_EQ(ladder.find(5), PriceLadder::kNone);
}

TEST(PriceLadder, MatchesOrderedMapUnderRandomOperations) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    std::mt19937_64 rng(seed);
    PriceLadder ladder;
    std::map<std::uint64_t, std::uint32_t> oracle;
    // Clustered keys around a drifting centre plus rare far outliers (including near 0).
    std::uint64_t centre = 1'000'000;
    for (int op = 0; op < 4000; ++op) {
      if (op % 500 == 0) centre += (rng() % 3) * PriceLadder::kWindow;
      std::uint64_t key = 0;
      switch (rng() % 10) {
        case 0: key = rng() % 100; break;
        case 1: key = centre + PriceLadder::kWindow * (1 + rng() % 4) + rng() % 50; break;
        default: key = centre - 600 + rng() % 1200; break;
      }
      if (rng() % 3 == 0 && !oracle.empty()) {
        auto it = oracle.lower_bound(key);
        if (it == oracle.end()) it = oracle.begin();
        ladder.erase(it->first);
        oracle.erase(it);
      } else if (oracle.count(key) == 0) {
        const auto value = static_cast<std::uint32_t>(op);
        ladder.insert(key, value);
        oracle.emplace(key, value);
      }
      ASSERT_EQ(ladder.find(key), oracle.count(key) ? oracle.at(key) : PriceLadder::kNone);
      if (op % 25 == 0) {
        expect_same(ladder, oracle);
        if (HasFatalFailure()) return;
      }
    }
    expect_same(ladder, oracle);
    // next_after from keys that are not present, on both sides of the window.
    for (std::uint64_t probe : {std::uint64_t{0}, centre - 5000, centre, centre + 3 * PriceLadder::kWindow}) {
      std::uint64_t key = 0;
      const std::uint32_t v = ladder.next_after(probe, &key);
      auto it = oracle.upper_bound(probe);
      if (it == oracle.end()) {
        EXPECT_EQ(v, PriceLadder::kNone);
      } else {
        EXPECT_EQ(key, it->first);
        EXPECT_EQ(v, it->second);
      }
    }
  }
}

TEST(PriceLadder, WindowRecentresWhenItEmpties) {
  PriceLadder ladder;
  ladder.insert(100, 1);
  ladder.insert(100 + 10 * PriceLadder::kWindow, 2);  // outside: fallback map
  ladder.erase(100);                                   // window now empty
  ladder.insert(100 + 10 * PriceLadder::kWindow + 1, 3);  // re-centres and pulls key 2 into the window
  std::uint64_t key = 0;
  EXPECT_EQ(ladder.min(&key), 2u);
  EXPECT_EQ(key, 100 + 10 * PriceLadder::kWindow);
  EXPECT_EQ(ladder.next_after(key, &key), 3u);
  EXPECT_EQ(ladder.size(), 2u);
}

}  // namespace
}  // namespace kestrel::engine
