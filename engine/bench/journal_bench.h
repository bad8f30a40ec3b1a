// `kestrel-engine bench-journal`: journal append throughput and latency under each fsync policy, and
// replay throughput, each next to a baseline measured in the same run on the same bytes.
#pragma once

namespace kestrel::engine::bench {

/** Runs the journal benchmark; argv[0] is the subcommand name. Returns a process exit code. */
int run_journal_bench(int argc, char** argv);

}  // namespace kestrel::engine::bench
