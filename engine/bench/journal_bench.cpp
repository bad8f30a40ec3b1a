// Journal benchmark. For each fsync policy (every record, group commit, none) it appends N commands
// through JournalWriter (encode + CRC-32C + write(2) + policy) and, as the baseline, writes the same
// pre-encoded record bytes with a bare write(2) loop and the same fdatasync schedule, alternating
// between the two in rounds; the ratio (journal / bare) is the cost of the journal layer itself.
// Replay (validate, CRC, decode, deliver) is compared with a plain sequential pass over the same
// mapped bytes. Files go to --dir (default $TMPDIR or /tmp), which decides what fdatasync costs: run
// it on the disk the journal will use.
#include "journal_bench.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "kestrel/engine/crc32c.h"
#include "kestrel/engine/journal_io.h"
#include "kestrel/engine/journal_reader.h"
#include "kestrel/engine/journal_record.h"
#include "kestrel/engine/journal_segment.h"
#include "kestrel/engine/journal_writer.h"

namespace kestrel::engine::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

struct Options {
  std::uint64_t records = 200'000;      // per run for the group and none policies
  std::uint64_t sync_records = 2'000;   // per run for every-record (each one waits for the disk)
  std::uint32_t group = 64;
  std::string dir;
};

Command sample_command(std::uint64_t n) {
  Command c;
  c.type = CommandType::NewOrder;
  c.side = n % 2 == 0 ? Side::Buy : Side::Sell;
  c.symbol = 1;
  c.timestamp = 1'700'000'000'000'000'000 + static_cast<Timestamp>(n);
  c.order_id = n + 1;
  c.account = 1 + n % 16;
  c.price = 10'000 + static_cast<Price>(n % 100);
  c.quantity = 1 + static_cast<Quantity>(n % 100);
  return c;
}

struct Run {
  double per_second = 0;
  std::int64_t p50 = 0, p99 = 0, max = 0;
  std::uint64_t syncs = 0;
};

Run summarise(std::uint64_t count, std::int64_t elapsed_ns, std::vector<std::int64_t>& latencies) {
  Run run;
  run.per_second = static_cast<double>(count) * 1e9 / static_cast<double>(std::max<std::int64_t>(elapsed_ns, 1));
  std::sort(latencies.begin(), latencies.end());
  run.p50 = latencies[latencies.size() / 2];
  run.p99 = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  run.max = latencies.back();
  return run;
}

// The journal and its baseline run in alternating rounds so that both see the same disk conditions
// (fdatasync latency on shared or virtual disks drifts by several times within seconds).
struct Comparison {
  Run journal;
  Run baseline;
};

Comparison compare(const std::string& root, FsyncPolicy policy, std::uint32_t group, std::uint64_t count) {
  constexpr std::uint64_t kRounds = 10;
  JournalOptions options;
  options.fsync = policy;
  options.group_records = group;
  options.group_delay_ns = 0;  // count trigger only, so the journal syncs on the baseline's schedule
  JournalOpenResult opened = JournalWriter::open(root + "/journal", options);
  const int fd = ::open((root + "/bare.raw").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (opened.code != ResultCode::Ok || fd < 0) {
    std::fprintf(stderr, "bench-journal: cannot open files in %s: %s\n", root.c_str(), opened.detail.c_str());
    std::exit(1);
  }
  JournalWriter& writer = *opened.writer;
  const std::uint64_t sync_every = policy == FsyncPolicy::EveryRecord ? 1 : policy == FsyncPolicy::Group ? group : 0;
  std::vector<Command> commands;
  std::vector<std::string> records(count);
  for (std::uint64_t n = 0; n < count; ++n) {
    commands.push_back(sample_command(n));
    append_journal_record(records[n], n + 1, commands[n]);
  }
  std::vector<std::int64_t> journal_latency;
  std::vector<std::int64_t> bare_latency;
  std::int64_t journal_ns = 0;
  std::int64_t bare_ns = 0;
  std::uint64_t bare_syncs = 0;
  const std::uint64_t syncs_at_open = writer.stats().syncs;
  for (std::uint64_t round = 0; round < kRounds; ++round) {
    const std::uint64_t first = count * round / kRounds;
    const std::uint64_t last = count * (round + 1) / kRounds;
    std::int64_t start = now_ns();
    for (std::uint64_t n = first; n < last; ++n) {
      const std::int64_t before = now_ns();
      if (writer.append(commands[n]).code != ResultCode::Ok) {
        std::fprintf(stderr, "bench-journal: append failed: %s\n", writer.last_error().c_str());
        std::exit(1);
      }
      journal_latency.push_back(now_ns() - before);
    }
    journal_ns += now_ns() - start;
    start = now_ns();
    for (std::uint64_t n = first; n < last; ++n) {
      const std::int64_t before = now_ns();
      if (write_all(fd, records[n]) != 0) std::exit(1);
      if (sync_every > 0 && (n + 1) % sync_every == 0) {
        if (sync_file_data(fd) != 0) std::exit(1);
        ++bare_syncs;
      }
      bare_latency.push_back(now_ns() - before);
    }
    bare_ns += now_ns() - start;
  }
  ::close(fd);
  Comparison result{summarise(count, journal_ns, journal_latency), summarise(count, bare_ns, bare_latency)};
  result.journal.syncs = writer.stats().syncs - syncs_at_open;
  result.baseline.syncs = bare_syncs;
  return result;
}

void print_row(const char* name, const Run& journal, const Run& baseline) {
  std::printf("%-22s %12.0f/s %8.1f MB/s  p50 %7lld ns  p99 %8lld ns  max %9lld ns  syncs %7llu | "
              "bare write %12.0f/s  ratio %.2fx\n",
              name, journal.per_second, journal.per_second * kJournalRecordSize / 1e6,
              static_cast<long long>(journal.p50), static_cast<long long>(journal.p99),
              static_cast<long long>(journal.max), static_cast<unsigned long long>(journal.syncs),
              baseline.per_second, journal.per_second / baseline.per_second);
}

}  // namespace

