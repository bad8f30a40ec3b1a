// Engine recovery and snapshots. Open = newest valid snapshot (matching, risk and router sections) +
// replay of the journal after it through the same apply functions as live requests, then the journal
// writer continues after the last complete request. Replay is strict: a route group must be complete
// and consistent (its child ids must come out of the router exactly as journaled) except at the very
// end of the journal, where a group cut short by a crash is removed — it was never acknowledged.
#include <cerrno>
#include <cstring>
#include <utility>

#include "kestrel/engine/engine.h"
#include "kestrel/engine/journal_io.h"
#include "kestrel/engine/journal_reader.h"
#include "kestrel/engine/snapshot_sections.h"
#include "kestrel/engine/snapshot_store.h"

namespace kestrel::engine {

/** Feeds journal records to the engine's apply functions, reassembling route groups. */
class Engine::Replayer {
 public:
  explicit Replayer(Engine& engine) : engine_(engine) {}

  void apply(const JournalRecord& record) {
    if (code_ != ResultCode::Ok) return;
    scratch_.clear();
    if (group_) {
      continue_group(record);
      return;
    }
    if (record.kind == JournalEntryKind::Command) {
      engine_.apply_command(record.command, scratch_);
      return;
    }
    const ControlRecord& control = record.control;
    if (is_config_type(control.type)) {
      if (engine_.apply_config(control, scratch_) != ResultCode::Ok) corrupt(record, "configuration change refused");
      return;
    }
    switch (control.type) {
      case ControlType::RouteBegin:
        if (control.count == 0) return corrupt(record, "route group without children");
        group_ = true;
        group_first_ = record.sequence;
        group_begin_ = control;
        has_parent_ = false;
        plan_ = RoutingPlan{};
        return;
      case ControlType::ExternalFill:
        if (engine_.apply_external_fill(control, scratch_) != ResultCode::Ok) corrupt(record, "external fill refused");
        return;
      case ControlType::ExternalDone:
        if (engine_.apply_external_done(control, scratch_) != ResultCode::Ok) corrupt(record, "external done refused");
        return;
      default:
        return corrupt(record, "route child outside a route group");
    }
  }

  ResultCode code() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }
  /** True when the journal ended inside a route group; group_first() is its first record. */
  bool incomplete_group() const noexcept { return group_; }
  Sequence group_first() const noexcept { return group_first_; }

 private:
  void continue_group(const JournalRecord& record) {
    if (!has_parent_) {
      if (record.kind != JournalEntryKind::Command || record.command.type != CommandType::NewOrder ||
          record.command.order_id != group_begin_.order_id) {
        return corrupt(record, "route group without its parent order");
      }
      parent_ = record.command;
      has_parent_ = true;
      return;
    }
    if (record.kind != JournalEntryKind::Control || record.control.type != ControlType::RouteChild) {
      return corrupt(record, "route group ends before its last child");
    }
    ChildOrder child;
    child.child_id = record.control.order_id;
    child.venue = record.control.venue;
    child.kind = record.control.child_kind;
    child.limit_price = record.control.price;
    child.quantity = record.control.quantity;
    child.effective_price = record.control.effective_price;
    plan_.children.push_back(child);
    if (plan_.children.size() < group_begin_.count) return;
    group_ = false;
    std::vector<OrderId> journaled;
    for (const ChildOrder& c : plan_.children) journaled.push_back(c.child_id);
    if (engine_.apply_route(parent_, plan_, scratch_) != ResultCode::Ok) {
      return corrupt(record, "route group does not commit");
    }
    for (std::size_t i = 0; i < journaled.size(); ++i) {
      if (plan_.children[i].child_id != journaled[i]) return corrupt(record, "route child id differs from the journal");
    }
  }

  void corrupt(const JournalRecord& record, const char* what) {
    code_ = ResultCode::JournalCorrupt;
    detail_ = std::string(what) + " at journal sequence " + std::to_string(record.sequence);
  }

  Engine& engine_;
  std::vector<EngineEvent> scratch_;
  ResultCode code_ = ResultCode::Ok;
  std::string detail_;
  bool group_ = false;
  bool has_parent_ = false;
  Sequence group_first_ = 0;
  ControlRecord group_begin_;
  Command parent_;
  RoutingPlan plan_;
};

