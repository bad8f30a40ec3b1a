// A pre-generated command stream shaped like exchange-core's published single-symbol benchmark: about
// 1,000 resting orders over about 750 price levels, then a measured phase of 9% GTC limit orders,
// 3% IOC orders, 6% cancels and 82% moves (price-changing replaces). About 5% of commands trade
// (exchange-core quotes ~6%): with 9% adds against 6% cancels, only ~3% of commands may remove a
// resting order by trading if the book is to stay at its size, which caps the crossing share; the
// achieved ratio is printed by every run. Generation is seeded and runs the stream through a MatchingEngine so cancels and moves
// always target live orders; the measured engines then replay the identical stream.
// Known limits: one symbol and one instrument type; no stops, icebergs or expiries (the exchange-core
// workload has none either).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kestrel/engine/types.h"

namespace kestrel::engine::bench {

/** Generation parameters. */
struct WorkloadConfig {
  std::size_t ops = 2'000'000;      // measured commands
  std::uint64_t seed = 1;
  std::size_t target_orders = 1000;  // resting orders the fill phase creates and the mix keeps
  Price mid = 100'000;               // ticks
  Price half_range = 800;            // passive prices lie within mid +/- half_range
};

/** The generated stream and what generating it observed. */
struct Workload {
  std::vector<Command> fill;  // builds the initial book; not measured
  std::vector<Command> ops;   // measured
  std::size_t gtc = 0, ioc = 0, cancel = 0, move = 0;
  std::size_t trading_ops = 0;      // measured commands that produced at least one trade
  double average_orders = 0;        // resting orders, sampled during the measured phase
  double average_levels = 0;        // occupied price levels (both sides), sampled likewise
};

/** Generates the workload deterministically from `config`. */
Workload generate_workload(const WorkloadConfig& config);

}  // namespace kestrel::engine::bench
