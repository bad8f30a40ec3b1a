// Snapshot files: container round trip, every damaged/truncated/extended byte rejected, atomic
// replacement (a failed write leaves the old file), newest-valid selection with fallback, pruning,
// and the tagged-section payload container.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "journal_test_util.h"
#include "kestrel/engine/snapshot_file.h"
#include "kestrel/engine/snapshot_sections.h"
#include "kestrel/engine/snapshot_store.h"

namespace kestrel::engine {
namespace {

using testing::read_file_bytes;
using testing::TempDir;
using testing::write_file_bytes;

std::string sample_payload() {
  std::string payload;
  for (int i = 0; i < 300; ++i) payload.push_back(static_cast<char>(i * 7));
  return payload;
}

TEST(SnapshotFile, EncodesAndDecodes) {
  const std::string file = encode_snapshot(1234, sample_payload());
  ASSERT_EQ(file.size(), kSnapshotHeaderSize + 300);
  EXPECT_EQ(file.substr(0, 8), "KESTSNAP");
  const SnapshotView view = decode_snapshot(file);
  ASSERT_EQ(view.code, ResultCode::Ok);
  EXPECT_EQ(view.sequence, 1234u);
  EXPECT_EQ(view.payload, sample_payload());
  const SnapshotView empty = decode_snapshot(encode_snapshot(0, ""));
  EXPECT_EQ(empty.code, ResultCode::Ok);
  EXPECT_TRUE(empty.payload.empty());
}

TEST(SnapshotFile, EveryFlippedByteIsDetected) {
  const std::string file = encode_snapshot(99, sample_payload());
  for (std::size_t byte = 0; byte < file.size(); ++byte) {
    std::string damaged = file;
    damaged[byte] = static_cast<char>(damaged[byte] ^ 0x01);
    EXPECT_EQ(decode_snapshot(damaged).code, ResultCode::SnapshotCorrupt) << "byte " << byte;
  }
}

TEST(SnapshotFile, TruncatedOrExtendedFilesAreCorrupt) {
  const std::string file = encode_snapshot(5, sample_payload());
  for (std::size_t size = 0; size < file.size(); ++size) {
    EXPECT_EQ(decode_snapshot(file.substr(0, size)).code, ResultCode::SnapshotCorrupt) << size;
  }
  EXPECT_EQ(decode_snapshot(file + '\0').code, ResultCode::SnapshotCorrupt);
}

TEST(SnapshotFile, WritesAtomicallyAndReadsBack) {
  TempDir dir;
  const std::string path = dir.file("state.snap");
  ASSERT_EQ(write_snapshot_file(path, 10, "first"), ResultCode::Ok);
  ASSERT_EQ(write_snapshot_file(path, 20, "second"), ResultCode::Ok);
  const SnapshotReadResult read = read_snapshot_file(path);
  ASSERT_EQ(read.code, ResultCode::Ok) << read.detail;
  EXPECT_EQ(read.sequence, 20u);
  EXPECT_EQ(read.payload, "second");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(SnapshotFile, FailedWriteLeavesTheOldSnapshot) {
  TempDir dir;
  const std::string path = dir.file("state.snap");
  ASSERT_EQ(write_snapshot_file(path, 10, "good"), ResultCode::Ok);
  // A directory where the temporary file must go makes the write fail before the rename.
  std::filesystem::create_directory(path + ".tmp");
  std::string detail;
  EXPECT_EQ(write_snapshot_file(path, 11, "never visible", &detail), ResultCode::SnapshotWriteFailed);
  EXPECT_FALSE(detail.empty());
  const SnapshotReadResult read = read_snapshot_file(path);
  ASSERT_EQ(read.code, ResultCode::Ok);
  EXPECT_EQ(read.sequence, 10u);
  EXPECT_EQ(read.payload, "good");
  EXPECT_EQ(write_snapshot_file(dir.file("missing/dir.snap"), 1, "x"), ResultCode::SnapshotWriteFailed);
}

TEST(SnapshotFile, ReadReportsMissingAndCorruptFiles) {
  TempDir dir;
  EXPECT_EQ(read_snapshot_file(dir.file("absent.snap")).code, ResultCode::SnapshotNotFound);
  write_file_bytes(dir.file("garbage.snap"), "not a snapshot");
  EXPECT_EQ(read_snapshot_file(dir.file("garbage.snap")).code, ResultCode::SnapshotCorrupt);
  std::filesystem::create_directory(dir.file("a-directory.snap"));
  EXPECT_EQ(read_snapshot_file(dir.file("a-directory.snap")).code, ResultCode::SnapshotReadFailed);
}

TEST(SnapshotStore, LoadsTheNewestValidSnapshot) {
  TempDir dir;
  const std::string snaps = dir.file("snapshots");
  EXPECT_EQ(load_latest_snapshot(snaps).snapshot.code, ResultCode::SnapshotNotFound);
  ASSERT_EQ(save_snapshot(snaps, 100, "at 100"), ResultCode::Ok);
  ASSERT_EQ(save_snapshot(snaps, 250, "at 250"), ResultCode::Ok);
  ASSERT_EQ(save_snapshot(snaps, 90, "at 90"), ResultCode::Ok);
  write_file_bytes(snaps + "/" + snapshot_file_name(300) + ".tmp", "crash while saving");
  SnapshotLoadResult loaded = load_latest_snapshot(snaps);
  ASSERT_EQ(loaded.snapshot.code, ResultCode::Ok);
  EXPECT_EQ(loaded.snapshot.sequence, 250u);
  EXPECT_EQ(loaded.snapshot.payload, "at 250");
  EXPECT_TRUE(loaded.skipped.empty());

  // Damage the newest: loading falls back to the next one and says what it skipped.
  const std::string newest = snaps + "/" + snapshot_file_name(250);
  std::string bytes = read_file_bytes(newest);
  bytes.back() = static_cast<char>(bytes.back() ^ 0x20);
  write_file_bytes(newest, bytes);
  loaded = load_latest_snapshot(snaps);
  ASSERT_EQ(loaded.snapshot.code, ResultCode::Ok);
  EXPECT_EQ(loaded.snapshot.sequence, 100u);
  ASSERT_EQ(loaded.skipped.size(), 1u);
  EXPECT_EQ(loaded.skipped.front(), newest);
}

TEST(SnapshotStore, FileNamedForAnotherSequenceIsCorrupt) {
  TempDir dir;
  ASSERT_EQ(save_snapshot(dir.path(), 7, "seven"), ResultCode::Ok);
  std::filesystem::rename(dir.file(snapshot_file_name(7)), dir.file(snapshot_file_name(8)));
  const SnapshotLoadResult loaded = load_latest_snapshot(dir.path());
  EXPECT_EQ(loaded.snapshot.code, ResultCode::SnapshotNotFound);
  EXPECT_EQ(loaded.skipped.size(), 1u);
}

TEST(SnapshotStore, PrunesOldSnapshotsButKeepsTheNewest) {
  TempDir dir;
  for (const Sequence sequence : {10, 20, 30, 40}) ASSERT_EQ(save_snapshot(dir.path(), sequence, "x"), ResultCode::Ok);
  std::size_t removed = 0;
  ASSERT_EQ(prune_snapshots(dir.path(), 2, &removed), ResultCode::Ok);
  EXPECT_EQ(removed, 2u);
  EXPECT_FALSE(std::filesystem::exists(dir.file(snapshot_file_name(20))));
  EXPECT_TRUE(std::filesystem::exists(dir.file(snapshot_file_name(30))));
  ASSERT_EQ(prune_snapshots(dir.path(), 0, &removed), ResultCode::Ok);
  EXPECT_EQ(removed, 1u);
  EXPECT_TRUE(std::filesystem::exists(dir.file(snapshot_file_name(40))));
}

TEST(SnapshotStore, ParsesOnlyItsOwnFileNames) {
  EXPECT_EQ(snapshot_file_name(5), "snapshot-00000000000000000005.snap");
  EXPECT_EQ(parse_snapshot_file_name("snapshot-00000000000000000005.snap"), std::optional<Sequence>(5));
  EXPECT_FALSE(parse_snapshot_file_name("snapshot-00000000000000000005.snap.tmp"));
  EXPECT_FALSE(parse_snapshot_file_name("snapshot-99999999999999999999.snap"));
  EXPECT_FALSE(parse_snapshot_file_name("journal-00000000000000000005.log"));
}

TEST(SnapshotSections, RoundTripAndLookup) {
  const std::string matching = "book bytes";
  const std::string risk(1000, 'r');
  const std::string payload =
      encode_snapshot_sections({{kSnapshotSectionMatching, matching}, {kSnapshotSectionRisk, risk}});
  const SnapshotSections parsed = parse_snapshot_sections(payload);
  ASSERT_EQ(parsed.code, ResultCode::Ok);
  ASSERT_EQ(parsed.sections.size(), 2u);
  EXPECT_EQ(parsed.find(kSnapshotSectionMatching), std::optional<std::string_view>(matching));
  EXPECT_EQ(parsed.find(kSnapshotSectionRisk), std::optional<std::string_view>(risk));
  EXPECT_FALSE(parsed.find(kSnapshotSectionRouter));
  EXPECT_EQ(parse_snapshot_sections(encode_snapshot_sections({})).code, ResultCode::Ok);
}

TEST(SnapshotSections, RejectsMalformedPayloads) {
  const std::string payload = encode_snapshot_sections({{1, "abc"}, {2, "defg"}});
  for (std::size_t size = 0; size < payload.size(); ++size) {
    EXPECT_EQ(parse_snapshot_sections(payload.substr(0, size)).code, ResultCode::SnapshotCorrupt) << size;
  }
  EXPECT_EQ(parse_snapshot_sections(payload + "x").code, ResultCode::SnapshotCorrupt);
  EXPECT_EQ(parse_snapshot_sections(encode_snapshot_sections({{1, "a"}, {1, "b"}})).code, ResultCode::SnapshotCorrupt);
  std::string huge_count = payload;
  huge_count[3] = '\x7F';  // claims ~2 billion sections
  EXPECT_EQ(parse_snapshot_sections(huge_count).code, ResultCode::SnapshotCorrupt);
}

}  // namespace
}  // namespace kestrel::engine