EngineOpenResult Engine::open(EngineOptions options) {
  EngineOpenResult result;
  auto refuse = [&result](ResultCode code, std::string detail) {
    result.code = code;
    result.engine.reset();
    result.detail = std::move(detail);
    return std::move(result);
  };
  std::unique_ptr<Engine> engine(new Engine(std::move(options)));
  const std::string& data_dir = engine->options_.data_dir;
  if (data_dir.empty()) {
    result.engine = std::move(engine);
    return result;
  }
  if (const int error = ensure_directory(data_dir); error != 0) {
    return refuse(ResultCode::JournalWriteFailed, "cannot create " + data_dir + ": " + std::strerror(error));
  }
  const std::string journal_dir = data_dir + "/journal";
  engine->snapshot_dir_ = data_dir + "/snapshots";

  const SnapshotLoadResult loaded = load_latest_snapshot(engine->snapshot_dir_);
  result.recovery.skipped_snapshots = loaded.skipped;
  Sequence covered = 0;
  if (loaded.snapshot.code == ResultCode::Ok) {
    const SnapshotSections sections = parse_snapshot_sections(loaded.snapshot.payload);
    const auto matching = sections.find(kSnapshotSectionMatching);
    const auto risk = sections.find(kSnapshotSectionRisk);
    const auto router = sections.find(kSnapshotSectionRouter);
    if (sections.code != ResultCode::Ok || !matching || !risk) {
      return refuse(ResultCode::SnapshotCorrupt, "snapshot " + std::to_string(loaded.snapshot.sequence) +
                                                     " lacks the matching or risk section");
    }
    const StateResult restored = engine->matching_.restore(*matching);
    if (!restored.ok()) return refuse(ResultCode::SnapshotCorrupt, "matching section: " + restored.message);
    if (engine->risk_.restore(*risk) != ResultCode::Ok) return refuse(ResultCode::SnapshotCorrupt, "risk section");
    // Snapshots written before the router section existed restore an empty router.
    if (router && engine->router_.restore(*router) != ResultCode::Ok) {
      return refuse(ResultCode::SnapshotCorrupt, "router section");
    }
    covered = loaded.snapshot.sequence;
    result.recovery.from_snapshot = true;
    result.recovery.snapshot_sequence = covered;
  } else if (loaded.snapshot.code != ResultCode::SnapshotNotFound) {
    return refuse(loaded.snapshot.code, loaded.snapshot.detail);
  }

  Replayer replayer(*engine);
  const JournalReplayResult replay =
      replay_journal(journal_dir, covered, [&replayer](const JournalRecord& record) { replayer.apply(record); });
  if (replay.code != ResultCode::Ok) return refuse(replay.code, replay.detail);
  if (replayer.code() != ResultCode::Ok) return refuse(replayer.code(), replayer.detail());
  result.recovery.replayed = replay.replayed;
  result.recovery.torn_bytes = replay.torn_bytes;

  JournalOptions journal_options = engine->options_.journal;
  journal_options.covered_sequence = covered;
  JournalOpenResult opened = JournalWriter::open(journal_dir, std::move(journal_options));
  if (opened.code != ResultCode::Ok) return refuse(opened.code, opened.detail);
  if (opened.writer->next_sequence() != replay.next_sequence) {
    return refuse(ResultCode::JournalCorrupt, "journal changed during recovery (replayed up to " +
                                                  std::to_string(replay.next_sequence) + ", writer continues at " +
                                                  std::to_string(opened.writer->next_sequence()) + ")");
  }
  if (replayer.incomplete_group()) {
    result.recovery.abandoned_records = opened.writer->next_sequence() - replayer.group_first();
    if (const ResultCode code = opened.writer->discard_from(replayer.group_first()); code != ResultCode::Ok) {
      return refuse(code, opened.writer->last_error());
    }
  }
  engine->journal_ = std::move(opened.writer);
  engine->last_sequence_ = engine->journal_->next_sequence() - 1;
  engine->snapshot_sequence_ = covered;
  engine->records_since_snapshot_ = engine->last_sequence_ - covered;
  result.recovery.last_sequence = engine->last_sequence_;
  result.engine = std::move(engine);
  return result;
}

EngineSnapshotResult Engine::snapshot() {
  EngineSnapshotResult result;
  if (failure_ != ResultCode::Ok) {
    result.code = failure_;
    result.detail = failure_detail_;
    return result;
  }
  if (!journal_) {
    result.code = ResultCode::EngineNotDurable;
    result.detail = "the engine runs without a data directory";
    return result;
  }
  result.sequence = last_sequence_;
  if (snapshot_sequence_ == last_sequence_ && last_sequence_ > 0) return result;  // nothing new to cover
  // The snapshot must never cover a record the journal could still lose.
  if (const ResultCode code = commit(); code != ResultCode::Ok) {
    result.code = code;
    result.detail = failure_detail_;
    return result;
  }
  std::string matching;
  std::string risk;
  std::string router;
  matching_.serialize(matching);
  risk_.serialize(risk);
  router_.serialize(router);
  const std::string payload = encode_snapshot_sections(
      {{kSnapshotSectionMatching, matching}, {kSnapshotSectionRisk, risk}, {kSnapshotSectionRouter, router}});
  if (const ResultCode code = save_snapshot(snapshot_dir_, last_sequence_, payload, &result.detail);
      code != ResultCode::Ok) {
    result.code = code;
    return result;
  }
  snapshot_sequence_ = last_sequence_;
  records_since_snapshot_ = 0;
  // Housekeeping after the snapshot is durable: a failure here loses nothing, the next snapshot retries.
  ResultCode code = journal_->rotate();
  if (code == ResultCode::Ok) code = journal_->remove_segments_covered_by(snapshot_sequence_);
  if (code != ResultCode::Ok) {
    if (!journal_->healthy()) {
      failure_ = code;
      failure_detail_ = journal_->last_error();
    }
    result.code = code;
    result.detail = journal_->last_error();
    return result;
  }
  std::string detail;
  if (const ResultCode pruned = prune_snapshots(snapshot_dir_, options_.snapshots_kept); pruned != ResultCode::Ok) {
    result.code = pruned;
    result.detail = "cannot prune old snapshots in " + snapshot_dir_;
  }
  return result;
}

void Engine::maybe_snapshot() {
  if (options_.snapshot_every == 0 || !journal_ || records_since_snapshot_ < options_.snapshot_every) return;
  const EngineSnapshotResult result = snapshot();
  if (result.code != ResultCode::Ok && failure_ == ResultCode::Ok) {
    ++snapshot_failures_;
    failure_detail_ = result.detail;
    records_since_snapshot_ = 0;  // retry after another interval rather than on every request
  }
}

}  // namespace kestrel::engine
