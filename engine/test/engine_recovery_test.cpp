// Engine durability in-process: a seeded flow (orders, configuration, routing with external fills,
// kill switches, breaker trips) run against a durable engine with automatic snapshots agrees request
// by request with the same flow in memory, and re-opening the data directory after any request —
// snapshot + journal replay — reproduces exactly the state of the uninterrupted run at that point.
// Also: a route group cut short at the end of the journal is dropped (it was never acknowledged), an
// incomplete group in the middle is corruption, and configuration survives a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine_flow.h"
#include "journal_test_util.h"
#include "kestrel/engine/journal_segment.h"
#include "kestrel/engine/journal_writer.h"

namespace kestrel::engine {
namespace {

using testing::FlowGenerator;
using testing::FlowRequest;
using testing::FlowState;
using testing::TempDir;

EngineOptions durable_options(const std::string& dir, std::uint64_t snapshot_every) {
  EngineOptions options;
  options.data_dir = dir;
  options.journal.fsync = FsyncPolicy::None;  // the page cache survives a process crash; fast tests
  options.snapshot_every = snapshot_every;
  return options;
}

std::unique_ptr<Engine> open_engine(const EngineOptions& options, RecoveryReport* report = nullptr) {
  EngineOpenResult opened = Engine::open(options);
  EXPECT_EQ(opened.code, ResultCode::Ok) << opened.detail;
  if (report != nullptr) *report = opened.recovery;
  return std::move(opened.engine);
}

void expect_state(const Engine& engine, const FlowState& state, const std::string& where) {
  const EngineStateHashes h = engine.state_hashes();
  EXPECT_EQ(h.matching, state.hashes.matching) << where;
  EXPECT_EQ(h.risk, state.hashes.risk) << where;
  EXPECT_EQ(h.router, state.hashes.router) << where;
  EXPECT_EQ(h.combined, state.hashes.combined) << where;
  EXPECT_EQ(engine.last_sequence(), state.last_sequence) << where;
  std::string error;
  EXPECT_TRUE(engine.matching().validate_internal_state(&error)) << where << ": " << error;
}

// Re-applies the venue configuration of requests[0..end) (not journaled: the host's job after a restart).
void reapply_venues(Engine& engine, const std::vector<FlowRequest>& requests, std::size_t end) {
  std::vector<EngineEvent> events;
  for (std::size_t i = 0; i < end; ++i) {
    const LineKind kind = requests[i].line.kind;
    if (kind == LineKind::Venue || kind == LineKind::Depth) testing::apply_flow_request(engine, requests[i], events);
  }
}

TEST(EngineRecovery, TheFlowExercisesEveryPathWeRecover) {
  FlowGenerator generator(11);
  std::vector<FlowState> states;
  generator.generate(4'000, &states);
  EXPECT_GT(generator.routed_children(), 20u);
  EXPECT_GT(generator.breaker_trips(), 0u);
  EXPECT_GT(generator.kill_switch_cancels(), 0u);
  EXPECT_GT(states.back().last_sequence, 2'000u);
  EXPECT_GE(generator.outcomes().size(), 12u) << "book, risk and routing refusals all occur";
  EXPECT_GT(generator.outcomes().at(ResultCode::Ok), 1'500u);
  EXPECT_GT(generator.engine().router().next_child_id(), (OrderId{1} << 63) + 20);
}

TEST(EngineRecovery, DurableRunMatchesTheMemoryRunAndEveryRestartReproducesIt) {
  FlowGenerator generator(21);
  std::vector<FlowState> states;
  const std::vector<FlowRequest> requests = generator.generate(3'000, &states);
  TempDir dir;
  const EngineOptions options = durable_options(dir.path(), 400);
  std::vector<EngineEvent> events;
  std::size_t restarts = 0;
  auto engine = open_engine(options);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    events.clear();
    testing::apply_flow_request(*engine, requests[i], events);
    expect_state(*engine, states[i], "live request " + std::to_string(i));
    // Restart every 97 requests, as a crash right after request i would (the process keeps nothing).
    if (i % 97 == 96) {
      engine.reset();
      RecoveryReport report;
      engine = open_engine(options, &report);
      ASSERT_TRUE(engine);
      expect_state(*engine, states[i], "after restart at request " + std::to_string(i));
      EXPECT_EQ(report.last_sequence, states[i].last_sequence);
      if (states[i].last_sequence > 800) {
        EXPECT_TRUE(report.from_snapshot) << i;
      }
      reapply_venues(*engine, requests, i + 1);
      ++restarts;
    }
  }
  EXPECT_GT(restarts, 25u);
  EXPECT_GT(engine->snapshot_sequence(), 0u);
  EXPECT_EQ(engine->snapshot_failures(), 0u);
  // Pruning: two snapshots kept, the journal starts after the older one's coverage.
  std::size_t snapshots = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/snapshots")) {
    snapshots += entry.path().extension() == ".snap" ? 1 : 0;
  }
  EXPECT_EQ(snapshots, 2u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/journal/" + journal_segment_name(1)));
}

TEST(EngineRecovery, SnapshotOnRequestCoversEverythingJournaled) {
  FlowGenerator generator(5);
  std::vector<FlowState> states;
  const std::vector<FlowRequest> requests = generator.generate(600, &states);
  TempDir dir;
  const EngineOptions options = durable_options(dir.path(), 0);
  {
    auto engine = open_engine(options);
    std::vector<EngineEvent> events;
    for (const FlowRequest& request : requests) testing::apply_flow_request(*engine, request, events);
    const EngineSnapshotResult snap = engine->snapshot();
    ASSERT_EQ(snap.code, ResultCode::Ok) << snap.detail;
    EXPECT_EQ(snap.sequence, states.back().last_sequence);
  }
  RecoveryReport report;
  auto engine = open_engine(options, &report);
  EXPECT_TRUE(report.from_snapshot);
  EXPECT_EQ(report.replayed, 0u);
  expect_state(*engine, states.back(), "after snapshot restart");
}

// Runs `requests` until the first routed request after `min_index`; returns its index.
std::size_t run_until_route(Engine& engine, const std::vector<FlowRequest>& requests, std::size_t min_index) {
  std::vector<EngineEvent> events;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Sequence before = engine.last_sequence();
    events.clear();
    testing::apply_flow_request(engine, requests[i], events);
    if (i >= min_index && engine.last_sequence() - before >= 4) return i;
  }
  ADD_FAILURE() << "no routed request";
  return requests.size();
}

std::string newest_segment(const std::string& journal_dir) {
  std::string newest;
  for (const auto& entry : std::filesystem::directory_iterator(journal_dir)) {
    const std::string name = entry.path().filename().string();
    if (parse_journal_segment_name(name) && name > std::filesystem::path(newest).filename().string()) {
      newest = entry.path().string();
    }
  }
  return newest;
}

TEST(EngineRecovery, ARouteGroupCutShortAtTheEndIsDropped) {
  FlowGenerator generator(33);
  std::vector<FlowState> states;
  const std::vector<FlowRequest> requests = generator.generate(2'000, &states);
  for (const std::size_t keep_bytes_of_last : {std::size_t{0}, std::size_t{40}}) {
    TempDir dir;
    const EngineOptions options = durable_options(dir.path(), 0);
    std::size_t routed = 0;
    Sequence group_records = 0;
    {
      auto engine = open_engine(options);
      routed = run_until_route(*engine, requests, 300);
      group_records = engine->last_sequence() - states[routed - 1].last_sequence;
    }
    // The crash hit during the group's write: its last child record is missing or torn.
    const std::string segment = newest_segment(dir.path() + "/journal");
    const std::string bytes = testing::read_file_bytes(segment);
    testing::write_file_bytes(segment, bytes.substr(0, bytes.size() - kJournalRecordSize + keep_bytes_of_last));
    RecoveryReport report;
    auto engine = open_engine(options, &report);
    ASSERT_TRUE(engine);
    EXPECT_EQ(report.abandoned_records, group_records - 1);
    EXPECT_EQ(report.torn_bytes, keep_bytes_of_last);
    expect_state(*engine, states[routed - 1], "after dropping the cut group");
    // The request was never acknowledged: the client sends it again and gets the same outcome.
    reapply_venues(*engine, requests, routed);
    std::vector<EngineEvent> events;
    testing::apply_flow_request(*engine, requests[routed], events);
    expect_state(*engine, states[routed], "after resending the request");
    engine.reset();
    engine = open_engine(options, &report);
    EXPECT_EQ(report.abandoned_records, 0u);
    expect_state(*engine, states[routed], "after another restart");
  }
}

TEST(EngineRecovery, AnIncompleteGroupInTheMiddleIsCorruption) {
  TempDir dir;
  {
    JournalOpenResult opened = JournalWriter::open(dir.path() + "/journal", JournalOptions{});
    ASSERT_EQ(opened.code, ResultCode::Ok) << opened.detail;
    ControlRecord begin;
    begin.type = ControlType::RouteBegin;
    begin.order_id = 5;
    begin.count = 2;
    Command parent;
    parent.type = CommandType::NewOrder;
    parent.symbol = 1;
    parent.order_id = 5;
    parent.account = 1;
    parent.price = 100;
    parent.quantity = 10;
    ControlRecord child;
    child.type = ControlType::RouteChild;
    child.order_id = OrderId{1} << 63;
    child.price = 100;
    child.quantity = 5;
    ASSERT_EQ(opened.writer->append(begin).code, ResultCode::Ok);
    ASSERT_EQ(opened.writer->append(parent).code, ResultCode::Ok);
    ASSERT_EQ(opened.writer->append(child).code, ResultCode::Ok);
    Command other = parent;
    other.order_id = 6;
    ASSERT_EQ(opened.writer->append(other).code, ResultCode::Ok);  // the group never got its second child
  }
  EngineOpenResult opened = Engine::open(durable_options(dir.path(), 0));
  EXPECT_EQ(opened.code, ResultCode::JournalCorrupt);
  EXPECT_NE(opened.detail.find("route group"), std::string::npos) << opened.detail;
}

TEST(EngineRecovery, ConfigurationSurvivesARestart) {
  TempDir dir;
  const EngineOptions options = durable_options(dir.path(), 0);
  ControlRecord limits;
  limits.type = ControlType::SetAccountLimits;
  limits.account = 7;
  limits.limits.max_order_quantity = 10;
  ControlRecord kill;
  kill.type = ControlType::SetGlobalKillSwitch;
  kill.kill_switch = KillSwitchMode::ReduceOnly;
  ControlRecord reference;
  reference.type = ControlType::SetReferencePrice;
  reference.symbol = 4;
  reference.price = 1234;
  std::uint64_t risk_hash = 0;
  {
    auto engine = open_engine(options);
    std::vector<EngineEvent> events;
    for (const ControlRecord& change : {limits, kill, reference}) ASSERT_TRUE(engine->configure(change, events).ok());
    risk_hash = engine->risk().state_hash();
  }
  auto engine = open_engine(options);
  EXPECT_EQ(engine->risk().state_hash(), risk_hash);
  EXPECT_EQ(engine->risk().effective_limits(7).max_order_quantity, std::optional<std::int64_t>(10));
  EXPECT_EQ(engine->risk().global_kill_switch(), KillSwitchMode::ReduceOnly);
  EXPECT_EQ(engine->risk().reference_price(4), std::optional<Price>(1234));
  std::vector<EngineEvent> events;
  Command c;
  c.type = CommandType::NewOrder;
  c.symbol = 4;
  c.order_id = 1;
  c.account = 7;
  c.price = 1234;
  c.quantity = 1;
  EXPECT_EQ(engine->submit(c, events).code, ResultCode::RiskReduceOnly);
}

}  // namespace
}  // namespace kestrel::engine
