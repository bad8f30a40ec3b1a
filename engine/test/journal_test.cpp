// Journal: record framing, append/replay round trips, torn-tail recovery at every byte offset of the
// last record, mid-file corruption detection, the three fsync policies, rotation and pruning after a
// snapshot, snapshot coverage rules, the single-writer lock, and write_all under EINTR/short writes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "journal_test_util.h"
#include "kestrel/engine/crc32c.h"
#include "kestrel/engine/journal_io.h"
#include "kestrel/engine/journal_reader.h"
#include "kestrel/engine/journal_record.h"
#include "kestrel/engine/journal_segment.h"
#include "kestrel/engine/journal_writer.h"

namespace kestrel::engine {
namespace {

using testing::read_file_bytes;
using testing::TempDir;
using testing::write_file_bytes;

Command order_command(std::uint64_t n) {
  Command c;
  c.type = CommandType::NewOrder;
  c.side = n % 2 == 0 ? Side::Buy : Side::Sell;
  c.symbol = 7;
  c.timestamp = 1'700'000'000'000'000'000 + static_cast<Timestamp>(n);
  c.order_id = 1000 + n;
  c.account = 1 + n % 3;
  c.price = 10'000 + static_cast<Price>(n);
  c.quantity = 1 + static_cast<Quantity>(n % 50);
  return c;
}

JournalOptions no_sync() {
  JournalOptions options;
  options.fsync = FsyncPolicy::None;
  return options;
}

std::unique_ptr<JournalWriter> open_writer(const std::string& dir, JournalOptions options = no_sync()) {
  JournalOpenResult opened = JournalWriter::open(dir, std::move(options));
  EXPECT_EQ(opened.code, ResultCode::Ok) << opened.detail;
  return std::move(opened.writer);
}

void append_commands(JournalWriter& writer, std::uint64_t first, std::uint64_t count) {
  for (std::uint64_t n = first; n < first + count; ++n) {
    const JournalAppendResult appended = writer.append(order_command(n));
    ASSERT_EQ(appended.code, ResultCode::Ok);
  }
}

std::vector<JournalRecord> replay_all(const std::string& dir, Sequence after, JournalReplayResult* result = nullptr) {
  std::vector<JournalRecord> records;
  JournalReplayResult replayed = replay_journal(dir, after, [&](const JournalRecord& r) { records.push_back(r); });
  if (result != nullptr) *result = replayed;
  return records;
}

std::string segment_path(const TempDir& dir, Sequence first) { return dir.file(journal_segment_name(first)); }

TEST(JournalRecord, FramesAndParses) {
  std::string bytes;
  append_journal_record(bytes, 42, order_command(5));
  ASSERT_EQ(bytes.size(), kJournalRecordSize);
  const RecordParse parse = parse_journal_record(bytes);
  ASSERT_EQ(parse.status, RecordStatus::Ok);
  EXPECT_EQ(parse.record.sequence, 42u);
  EXPECT_TRUE(same_command(parse.record.command, order_command(5)));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    const RecordStatus status = parse_journal_record(bytes.substr(0, cut)).status;
    EXPECT_TRUE(status == RecordStatus::Truncated) << cut;
  }
}

TEST(JournalRecord, CrcCoversLengthAndPayload) {
  std::string bytes;
  append_journal_record(bytes, 1, order_command(1));
  for (std::size_t byte = 0; byte < bytes.size(); ++byte) {
    std::string damaged = bytes;
    damaged[byte] = static_cast<char>(damaged[byte] ^ 0x10);
    EXPECT_EQ(parse_journal_record(damaged).status, RecordStatus::BadFrame) << "byte " << byte;
  }
}

TEST(JournalRecord, CrcValidRecordWithUnknownCommandIsNotTorn) {
  std::string bytes;
  append_journal_record(bytes, 1, order_command(1));
  // Rewrite record 2's command type and recompute its CRC as a newer writer would have.
  Command unknown = order_command(2);
  std::string rebuilt;
  append_journal_record(rebuilt, 2, unknown);
  rebuilt[8 + 8 + 1] = 9;  // command type 9 does not exist
  std::uint32_t crc = crc32c_extend(0, rebuilt.data(), 4);
  crc = crc32c_extend(crc, rebuilt.data() + 8, kJournalRecordPayloadSize);
  for (int i = 0; i < 4; ++i) rebuilt[4 + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  EXPECT_EQ(parse_journal_record(rebuilt).status, RecordStatus::BadPayload);
  const RecordScan scan = scan_journal_records(bytes + rebuilt, 1);
  EXPECT_EQ(scan.code, ResultCode::BookUnknownCommand);
  EXPECT_EQ(scan.records, 1u);
  EXPECT_EQ(scan.error_offset, kJournalRecordSize);
}

TEST(JournalRecord, OutOfOrderSequenceIsCorruption) {
  std::string bytes;
  append_journal_record(bytes, 1, order_command(1));
  append_journal_record(bytes, 3, order_command(3));
  const RecordScan scan = scan_journal_records(bytes, 1);
  EXPECT_EQ(scan.code, ResultCode::JournalCorrupt);
  EXPECT_EQ(scan.valid_bytes, kJournalRecordSize);
}

TEST(JournalSegment, NamesAndHeaders) {
  EXPECT_EQ(journal_segment_name(1), "journal-00000000000000000001.log");
  EXPECT_EQ(parse_journal_segment_name("journal-00000000000000000042.log"), std::optional<Sequence>(42));
  EXPECT_EQ(parse_journal_segment_name("journal-18446744073709551615.log"),
            std::optional<Sequence>(18446744073709551615ull));
  EXPECT_FALSE(parse_journal_segment_name("journal-18446744073709551616.log"));  // > 2^64 - 1
  EXPECT_FALSE(parse_journal_segment_name("journal-0000000000000000004x.log"));
  EXPECT_FALSE(parse_journal_segment_name("journal-1.log"));
  EXPECT_FALSE(parse_journal_segment_name("journal-00000000000000000001.log.tmp"));
  const std::string header = encode_journal_segment_header(77);
  ASSERT_EQ(header.size(), kJournalSegmentHeaderSize);
  EXPECT_EQ(decode_journal_segment_header(header), std::optional<Sequence>(77));
  for (std::size_t byte = 0; byte < header.size(); ++byte) {
    std::string damaged = header;
    damaged[byte] = static_cast<char>(damaged[byte] ^ 1);
    EXPECT_FALSE(decode_journal_segment_header(damaged)) << byte;
  }
}

TEST(Journal, AppendAndReplayRoundTrip) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    for (std::uint64_t n = 1; n <= 500; ++n) {
      const JournalAppendResult appended = writer->append(order_command(n));
      ASSERT_EQ(appended.code, ResultCode::Ok);
      ASSERT_EQ(appended.sequence, n);
    }
    EXPECT_EQ(writer->next_sequence(), 501u);
  }
  JournalReplayResult result;
  const auto records = replay_all(dir.path(), 0, &result);
  ASSERT_EQ(result.code, ResultCode::Ok) << result.detail;
  ASSERT_EQ(records.size(), 500u);
  for (std::uint64_t n = 1; n <= 500; ++n) {
    EXPECT_EQ(records[n - 1].sequence, n);
    EXPECT_TRUE(same_command(records[n - 1].command, order_command(n)));
  }
  EXPECT_EQ(result.next_sequence, 501u);
  // Replay after a snapshot delivers only the newer records.
  const auto tail = replay_all(dir.path(), 450);
  ASSERT_EQ(tail.size(), 50u);
  EXPECT_EQ(tail.front().sequence, 451u);
  // Reopening continues the sequence.
  auto writer = open_writer(dir.path());
  EXPECT_EQ(writer->next_sequence(), 501u);
  EXPECT_EQ(writer->append(order_command(501)).sequence, 501u);
}

