// `kestrel-engine bench`: throughput and latency of the fast book on the exchange-core-shaped workload,
// with the reference book measured on the identical stream in the same run as the baseline.
#pragma once

namespace kestrel::engine::bench {

/** Runs the benchmark; argv[0] is "bench". Returns a process exit code. */
int run_bench(int argc, char** argv);

}  // namespace kestrel::engine::bench
