// `kestrel-engine bench-pipeline`: the Engine pipeline (validation, risk, journal accounting,
// matching, event conversion and packing) on the exchange-core-shaped workload, next to the bare
// matching engine on the same stream; optionally writes the stream as packed command records for the
// JavaScript binding benchmark (engine/lib/engine.bench.ts).
#pragma once

namespace kestrel::engine::bench {

/** Runs the benchmark; argv[0] is the subcommand name. Returns a process exit code. */
int run_pipeline_bench(int argc, char** argv);

}  // namespace kestrel::engine::bench