int run_journal_bench(int argc, char** argv) {
  Options options;
  const char* tmp = std::getenv("TMPDIR");
  options.dir = tmp != nullptr ? tmp : "/tmp";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--records" && has_value) {
      options.records = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--sync-records" && has_value) {
      options.sync_records = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--group" && has_value) {
      options.group = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--dir" && has_value) {
      options.dir = argv[++i];
    } else {
      std::fprintf(stderr, "usage: bench-journal [--records N] [--sync-records N] [--group N] [--dir PATH]\n");
      return 2;
    }
  }
  if (options.records == 0 || options.sync_records == 0 || options.group == 0) {
    std::fprintf(stderr, "bench-journal: counts must be positive\n");
    return 2;
  }
  const std::string root = options.dir + "/kestrel-journal-bench-" + std::to_string(::getpid());
  std::filesystem::remove_all(root);
  for (const char* policy : {"/every", "/group", "/none"}) std::filesystem::create_directories(root + policy);
  std::printf("journal append, %zu-byte records, directory %s\n", kJournalRecordSize, options.dir.c_str());

  const Comparison every = compare(root + "/every", FsyncPolicy::EveryRecord, options.group, options.sync_records);
  print_row("fsync every record", every.journal, every.baseline);
  const std::string group_name = "group commit (" + std::to_string(options.group) + ")";
  const Comparison group = compare(root + "/group", FsyncPolicy::Group, options.group, options.records);
  print_row(group_name.c_str(), group.journal, group.baseline);
  const Comparison none = compare(root + "/none", FsyncPolicy::None, options.group, options.records);
  print_row("fsync none (OS)", none.journal, none.baseline);

  // Replay of the `none` journal versus touching every byte of the same file once.
  std::uint64_t replayed = 0;
  std::uint64_t checksum = 0;
  std::int64_t start = now_ns();
  const JournalReplayResult replay = replay_journal(root + "/none/journal", 0, [&](const JournalRecord& record) {
    ++replayed;
    checksum += record.command.order_id;
  });
  const std::int64_t replay_ns = now_ns() - start;
  MappedFile mapped;
  if (replay.code != ResultCode::Ok || mapped.open(root + "/none/journal/" + journal_segment_name(1)) != 0) {
    std::fprintf(stderr, "bench-journal: replay failed: %s\n", replay.detail.c_str());
    return 1;
  }
  start = now_ns();
  std::uint64_t touched = 0;
  for (const char byte : mapped.bytes()) touched += static_cast<unsigned char>(byte);
  const std::int64_t scan_ns = now_ns() - start;
  const double replay_rate = static_cast<double>(replayed) * 1e9 / static_cast<double>(replay_ns);
  const double scan_rate =
      static_cast<double>(replayed) * 1e9 / static_cast<double>(std::max<std::int64_t>(scan_ns, 1));
  std::printf("%-22s %12.0f records/s (%.1f MB/s) | byte-sum pass %12.0f records/s  ratio %.2fx  [%llu %llu]\n",
              "replay (validate+CRC)", replay_rate, replay_rate * kJournalRecordSize / 1e6, scan_rate,
              replay_rate / scan_rate, static_cast<unsigned long long>(checksum % 1000),
              static_cast<unsigned long long>(touched % 1000));

  // CRC-32C slicing-by-8 versus the bytewise table loop it replaces.
  std::string block(1 << 20, '\0');
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>(i * 2654435761u >> 13);
  std::uint32_t sink = 0;
  start = now_ns();
  for (int i = 0; i < 64; ++i) sink ^= crc32c(block);
  const double crc_gbs = 64.0 * static_cast<double>(block.size()) / static_cast<double>(now_ns() - start);
  std::uint32_t table[256];
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t c = b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ ((c & 1u) ? 0x82F63B78u : 0u);
    table[b] = c;
  }
  start = now_ns();
  for (int i = 0; i < 16; ++i) {
    std::uint32_t c = ~0u;
    for (const char byte : block) c = (c >> 8) ^ table[(c ^ static_cast<unsigned char>(byte)) & 0xFFu];
    sink ^= ~c;
  }
  const double bytewise_gbs = 16.0 * static_cast<double>(block.size()) / static_cast<double>(now_ns() - start);
  std::printf("%-22s %9.2f GB/s | bytewise table %9.2f GB/s  ratio %.2fx  [%u]\n", "crc32c slicing-by-8",
              crc_gbs, bytewise_gbs, crc_gbs / bytewise_gbs, sink & 0xFu);
  std::filesystem::remove_all(root);
  return 0;
}

}  // namespace kestrel::engine::bench
