// serve-stdin: reads whatever stdin has available and applies the complete lines in order; after
// every `--ack-batch` requests (default 64) and at the end of what was read it makes the journal
// durable once (group commit) and only then writes those requests' `ack` lines — so an acknowledged
// request is on disk under the every-record and group policies, and in the kernel (safe from a
// process crash) under `--fsync none`. Runs until EOF; exits 0, or 1 when the engine stops on a
// durability failure, 2 on bad options or a failed recovery.
#include "serve_stdin.h"

#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kestrel/engine/engine.h"
#include "kestrel/engine/text_protocol.h"

namespace kestrel::engine::tools {
namespace {

int usage() {
  std::fprintf(stderr,
               "usage: kestrel-engine serve-stdin --data-dir DIR [--fsync every|group|none] [--group-records N]\n"
               "                                  [--group-delay-us N] [--snapshot-every N] [--segment-bytes N]\n"
               "                                  [--ack-batch N]\n");
  return 2;
}

bool write_out(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string hex64(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%016" PRIx64, value);
  return buffer;
}

bool parse_count(const char* text, std::uint64_t& value) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long parsed = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-') return false;
  value = parsed;
  return true;
}

}  // namespace

int run_serve_stdin(int argc, char** argv) {
  EngineOptions options;
  options.journal.fsync = FsyncPolicy::Group;
  std::uint64_t ack_batch = 64;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    std::uint64_t number = 0;
    if (flag == "--data-dir") {
      options.data_dir = value;
    } else if (flag == "--fsync") {
      const std::string policy = value;
      if (policy == "every") options.journal.fsync = FsyncPolicy::EveryRecord;
      else if (policy == "group") options.journal.fsync = FsyncPolicy::Group;
      else if (policy == "none") options.journal.fsync = FsyncPolicy::None;
      else return usage();
    } else if (!parse_count(value, number)) {
      return usage();
    } else if (flag == "--group-records") {
      options.journal.group_records = static_cast<std::uint32_t>(number);
    } else if (flag == "--group-delay-us") {
      options.journal.group_delay_ns = static_cast<std::int64_t>(number) * 1000;
    } else if (flag == "--snapshot-every") {
      options.snapshot_every = number;
    } else if (flag == "--segment-bytes") {
      options.journal.segment_max_bytes = number;
    } else if (flag == "--ack-batch" && number > 0) {
      ack_batch = number;
    } else {
      return usage();
    }
  }
  if (options.data_dir.empty()) return usage();
  const FsyncPolicy policy = options.journal.fsync;
  EngineOpenResult opened = Engine::open(options);
  if (opened.code != ResultCode::Ok) {
    std::fprintf(stderr, "kestrel-engine serve-stdin: recovery failed: %s: %s\n",
                 std::string(result_code_name(opened.code)).c_str(), opened.detail.c_str());
    return 2;
  }
  Engine& engine = *opened.engine;
  const RecoveryReport& r = opened.recovery;
  std::fprintf(stderr, "recovered: snapshot %" PRIu64 ", replayed %" PRIu64 ", last sequence %" PRIu64 "\n",
               r.snapshot_sequence, r.replayed, r.last_sequence);

  std::vector<EngineEvent> events;
  std::string pending;
  std::string replies;
  std::uint64_t entry_index = 0;
  std::uint64_t unacknowledged = 0;
  std::uint64_t line_number = 0;
  // One durability point per batch: the group commit. Under `none` the OS decides. False = stop.
  auto acknowledge = [&]() {
    if (policy != FsyncPolicy::None && engine.commit() != ResultCode::Ok) {
      std::fprintf(stderr, "kestrel-engine serve-stdin: %s\n", engine.failure_detail().c_str());
      return false;
    }
    if (engine.failure() != ResultCode::Ok) {
      std::fprintf(stderr, "kestrel-engine serve-stdin: stopped: %s\n", engine.failure_detail().c_str());
      return false;
    }
    if (!replies.empty() && !write_out(replies)) return false;
    replies.clear();
    unacknowledged = 0;
    return true;
  };
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    const bool eof = n <= 0;
    if (!eof) pending.append(buffer, static_cast<std::size_t>(n));
    if (eof && !pending.empty() && pending.back() != '\n') pending.push_back('\n');
    std::size_t start = 0;
    for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      ++line_number;
      const ProtocolLine line = parse_protocol_line(std::string_view(pending).substr(start, end - start));
      switch (line.kind) {
        case LineKind::Empty:
          break;
        case LineKind::Invalid:
          replies += "error " + std::to_string(line_number) + " " + line.error + "\n";
          break;
        case LineKind::Command:
        case LineKind::Control: {
          events.clear();
          const SubmitResult result = submit_line(engine, line, events);
          replies += "ack " + std::to_string(entry_index++) + " " + std::string(result_code_name(result.code)) + " " +
                     std::to_string(result.journal_sequence) + "\n";
          if (++unacknowledged >= ack_batch && !acknowledge()) return 1;
          break;
        }
        case LineKind::Venue: {
          const ResultCode code = engine.add_venue(line.venue);
          if (code != ResultCode::Ok) {
            replies += "error " + std::to_string(line_number) + " " + std::string(result_code_name(code)) + "\n";
          }
          break;
        }
        case LineKind::Depth: {
          const ResultCode code = engine.set_venue_depth(line.venue_id, line.symbol, line.bids, line.asks);
          if (code != ResultCode::Ok) {
            replies += "error " + std::to_string(line_number) + " " + std::string(result_code_name(code)) + "\n";
          }
          break;
        }
        case LineKind::Commit:
          replies += "commit " + std::string(result_code_name(engine.commit())) + "\n";
          break;
        case LineKind::Snapshot: {
          const EngineSnapshotResult snap = engine.snapshot();
          replies += "snapshot " + std::string(result_code_name(snap.code)) + " " + std::to_string(snap.sequence) + "\n";
          break;
        }
        case LineKind::Hash: {
          const EngineStateHashes h = engine.state_hashes();
          replies += "hash " + hex64(h.combined) + " " + hex64(h.matching) + " " + hex64(h.risk) + " " +
                     hex64(h.router) + " " + std::to_string(engine.last_sequence()) + "\n";
          break;
        }
      }
    }
    pending.erase(0, start);
    if (!acknowledge()) return 1;
    if (eof) return 0;
  }
}

}  // namespace kestrel::engine::tools
