// OrderIdMap against std::unordered_map: random inserts and erases (sequential and scattered ids,
// through several growths) must keep every lookup identical; erase must not break probe chains.
#include "kestrel/engine/order_id_map.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <vector>

namespace kestrel::engine {
namespace {

TEST(OrderIdMap, MatchesUnorderedMapUnderRandomOperations) {
  std::mt19937_64 rng(7);
  OrderIdMap map;
  std::unordered_map<std::uint64_t, std::uint32_t> oracle;
  std::vector<std::uint64_t> keys;
  for (int op = 0; op < 200'000; ++op) {
    const bool erase = !keys.empty() && rng() % 5 < 2;
    if (erase) {
      const std::size_t i = rng() % keys.size();
      EXPECT_TRUE(map.erase(keys[i]));
      oracle.erase(keys[i]);
      keys[i] = keys.back();
      keys.pop_back();
    } else {
      // Half sequential-looking ids (the common case), half scattered 64-bit ids.
      const std::uint64_t id = rng() % 2 == 0 ? 1 + static_cast<std::uint64_t>(op) : (rng() | 1);
      if (oracle.count(id) != 0) continue;
      map.insert(id, static_cast<std::uint32_t>(op));
      oracle.emplace(id, static_cast<std::uint32_t>(op));
      keys.push_back(id);
    }
    if (op % 1000 == 0) {
      ASSERT_EQ(map.size(), oracle.size());
      for (const auto& [k, v] : oracle) ASSERT_EQ(map.find(k), v);
    }
  }
  EXPECT_FALSE(map.erase(0xDEADBEEF00000000ULL));
  EXPECT_EQ(map.find(0xDEADBEEF00000000ULL), OrderIdMap::kNone);
  std::size_t seen = 0;
  map.for_each([&](std::uint64_t k, std::uint32_t v) {
    ++seen;
    EXPECT_EQ(oracle.at(k), v);
  });
  EXPECT_EQ(seen, oracle.size());
}

}  // namespace
}  // namespace kestrel::engine