TEST(Journal, MissingDirectoryReplaysNothing) {
  TempDir dir;
  JournalReplayResult result;
  EXPECT_TRUE(replay_all(dir.file("absent"), 0, &result).empty());
  EXPECT_EQ(result.code, ResultCode::Ok);
  EXPECT_EQ(result.next_sequence, 1u);
}

TEST(Journal, TornTailAtEveryByteOfTheLastRecordIsRecovered) {
  TempDir source;
  constexpr std::uint64_t kRecords = 6;
  {
    auto writer = open_writer(source.path());
    append_commands(*writer, 1, kRecords);
  }
  const std::string complete = read_file_bytes(segment_path(source, 1));
  ASSERT_EQ(complete.size(), kJournalSegmentHeaderSize + kRecords * kJournalRecordSize);
  const std::size_t last_start = complete.size() - kJournalRecordSize;
  for (std::size_t kept = 0; kept < kJournalRecordSize; ++kept) {
    TempDir dir;
    write_file_bytes(segment_path(dir, 1), complete.substr(0, last_start + kept));

    JournalReplayResult replay;
    const auto records = replay_all(dir.path(), 0, &replay);
    ASSERT_EQ(replay.code, ResultCode::Ok) << "kept " << kept << ": " << replay.detail;
    ASSERT_EQ(records.size(), kRecords - 1) << "kept " << kept;
    EXPECT_EQ(replay.torn_bytes, kept);

    JournalOpenResult opened = JournalWriter::open(dir.path(), no_sync());
    ASSERT_EQ(opened.code, ResultCode::Ok) << "kept " << kept << ": " << opened.detail;
    EXPECT_EQ(opened.recovery.truncated_bytes, kept);
    EXPECT_EQ(opened.recovery.records, kRecords - 1);
    EXPECT_EQ(std::filesystem::file_size(segment_path(dir, 1)), last_start);
    ASSERT_EQ(opened.writer->next_sequence(), kRecords);
    // The lost command is appended again and the journal is whole.
    ASSERT_EQ(opened.writer->append(order_command(kRecords)).code, ResultCode::Ok);
    opened.writer.reset();
    EXPECT_EQ(read_file_bytes(segment_path(dir, 1)), complete) << "kept " << kept;
  }
}

