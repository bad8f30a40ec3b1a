// Benchmark driver: generates the workload once, then measures
//   1. throughput at maximum rate (no per-command timing), fast and reference book;
//   2. per-command latency at maximum rate (service time);
//   3. latency at a constant arrival rate (default 1M ops/s) measured from each command's SCHEDULED
//      send time, so a stall delays and is charged to every command queued behind it (no coordinated
//      omission); the schedule runs in segments (default 250k commands) with short pauses between.
// All numbers come from std::chrono::steady_clock (TSC-backed vDSO on Linux); its per-call cost is
// measured and printed because it is included in the latency figures.
#include "engine_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "exchange_workload.h"
#include "kestrel/engine/matching_engine.h"

namespace kestrel::engine::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

struct Percentiles {
  std::int64_t p50 = 0, p99 = 0, p999 = 0, max = 0;
};

Percentiles percentiles(std::vector<std::int64_t> v) {
  Percentiles p;
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  p.p50 = at(0.50);
  p.p99 = at(0.99);
  p.p999 = at(0.999);
  p.max = v.back();
  return p;
}

// Builds the initial book, then pauses briefly: consecutive measurements never add up to the RT
// throttle limit when the bench runs under chrt (see constant_rate_latency).
template <class E>
void prepare(E& engine, const Workload& w, std::vector<Event>& events) {
  for (const Command& c : w.fill) {
    events.clear();
    engine.process(c, events);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

// Best of `runs` passes over the measured commands, in ops/s.
template <class E>
double throughput(const Workload& w, int runs, std::uint64_t* hash) {
  double best = 0;
  std::vector<Event> events;
  events.reserve(256);
  for (int run = 0; run < runs; ++run) {
    E engine;
    prepare(engine, w, events);
    const auto start = Clock::now();
    for (const Command& c : w.ops) {
      events.clear();
      engine.process(c, events);
    }
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, static_cast<double>(w.ops.size()) / s);
    if (hash != nullptr) *hash = engine.state_hash();
  }
  return best;
}

// Service time of each command when commands are issued back to back.
template <class E>
Percentiles max_rate_latency(const Workload& w) {
  E engine;
  std::vector<Event> events;
  events.reserve(256);
  prepare(engine, w, events);
  std::vector<std::int64_t> lat(w.ops.size());
  for (std::size_t i = 0; i < w.ops.size(); ++i) {
    const std::int64_t t0 = now_ns();
    events.clear();
    engine.process(w.ops[i], events);
    lat[i] = now_ns() - t0;
  }
  return percentiles(std::move(lat));
}

// Command i of a segment is due at segment_start + i / rate; latency runs from that due time to
// completion. Segments of `segment` commands are separated by a 50 ms pause so that a run under a
// real-time policy (chrt -f) never reaches the kernel's RT throttle (95% of each second), which would
// otherwise stall the spinning process for 50 ms every second.
template <class E>
Percentiles constant_rate_latency(const Workload& w, double rate, std::size_t segment, double* achieved) {
  E engine;
  std::vector<Event> events;
  events.reserve(256);
  prepare(engine, w, events);
  std::vector<std::int64_t> lat(w.ops.size());
  const double interval = 1e9 / rate;
  std::int64_t busy = 0;
  for (std::size_t first = 0; first < w.ops.size(); first += segment) {
    const std::size_t last = std::min(w.ops.size(), first + segment);
    const std::int64_t start = now_ns() + 100'000;
    for (std::size_t i = first; i < last; ++i) {
      const std::int64_t due = start + static_cast<std::int64_t>(static_cast<double>(i - first) * interval);
      while (now_ns() < due) {
      }
      events.clear();
      engine.process(w.ops[i], events);
      lat[i] = now_ns() - due;
    }
    busy += now_ns() - start;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  *achieved = static_cast<double>(w.ops.size()) / (static_cast<double>(busy) / 1e9);
  return percentiles(std::move(lat));
}

// How often the platform stalls a thread that does nothing but read the clock (interrupts,
// preemption, hypervisor): these stalls set the floor of any constant-rate latency tail.
struct Hiccups {
  double per_second = 0;  // gaps longer than 5 us
  std::int64_t longest_ns = 0;
};

Hiccups measure_hiccups(std::int64_t duration_ns) {
  Hiccups h;
  std::size_t stalls = 0;
  const std::int64_t start = now_ns();
  std::int64_t prev = start;
  while (prev - start < duration_ns) {
    const std::int64_t t = now_ns();
    if (t - prev > 5'000) ++stalls;
    h.longest_ns = std::max(h.longest_ns, t - prev);
    prev = t;
  }
  h.per_second = static_cast<double>(stalls) / (static_cast<double>(prev - start) / 1e9);
  return h;
}

double clock_cost_ns() {
  constexpr int kCalls = 1'000'000;
  std::int64_t sink = 0;
  const std::int64_t t0 = now_ns();
  for (int i = 0; i < kCalls; ++i) sink += now_ns();
  const std::int64_t t1 = now_ns();
  return sink == 0 ? 0 : static_cast<double>(t1 - t0) / kCalls;
}

void print_latency(const char* label, const Percentiles& p) {
  std::printf("  %-44s p50 %6lld ns  p99 %6lld ns  p99.9 %7lld ns  max %9lld ns\n", label,
              static_cast<long long>(p.p50), static_cast<long long>(p.p99), static_cast<long long>(p.p999),
              static_cast<long long>(p.max));
}

}  // namespace

int run_bench(int argc, char** argv) {
  WorkloadConfig config;
  double rate = 1'000'000;
  std::size_t segment = 250'000;
  for (int i = 1; i < argc; ++i) {
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "kestrel-engine bench: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    if (std::strcmp(argv[i], "--ops") == 0) config.ops = std::strtoull(value(), nullptr, 10);
    else if (std::strcmp(argv[i], "--seed") == 0) config.seed = std::strtoull(value(), nullptr, 10);
    else if (std::strcmp(argv[i], "--rate") == 0) rate = std::strtod(value(), nullptr);
    else if (std::strcmp(argv[i], "--segment") == 0) segment = std::strtoull(value(), nullptr, 10);
    else if (std::strcmp(argv[i], "--quick") == 0) config.ops = 200'000;
    else {
      std::fprintf(stderr, "kestrel-engine bench: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (config.ops == 0 || rate <= 0 || segment == 0) {
    std::fprintf(stderr, "kestrel-engine bench: --ops, --rate and --segment must be positive\n");
    return 2;
  }

  const auto gen_start = Clock::now();
  const Workload w = generate_workload(config);
  const double gen_s = std::chrono::duration<double>(Clock::now() - gen_start).count();
  const double n = static_cast<double>(w.ops.size());
  std::printf("kestrel-engine bench: exchange-core-shaped single-symbol workload (seed %llu)\n",
              static_cast<unsigned long long>(config.seed));
  std::printf("  generated in %.2f s: %zu fill orders, %zu measured commands\n", gen_s, w.fill.size(), w.ops.size());
  std::printf("  mix: GTC %.1f%%  IOC %.1f%%  cancel %.1f%%  move %.1f%%;  commands that trade: %.2f%%\n",
              100.0 * w.gtc / n, 100.0 * w.ioc / n, 100.0 * w.cancel / n, 100.0 * w.move / n,
              100.0 * w.trading_ops / n);
  std::printf("  book during the run: %.0f resting orders over %.0f price levels on average\n", w.average_orders,
              w.average_levels);
  std::printf("  clock read cost: %.1f ns (included in every latency figure)\n", clock_cost_ns());

  std::uint64_t fast_hash = 0, ref_hash = 0;
  const double fast = throughput<MatchingEngine>(w, 5, &fast_hash);
  const double ref = throughput<ReferenceMatchingEngine>(w, 2, &ref_hash);
  std::printf("throughput (max rate, best of 5 / 2 runs):\n");
  std::printf("  fast book       %12.0f ops/s\n", fast);
  std::printf("  reference book  %12.0f ops/s\n", ref);
  std::printf("  baseline ratio  %12.1fx (fast / reference)\n", fast / ref);
  if (fast_hash != ref_hash) {
    std::fprintf(stderr, "kestrel-engine bench: fast and reference end states differ\n");
    return 1;
  }

  std::printf("latency:\n");
  print_latency("fast book, max rate (service time)", max_rate_latency<MatchingEngine>(w));
  print_latency("reference book, max rate (service time)", max_rate_latency<ReferenceMatchingEngine>(w));
  const Hiccups idle = measure_hiccups(250'000'000);
  std::printf("  platform while spinning idle: %.0f stalls/s longer than 5 us, longest %lld ns\n", idle.per_second,
              static_cast<long long>(idle.longest_ns));
  double achieved = 0;
  const Percentiles constant = constant_rate_latency<MatchingEngine>(w, rate, segment, &achieved);
  char label[96];
  std::snprintf(label, sizeof label, "fast book, constant %.0f ops/s (from schedule)", rate);
  print_latency(label, constant);
  std::printf("  (constant-rate run: %.0f ops/s achieved inside segments of %zu commands)\n", achieved, segment);
  return 0;
}

}  // namespace kestrel::engine::bench
