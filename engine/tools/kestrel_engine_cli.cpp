// The kestrel-engine command-line tool: dispatches subcommands to the matching-engine utilities.
//   kestrel-engine replay-lobster <message.csv> <orderbook.csv>   LOBSTER one-step check (exit 1 on mismatch)
//   kestrel-engine bench [options]                                exchange-core-shaped throughput/latency run
//   kestrel-engine bench-journal [options]                        journal append/replay throughput per fsync policy
//   kestrel-engine bench-pipeline [options]                       Engine pipeline throughput (and packed workload dump)
//   kestrel-engine serve-stdin --data-dir DIR [options]           durable engine shard over a line protocol
// Exit codes: 0 success, 1 check failed, 2 usage or input error.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "engine_bench.h"
#include "journal_bench.h"
#include "pipeline_bench.h"
#include "serve_stdin.h"
#include "kestrel/engine/lobster_replay.h"

namespace {

using kestrel::engine::LobsterData;
using kestrel::engine::LobsterReport;

int usage() {
  std::fprintf(stderr,
               "usage:\n"
               "  kestrel-engine replay-lobster <message.csv> <orderbook.csv>\n"
               "  kestrel-engine bench [--ops N] [--seed S] [--rate OPS_PER_SEC] [--segment N] [--quick]\n"
               "  kestrel-engine bench-journal [--records N] [--sync-records N] [--group N] [--dir PATH]\n"
               "  kestrel-engine bench-pipeline [--ops N] [--seed S] [--runs R] [--write-commands FILE]\n"
               "  kestrel-engine serve-stdin --data-dir DIR [--fsync every|group|none] [--group-records N]\n"
               "                             [--group-delay-us N] [--snapshot-every N] [--segment-bytes N]\n");
  return 2;
}

int replay_lobster(int argc, char** argv) {
  if (argc != 4) return usage();
  LobsterData data;
  const auto parse_start = std::chrono::steady_clock::now();
  const std::string error = kestrel::engine::load_lobster(argv[2], argv[3], data);
  const double parse_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - parse_start).count();
  if (!error.empty()) {
    std::fprintf(stderr, "kestrel-engine replay-lobster: %s\n", error.c_str());
    return 2;
  }
  const LobsterReport r = kestrel::engine::replay_lobster(data);
  const double msgs = static_cast<double>(r.steps);
  const double apply_rate = r.apply_seconds > 0 ? msgs / r.apply_seconds : 0;
  const double ref_rate = r.reference_apply_seconds > 0 ? msgs / r.reference_apply_seconds : 0;
  std::printf("LOBSTER one-step check: %s\n", argv[2]);
  std::printf("  messages %zu, levels %zu, tick %lld price units\n", data.messages.size(), data.levels,
              static_cast<long long>(r.tick));
  std::printf("  parse (both files into memory): %.1f ms (%.0f rows/s)\n", parse_s * 1e3,
              parse_s > 0 ? static_cast<double>(data.messages.size()) / parse_s : 0.0);
  std::printf("  levels compared %zu, levels skipped as not yet known %zu\n", r.levels_compared, r.levels_unknown);
  std::printf("  type-4 executions: %zu through matching (IOC aggressor), %zu as direct reductions\n",
              r.executions_matched, r.executions_direct);
  std::printf("  engine commands %zu (of which %zu reconciliation to the previous row)\n", r.engine_commands,
              r.reconcile_commands);
  std::printf("  one-step check loop incl. compare and reconcile: %.1f ms (%.0f msgs/s)\n", r.check_seconds * 1e3,
              r.check_seconds > 0 ? msgs / r.check_seconds : 0.0);
  std::printf("  apply (best timed replay of all issued commands, message + reconciliation):\n"
              "    fast book      %.3f ms = %.0f msgs/s (%.0f commands/s)\n"
              "    reference book %.3f ms = %.0f msgs/s; fast/reference %.1fx\n",
              r.apply_seconds * 1e3, apply_rate,
              r.apply_seconds > 0 ? static_cast<double>(r.engine_commands) / r.apply_seconds : 0.0,
              r.reference_apply_seconds * 1e3, ref_rate, ref_rate > 0 ? apply_rate / ref_rate : 0.0);
  for (const std::string& m : r.first_mismatches) std::printf("  mismatch: %s\n", m.c_str());
  std::printf("%zu steps, %zu mismatches, %.0f msgs/s\n", r.steps, r.mismatches, apply_rate);
  return r.mismatches == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  if (std::strcmp(argv[1], "replay-lobster") == 0) return replay_lobster(argc, argv);
  if (std::strcmp(argv[1], "bench") == 0) return kestrel::engine::bench::run_bench(argc - 1, argv + 1);
  if (std::strcmp(argv[1], "bench-journal") == 0) return kestrel::engine::bench::run_journal_bench(argc - 1, argv + 1);
  if (std::strcmp(argv[1], "bench-pipeline") == 0) {
    return kestrel::engine::bench::run_pipeline_bench(argc - 1, argv + 1);
  }
  if (std::strcmp(argv[1], "serve-stdin") == 0) return kestrel::engine::tools::run_serve_stdin(argc - 1, argv + 1);
  return usage();
}