TEST(Journal, ZeroFilledOrGarbageTailIsTorn) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    append_commands(*writer, 1, 4);
  }
  std::string bytes = read_file_bytes(segment_path(dir, 1));
  // The filesystem extended the file but the last record's data never reached the disk.
  std::fill(bytes.end() - static_cast<std::ptrdiff_t>(kJournalRecordSize), bytes.end(), '\0');
  bytes += std::string(4096, '\0');
  write_file_bytes(segment_path(dir, 1), bytes);
  JournalReplayResult replay;
  EXPECT_EQ(replay_all(dir.path(), 0, &replay).size(), 3u);
  EXPECT_EQ(replay.code, ResultCode::Ok);
  EXPECT_EQ(replay.torn_bytes, kJournalRecordSize + 4096);
  JournalOpenResult opened = JournalWriter::open(dir.path(), no_sync());
  ASSERT_EQ(opened.code, ResultCode::Ok);
  EXPECT_EQ(opened.writer->next_sequence(), 4u);
}

TEST(Journal, CorruptionInTheMiddleIsReportedNotSkipped) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    append_commands(*writer, 1, 10);
  }
  const std::string path = segment_path(dir, 1);
  const std::string original = read_file_bytes(path);
  // Damage one byte in each record 1..9 in turn (record 10 stays valid after it).
  for (std::size_t record = 0; record + 1 < 10; ++record) {
    for (const std::size_t within : {std::size_t{0}, std::size_t{5}, std::size_t{50}, kJournalRecordSize - 1}) {
      std::string damaged = original;
      const std::size_t offset = kJournalSegmentHeaderSize + record * kJournalRecordSize + within;
      damaged[offset] = static_cast<char>(damaged[offset] ^ 0x40);
      write_file_bytes(path, damaged);
      std::vector<JournalRecord> seen;
      const JournalReplayResult replay =
          replay_journal(dir.path(), 0, [&](const JournalRecord& r) { seen.push_back(r); });
      EXPECT_EQ(replay.code, ResultCode::JournalCorrupt) << "record " << record << " byte " << within;
      EXPECT_TRUE(seen.empty()) << "no record may be applied from a corrupt journal";
      EXPECT_NE(replay.detail.find(std::to_string(kJournalSegmentHeaderSize + record * kJournalRecordSize)),
                std::string::npos)
          << replay.detail;
      const JournalOpenResult opened = JournalWriter::open(dir.path(), no_sync());
      EXPECT_EQ(opened.code, ResultCode::JournalCorrupt);
      EXPECT_EQ(read_file_bytes(path), damaged) << "a corrupt journal must not be modified";
    }
  }
}

TEST(Journal, DamagedLastRecordIsIndistinguishableFromATornWrite) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    append_commands(*writer, 1, 3);
  }
  std::string bytes = read_file_bytes(segment_path(dir, 1));
  bytes[bytes.size() - 10] = static_cast<char>(bytes[bytes.size() - 10] ^ 1);
  write_file_bytes(segment_path(dir, 1), bytes);
  JournalReplayResult replay;
  EXPECT_EQ(replay_all(dir.path(), 0, &replay).size(), 2u);
  EXPECT_EQ(replay.code, ResultCode::Ok);
  EXPECT_EQ(replay.torn_bytes, kJournalRecordSize);
}

