// `kestrel-engine serve-stdin`: runs one durable engine shard over the line protocol of
// text_protocol.h on stdin/stdout (the process the SIGKILL durability test drives).
#pragma once

namespace kestrel::engine::tools {

/** Runs the server; argv[0] is the subcommand name. Returns a process exit code. */
int run_serve_stdin(int argc, char** argv);

}  // namespace kestrel::engine::tools
