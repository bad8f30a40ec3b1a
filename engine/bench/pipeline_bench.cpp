// Pipeline benchmark: best-of-N throughput of
//   1. MatchingEngine::process (the baseline: the book alone),
//   2. Engine::submit with durability disabled and no risk limits (the pipeline a binding call runs),
//   3. the same plus packing every event into packed records (exactly what the binding's batch call
//      does natively, so engine.bench.ts can set the JavaScript number against it).
// The final state hash of 2/3 is printed so the JavaScript run can check it replayed the same stream.
// --write-commands FILE stores the stream: u64 fill count, u64 measured count (little-endian), then
// packed command records (packed_layout.h), fill commands first.
#include "pipeline_bench.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "exchange_workload.h"
#include "kestrel/engine/engine.h"
#include "kestrel/engine/matching_engine.h"
#include "kestrel/engine/packed_layout.h"

namespace kestrel::engine::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

int usage() {
  std::fprintf(stderr, "usage: kestrel-engine bench-pipeline [--ops N] [--seed S] [--runs R] [--write-commands FILE]\n");
  return 2;
}

double matching_rate(const Workload& w, int runs) {
  double best = 0;
  std::vector<Event> events;
  for (int run = 0; run < runs; ++run) {
    MatchingEngine engine;
    for (const Command& c : w.fill) {
      events.clear();
      engine.process(c, events);
    }
    const auto start = Clock::now();
    for (const Command& c : w.ops) {
      events.clear();
      engine.process(c, events);
    }
    best = std::max(best, static_cast<double>(w.ops.size()) / seconds_since(start));
  }
  return best;
}

// Engine::submit over the measured commands; with `pack`, every event is also written as a packed
// record into a reused buffer, as the binding's batch call does.
double pipeline_rate(const Workload& w, int runs, bool pack, std::uint64_t* hash, std::uint64_t* events_out) {
  double best = 0;
  std::vector<EngineEvent> events;
  std::vector<unsigned char> packed;
  for (int run = 0; run < runs; ++run) {
    EngineOpenResult opened = Engine::open(EngineOptions{});
    Engine& engine = *opened.engine;
    for (const Command& c : w.fill) {
      events.clear();
      engine.submit(c, events);
    }
    std::uint64_t total = 0;
    const auto start = Clock::now();
    for (const Command& c : w.ops) {
      events.clear();
      engine.submit(c, events);
      total += events.size();
      if (pack) {
        const std::size_t at = packed.size();
        packed.resize(at + events.size() * kPackedEventSize);
        for (std::size_t i = 0; i < events.size(); ++i) pack_event(events[i], packed.data() + at + i * kPackedEventSize);
        if (packed.size() > (std::size_t{1} << 24)) packed.clear();
      }
    }
    best = std::max(best, static_cast<double>(w.ops.size()) / seconds_since(start));
    *hash = engine.state_hashes().combined;
    *events_out = total;
  }
  return best;
}

bool write_commands(const std::string& path, const Workload& w) {
  std::vector<unsigned char> bytes(16 + (w.fill.size() + w.ops.size()) * kPackedCommandSize);
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(w.fill.size()) >> (8 * i));
    bytes[8 + i] = static_cast<unsigned char>(static_cast<std::uint64_t>(w.ops.size()) >> (8 * i));
  }
  std::size_t at = 16;
  for (const auto* list : {&w.fill, &w.ops}) {
    for (const Command& c : *list) {
      pack_command(c, bytes.data() + at);
      at += kPackedCommandSize;
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int run_pipeline_bench(int argc, char** argv) {
  WorkloadConfig config;
  config.ops = 1'000'000;
  int runs = 3;
  std::string commands_file;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    char* end = nullptr;
    const unsigned long long number = std::strtoull(value, &end, 10);
    const bool numeric = end != value && *end == '\0';
    if (flag == "--write-commands") {
      commands_file = value;
    } else if (!numeric) {
      return usage();
    } else if (flag == "--ops") {
      config.ops = number;
    } else if (flag == "--seed") {
      config.seed = number;
    } else if (flag == "--runs" && number > 0) {
      runs = static_cast<int>(number);
    } else {
      return usage();
    }
  }
  const Workload w = generate_workload(config);
  if (!commands_file.empty() && !write_commands(commands_file, w)) {
    std::fprintf(stderr, "kestrel-engine bench-pipeline: cannot write %s\n", commands_file.c_str());
    return 2;
  }
  std::printf("workload: %zu fill + %zu measured commands (seed %" PRIu64 "), %zu trading\n", w.fill.size(),
              w.ops.size(), config.seed, w.trading_ops);
  const double matching = matching_rate(w, runs);
  std::uint64_t hash = 0;
  std::uint64_t events = 0;
  const double pipeline = pipeline_rate(w, runs, false, &hash, &events);
  const double packed = pipeline_rate(w, runs, true, &hash, &events);
  std::printf("matching engine alone: %.0f ops/s\n", matching);
  std::printf("engine pipeline: %.0f ops/s (%.2fx of matching alone)\n", pipeline, pipeline / matching);
  std::printf("engine pipeline + packed events: %.0f ops/s, %" PRIu64 " events\n", packed, events);
  std::printf("state hash %016" PRIx64 "\n", hash);
  return 0;
}

}  // namespace kestrel::engine::bench