TEST(Journal, DamagedSegmentHeaderIsCorrupt) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    append_commands(*writer, 1, 3);
  }
  std::string bytes = read_file_bytes(segment_path(dir, 1));
  bytes[3] = 'X';
  write_file_bytes(segment_path(dir, 1), bytes);
  JournalReplayResult replay;
  replay_all(dir.path(), 0, &replay);
  EXPECT_EQ(replay.code, ResultCode::JournalCorrupt);
  EXPECT_EQ(JournalWriter::open(dir.path(), no_sync()).code, ResultCode::JournalCorrupt);
}

TEST(Journal, EveryRecordPolicySyncsEachAppend) {
  TempDir dir;
  JournalOptions options;
  options.fsync = FsyncPolicy::EveryRecord;
  auto writer = open_writer(dir.path(), options);
  const std::uint64_t syncs_at_open = writer->stats().syncs;
  for (std::uint64_t n = 1; n <= 20; ++n) {
    ASSERT_EQ(writer->append(order_command(n)).code, ResultCode::Ok);
    EXPECT_EQ(writer->durable_sequence(), n);
  }
  EXPECT_EQ(writer->stats().syncs - syncs_at_open, 20u);
}

TEST(Journal, GroupPolicySyncsEveryNRecords) {
  TempDir dir;
  JournalOptions options;
  options.fsync = FsyncPolicy::Group;
  options.group_records = 10;
  options.group_delay_ns = 0;
  auto writer = open_writer(dir.path(), options);
  const std::uint64_t base = writer->stats().syncs;
  append_commands(*writer, 1, 25);
  EXPECT_EQ(writer->stats().syncs - base, 2u);
  EXPECT_EQ(writer->durable_sequence(), 20u);
  EXPECT_EQ(writer->poll(), ResultCode::Ok);  // no time trigger configured
  EXPECT_EQ(writer->durable_sequence(), 20u);
  ASSERT_EQ(writer->flush(), ResultCode::Ok);
  EXPECT_EQ(writer->stats().syncs - base, 3u);
  EXPECT_EQ(writer->durable_sequence(), 25u);
  ASSERT_EQ(writer->flush(), ResultCode::Ok);  // nothing unsynced: no extra fdatasync
  EXPECT_EQ(writer->stats().syncs - base, 3u);
}

TEST(Journal, GroupPolicySyncsWhenTheOldestRecordIsDue) {
  TempDir dir;
  auto clock = std::make_shared<std::int64_t>(0);
  JournalOptions options;
  options.fsync = FsyncPolicy::Group;
  options.group_records = 0;
  options.group_delay_ns = 1'000;
  options.monotonic_clock = [clock] { return *clock; };
  auto writer = open_writer(dir.path(), options);
  const std::uint64_t base = writer->stats().syncs;
  ASSERT_EQ(writer->append(order_command(1)).code, ResultCode::Ok);  // oldest unsynced at t=0
  *clock = 500;
  ASSERT_EQ(writer->append(order_command(2)).code, ResultCode::Ok);
  EXPECT_EQ(writer->stats().syncs - base, 0u);
  EXPECT_EQ(writer->durable_sequence(), 0u);
  *clock = 1'000;
  ASSERT_EQ(writer->append(order_command(3)).code, ResultCode::Ok);  // 1000 ns after record 1
  EXPECT_EQ(writer->stats().syncs - base, 1u);
  EXPECT_EQ(writer->durable_sequence(), 3u);
  *clock = 1'100;
  ASSERT_EQ(writer->append(order_command(4)).code, ResultCode::Ok);  // new group starts at 1100
  ASSERT_EQ(writer->poll(), ResultCode::Ok);
  EXPECT_EQ(writer->durable_sequence(), 3u);
  *clock = 2'100;
  ASSERT_EQ(writer->poll(), ResultCode::Ok);  // idle journal: the timer alone makes record 4 durable
  EXPECT_EQ(writer->durable_sequence(), 4u);
  EXPECT_EQ(writer->stats().syncs - base, 2u);
}

TEST(Journal, NonePolicyLeavesSyncToFlush) {
  TempDir dir;
  auto writer = open_writer(dir.path(), no_sync());
  const std::uint64_t base = writer->stats().syncs;
  append_commands(*writer, 1, 100);
  EXPECT_EQ(writer->stats().syncs - base, 0u);
  EXPECT_EQ(writer->durable_sequence(), 0u);
  ASSERT_EQ(writer->flush(), ResultCode::Ok);
  EXPECT_EQ(writer->stats().syncs - base, 1u);
  EXPECT_EQ(writer->durable_sequence(), 100u);
  // Records are written with write(2) immediately, so a reader sees them before any fsync.
  EXPECT_EQ(replay_all(dir.path(), 0).size(), 100u);
}

