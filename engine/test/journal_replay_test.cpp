// End-to-end durability property: a random order flow runs through risk check -> journal -> matching
// engine -> risk events, with a snapshot (engine + risk sections) part-way and journal pruning after
// it; a fresh process restoring the newest snapshot and replaying the journal must reach exactly the
// same engine and risk state hashes — also when the crash tore the last journal record, in which case
// the state equals the one before that command.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "journal_test_util.h"
#include "kestrel/engine/journal_reader.h"
#include "kestrel/engine/journal_segment.h"
#include "kestrel/engine/journal_writer.h"
#include "kestrel/engine/matching_engine.h"
#include "kestrel/engine/risk_manager.h"
#include "kestrel/engine/snapshot_sections.h"
#include "kestrel/engine/snapshot_store.h"

namespace kestrel::engine {
namespace {

using testing::read_file_bytes;
using testing::TempDir;
using testing::write_file_bytes;

struct Shard {
  MatchingEngine engine;
  RiskManager risk;
  std::vector<Event> events;

  void apply(const Command& command) {
    events.clear();
    engine.process(command, events);
    for (const Event& event : events) risk.on_event(event);
  }
};

struct Hashes {
  std::uint64_t engine = 0;
  std::uint64_t risk = 0;
  bool operator==(const Hashes& other) const { return engine == other.engine && risk == other.risk; }
};

Hashes hashes(const Shard& shard) { return {shard.engine.state_hash(), shard.risk.state_hash()}; }

Command random_command(std::mt19937_64& random, std::vector<OrderId>& live, OrderId& next_id, Timestamp now) {
  Command c;
  c.timestamp = now;
  c.symbol = 1 + static_cast<SymbolId>(random() % 2);
  c.account = 1 + random() % 4;
  const auto roll = random() % 10;
  if (roll < 6 || live.empty()) {
    c.type = CommandType::NewOrder;
    c.order_id = next_id++;
    c.side = random() % 2 ? Side::Buy : Side::Sell;
    c.order_type = random() % 10 == 0 ? OrderType::Market : OrderType::Limit;
    c.tif = c.order_type == OrderType::Market ? TimeInForce::IOC : TimeInForce::GTC;
    c.price = c.order_type == OrderType::Market ? 0 : 990 + static_cast<Price>(random() % 21);
    c.quantity = 1 + static_cast<Quantity>(random() % 40);
    live.push_back(c.order_id);
  } else {
    // Cancel or replace a (possibly already finished) order: the book decides, as in production.
    c.type = roll < 8 ? CommandType::Cancel : CommandType::Replace;
    c.order_id = live[random() % live.size()];
    c.price = c.type == CommandType::Replace ? 990 + static_cast<Price>(random() % 21) : 0;
  }
  return c;
}

struct LiveRun {
  Hashes final;
  Hashes before_last_journaled;  // state right before the last journaled command was applied
};

// Runs `steps` commands, snapshotting after `snapshot_at`.
LiveRun run_live(const std::string& journal_dir, const std::string& snapshot_dir, int steps,
                             int snapshot_at) {
  Shard shard;
  shard.risk.set_default_limits(RiskLimits{30, 40'000, 120, 25, 50'000, 150});
  shard.risk.set_reference_price(1, 1'000);
  shard.risk.set_reference_price(2, 1'000);
  shard.risk.set_circuit_breaker(2, CircuitBreakerConfig{80, 5'000, 20'000});
  JournalOptions options;
  options.fsync = FsyncPolicy::None;
  JournalOpenResult opened = JournalWriter::open(journal_dir, options);
  EXPECT_EQ(opened.code, ResultCode::Ok) << opened.detail;
  std::mt19937_64 random(2024);
  std::vector<OrderId> live;
  OrderId next_id = 1;
  LiveRun run;
  int denied = 0;
  for (int step = 0; step < steps; ++step) {
    const Command command = random_command(random, live, next_id, 1'000 * step);
    if (!shard.risk.check(command).ok()) {
      ++denied;
    } else {
      run.before_last_journaled = hashes(shard);
      EXPECT_EQ(opened.writer->append(command).code, ResultCode::Ok);
      shard.apply(command);
    }
    if (step == snapshot_at) {
      EXPECT_EQ(opened.writer->flush(), ResultCode::Ok);
      const Sequence covered = opened.writer->next_sequence() - 1;
      std::string engine_bytes;
      std::string risk_bytes;
      shard.engine.serialize(engine_bytes);
      shard.risk.serialize(risk_bytes);
      const std::string payload = encode_snapshot_sections(
          {{kSnapshotSectionMatching, engine_bytes}, {kSnapshotSectionRisk, risk_bytes}});
      EXPECT_EQ(save_snapshot(snapshot_dir, covered, payload), ResultCode::Ok);
      EXPECT_EQ(opened.writer->rotate(), ResultCode::Ok);
      EXPECT_EQ(opened.writer->remove_segments_covered_by(covered), ResultCode::Ok);
    }
  }
  EXPECT_GT(denied, steps / 50) << "the flow should exercise risk denials too";
  EXPECT_FALSE(std::filesystem::exists(journal_dir + "/" + journal_segment_name(1))) << "pruned after the snapshot";
  run.final = hashes(shard);
  return run;
}

Hashes recover(const std::string& journal_dir, const std::string& snapshot_dir, std::uint64_t* replayed) {
  Shard shard;
  const SnapshotLoadResult loaded = load_latest_snapshot(snapshot_dir);
  EXPECT_EQ(loaded.snapshot.code, ResultCode::Ok) << loaded.snapshot.detail;
  const SnapshotSections sections = parse_snapshot_sections(loaded.snapshot.payload);
  EXPECT_EQ(sections.code, ResultCode::Ok);
  EXPECT_TRUE(shard.engine.restore(*sections.find(kSnapshotSectionMatching)).ok());
  EXPECT_EQ(shard.risk.restore(*sections.find(kSnapshotSectionRisk)), ResultCode::Ok);
  // Journaled commands were accepted when they were first applied: replay applies them unchecked.
  const JournalReplayResult replay = replay_journal(
      journal_dir, loaded.snapshot.sequence, [&](const JournalRecord& record) { shard.apply(record.command); });
  EXPECT_EQ(replay.code, ResultCode::Ok) << replay.detail;
  *replayed = replay.replayed;
  JournalOptions options;
  options.covered_sequence = loaded.snapshot.sequence;
  const JournalOpenResult reopened = JournalWriter::open(journal_dir, options);
  EXPECT_EQ(reopened.code, ResultCode::Ok) << reopened.detail;
  EXPECT_EQ(reopened.writer->next_sequence(), replay.next_sequence);
  return hashes(shard);
}

TEST(JournalReplay, SnapshotPlusReplayReproducesEngineAndRiskState) {
  TempDir dir;
  const LiveRun live = run_live(dir.file("journal"), dir.file("snapshots"), 3'000, 1'200);
  std::uint64_t replayed = 0;
  const Hashes recovered = recover(dir.file("journal"), dir.file("snapshots"), &replayed);
  EXPECT_GT(replayed, 500u);
  EXPECT_TRUE(recovered == live.final);
}

TEST(JournalReplay, TornLastRecordRecoversTheStateBeforeIt) {
  TempDir dir;
  const LiveRun live = run_live(dir.file("journal"), dir.file("snapshots"), 2'000, 500);
  // The crash hit while the last command's record was being written.
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("journal"))) {
    if (parse_journal_segment_name(entry.path().filename().string())) names.push_back(entry.path().string());
  }
  std::sort(names.begin(), names.end());
  const std::string newest = names.back();
  const std::string bytes = read_file_bytes(newest);
  write_file_bytes(newest, bytes.substr(0, bytes.size() - 30));
  std::uint64_t replayed = 0;
  const Hashes recovered = recover(dir.file("journal"), dir.file("snapshots"), &replayed);
  EXPECT_TRUE(recovered == live.before_last_journaled);
  EXPECT_FALSE(recovered == live.final);
}

}  // namespace
}  // namespace kestrel::engine