TEST(Journal, RotationAndPruningAfterASnapshot) {
  TempDir dir;
  auto writer = open_writer(dir.path());
  append_commands(*writer, 1, 5);
  ASSERT_EQ(writer->rotate(), ResultCode::Ok);
  ASSERT_EQ(writer->rotate(), ResultCode::Ok);  // empty active segment: no second file
  append_commands(*writer, 6, 5);
  ASSERT_EQ(writer->rotate(), ResultCode::Ok);
  append_commands(*writer, 11, 2);
  EXPECT_EQ(writer->stats().rotations, 2u);
  EXPECT_TRUE(std::filesystem::exists(segment_path(dir, 1)));
  EXPECT_TRUE(std::filesystem::exists(segment_path(dir, 6)));
  EXPECT_TRUE(std::filesystem::exists(segment_path(dir, 11)));
  ASSERT_EQ(replay_all(dir.path(), 0).size(), 12u);

  // A snapshot covering sequence 7 makes only the first segment (1..5) redundant.
  std::size_t removed = 0;
  ASSERT_EQ(writer->remove_segments_covered_by(7, &removed), ResultCode::Ok);
  EXPECT_EQ(removed, 1u);
  EXPECT_FALSE(std::filesystem::exists(segment_path(dir, 1)));
  const auto after_snapshot = replay_all(dir.path(), 7);
  ASSERT_EQ(after_snapshot.size(), 5u);
  EXPECT_EQ(after_snapshot.front().sequence, 8u);
  JournalReplayResult from_scratch;
  replay_all(dir.path(), 0, &from_scratch);
  EXPECT_EQ(from_scratch.code, ResultCode::JournalCorrupt) << "records 1..5 are gone";

  // A snapshot covering everything still keeps the active segment.
  ASSERT_EQ(writer->remove_segments_covered_by(12, &removed), ResultCode::Ok);
  EXPECT_EQ(removed, 1u);
  EXPECT_TRUE(std::filesystem::exists(segment_path(dir, 11)));
  EXPECT_EQ(replay_all(dir.path(), 12).size(), 0u);
}

TEST(Journal, AutomaticRotationBySegmentSize) {
  TempDir dir;
  JournalOptions options = no_sync();
  options.segment_max_bytes = kJournalSegmentHeaderSize + 4 * kJournalRecordSize;
  {
    auto writer = open_writer(dir.path(), options);
    append_commands(*writer, 1, 10);
  }
  for (const Sequence first : {1, 5, 9}) EXPECT_TRUE(std::filesystem::exists(segment_path(dir, first))) << first;
  const auto records = replay_all(dir.path(), 0);
  ASSERT_EQ(records.size(), 10u);
  for (std::uint64_t n = 1; n <= 10; ++n) EXPECT_EQ(records[n - 1].sequence, n);
}

TEST(Journal, TornTailInAnOlderSegmentIsCorrupt) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    append_commands(*writer, 1, 3);
    ASSERT_EQ(writer->rotate(), ResultCode::Ok);
    append_commands(*writer, 4, 3);
  }
  const std::string first = read_file_bytes(segment_path(dir, 1));
  write_file_bytes(segment_path(dir, 1), first.substr(0, first.size() - 10));
  JournalReplayResult replay;
  replay_all(dir.path(), 0, &replay);
  EXPECT_EQ(replay.code, ResultCode::JournalCorrupt);
}

TEST(Journal, MissingMiddleSegmentIsCorrupt) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    for (int segment = 0; segment < 3; ++segment) {
      append_commands(*writer, 1 + 2 * segment, 2);
      ASSERT_EQ(writer->rotate(), ResultCode::Ok);
    }
  }
  std::filesystem::remove(segment_path(dir, 3));
  JournalReplayResult replay;
  replay_all(dir.path(), 0, &replay);
  EXPECT_EQ(replay.code, ResultCode::JournalCorrupt);
  EXPECT_NE(replay.detail.find("gap"), std::string::npos) << replay.detail;
}

TEST(Journal, StartsAfterTheSnapshotSequence) {
  TempDir dir;
  JournalOptions options = no_sync();
  options.covered_sequence = 100;
  {
    auto writer = open_writer(dir.path(), options);
    EXPECT_EQ(writer->next_sequence(), 101u);
    EXPECT_EQ(writer->append(order_command(1)).sequence, 101u);
  }
  EXPECT_TRUE(std::filesystem::exists(segment_path(dir, 101)));
  EXPECT_EQ(replay_all(dir.path(), 100).size(), 1u);
  JournalReplayResult gap;
  replay_all(dir.path(), 50, &gap);
  EXPECT_EQ(gap.code, ResultCode::JournalCorrupt) << "records 51..100 are not in the journal";
  options.covered_sequence = 50;
  EXPECT_EQ(JournalWriter::open(dir.path(), options).code, ResultCode::JournalCorrupt);
}

TEST(Journal, JournalEndingBeforeTheSnapshotIsRetired) {
  TempDir dir;
  {
    auto writer = open_writer(dir.path());
    append_commands(*writer, 1, 5);
  }
  JournalOptions options = no_sync();
  options.covered_sequence = 9;  // the snapshot holds more than the journal kept
  JournalOpenResult opened = JournalWriter::open(dir.path(), options);
  ASSERT_EQ(opened.code, ResultCode::Ok) << opened.detail;
  EXPECT_EQ(opened.recovery.retired_segments, 1u);
  EXPECT_EQ(opened.writer->next_sequence(), 10u);
  EXPECT_FALSE(std::filesystem::exists(segment_path(dir, 1)));
  EXPECT_TRUE(std::filesystem::exists(segment_path(dir, 10)));
}

TEST(Journal, SecondWriterIsRefusedAndStrayTempFilesAreRemoved) {
  TempDir dir;
  auto writer = open_writer(dir.path());
  const JournalOpenResult second = JournalWriter::open(dir.path(), no_sync());
  EXPECT_EQ(second.code, ResultCode::JournalWriteFailed);
  EXPECT_NE(second.detail.find("locked"), std::string::npos) << second.detail;
  writer.reset();
  write_file_bytes(dir.file(journal_segment_name(2) + ".tmp"), "half-created segment");
  auto reopened = open_writer(dir.path());
  EXPECT_FALSE(std::filesystem::exists(dir.file(journal_segment_name(2) + ".tmp")));
}

TEST(Journal, UnwritableDirectoryIsAWriteFailure) {
  TempDir dir;
  write_file_bytes(dir.file("not-a-directory"), "x");
  const JournalOpenResult opened = JournalWriter::open(dir.file("not-a-directory"), no_sync());
  EXPECT_EQ(opened.code, ResultCode::JournalWriteFailed);
  EXPECT_FALSE(opened.writer);
}

// SIGALRM handler that does nothing: its only job is to interrupt write(2) (installed without SA_RESTART).
void ignore_signal(int) {}

TEST(JournalIo, WriteAllSurvivesInterruptsAndShortWrites) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  struct sigaction action {};
  action.sa_handler = ignore_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: blocked writes return EINTR or a short count
  struct sigaction previous {};
  ASSERT_EQ(::sigaction(SIGALRM, &action, &previous), 0);

  std::string data(4 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 % 251);
  std::string received;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &block, nullptr);  // signals go to the writing thread
    char buffer[4096];
    while (true) {
      const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      received.append(buffer, static_cast<std::size_t>(n));
      if (received.size() % (256 << 10) < 4096) ::usleep(2000);  // keep the pipe full now and then
    }
    done = true;
  });
  itimerval timer{};
  timer.it_interval.tv_usec = 500;
  timer.it_value.tv_usec = 500;
  ASSERT_EQ(::setitimer(ITIMER_REAL, &timer, nullptr), 0);
  const int error = write_all(fds[1], data);
  itimerval off{};
  ::setitimer(ITIMER_REAL, &off, nullptr);
  ::sigaction(SIGALRM, &previous, nullptr);
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  EXPECT_EQ(error, 0);
  EXPECT_TRUE(done);
  EXPECT_EQ(received.size(), data.size());
  EXPECT_TRUE(received == data);
}

TEST(JournalIo, WriteAllReportsErrors) {
  const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (fd < 0) GTEST_SKIP() << "/dev/full is not available";
  EXPECT_EQ(write_all(fd, std::string(100, 'x')), ENOSPC);
  ::close(fd);
  EXPECT_EQ(write_all(-1, "x"), EBADF);
}

}  // namespace
}  // namespace kestrel::engine
