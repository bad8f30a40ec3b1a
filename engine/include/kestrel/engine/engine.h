// The engine as services use it: one shard (one thread) owning a risk manager, an order router and a
// matching engine, with write-ahead journaling, snapshots and recovery.
// Pipeline of a NewOrder: static validation -> risk pre-trade check -> router (only when external
// venues are configured; a plan that stays entirely on the internal book sends the order to the
// book unchanged) -> journal -> apply. Internal child orders become book commands; external ones are
// returned as RouteOrder events for a venue adapter, whose fills and completions come back through
// external_fill()/external_done(). Risk configuration changes are journaled too, so a restart
// reproduces them. Circuit-breaker trips apply HaltSymbol (the host resumes the symbol with an
// ordinary ResumeSymbol command when it wants trading to reopen); a kill switch in cancel_all mode
// cancels through the same path as a client cancel.
// Durability: every request that changes state is appended to the journal BEFORE it is applied;
// a request is acknowledged once durable_sequence() covers its journal_sequence (commit() forces
// that). What is derived deterministically from journaled input — book events, risk updates,
// breaker halts, kill-switch cancels — is recomputed on replay, never journaled. Routing plans depend
// on external quotes, so they are journaled as a group [RouteBegin, parent NewOrder, RouteChild...]
// written with one write(2); recovery drops a group that a crash cut short at the end of the journal.
// Restart = newest snapshot (matching, risk, router sections) + journal replay, and reproduces the
// identical state (state_hashes()). With an empty data_dir nothing is written (backtests, simulation).
// Invariants: deterministic (time comes from requests); single-threaded; a request refused before the
// journal changes nothing. Known limits: venue configuration and quotes are not journaled (the host
// re-applies them after a restart); external fills do not move the risk manager's last price.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kestrel/engine/codec_control.h"
#include "kestrel/engine/engine_event.h"
#include "kestrel/engine/journal_writer.h"
#include "kestrel/engine/matching_engine.h"
#include "kestrel/engine/risk_manager.h"
#include "kestrel/engine/router.h"
#include "kestrel/engine/venue_static.h"

namespace kestrel::engine {

/** Engine configuration. */
struct EngineOptions {
  /** Directory for `journal/` and `snapshots/`; empty = durability disabled (nothing is written). */
  std::string data_dir;
  /** Fsync policy, group size and delay, segment size (covered_sequence is set by recovery). */
  JournalOptions journal;
  /** Journal records between automatic snapshots; 0 = only on snapshot(). */
  std::uint64_t snapshot_every = 0;
  /** Snapshot files kept after each snapshot (at least 1). */
  std::size_t snapshots_kept = 2;
  /** Child id allocation (keep first_child_id above every client order id). */
  RouterOptions router;
  /** The internal book as a venue (fees, latency); `internal` is forced to true. */
  VenueConfig internal_venue{0, "internal", {}, 0, true};
};

/** What recovery found and did. */
struct RecoveryReport {
  bool from_snapshot = false;
  Sequence snapshot_sequence = 0;            // journal sequence the snapshot covered (0 without one)
  std::vector<std::string> skipped_snapshots;  // newer snapshot files that failed validation
  std::uint64_t replayed = 0;                // journal records applied after the snapshot
  std::uint64_t torn_bytes = 0;              // torn tail of the newest segment (removed)
  std::uint64_t abandoned_records = 0;       // records of an incomplete route group at the end (removed)
  Sequence last_sequence = 0;                // last journal sequence after recovery
};

class Engine;

/** Result of Engine::open. */
struct EngineOpenResult {
  ResultCode code = ResultCode::Ok;
  std::unique_ptr<Engine> engine;  // set only when code is Ok
  RecoveryReport recovery;
  std::string detail;              // why, when code != Ok
};

/** Result of one request. */
struct SubmitResult {
  /** Ok; the code of the request's rejection (book, risk, routing); or a durability failure (4xxx). */
  ResultCode code = ResultCode::Ok;
  /** Last journal sequence the request wrote; 0 when it was refused before the journal. */
  Sequence journal_sequence = 0;
  bool ok() const noexcept { return code == ResultCode::Ok; }
};

/** Result of Engine::snapshot. */
struct EngineSnapshotResult {
  ResultCode code = ResultCode::Ok;
  Sequence sequence = 0;  // journal sequence the snapshot covers
  std::string detail;
};

/** Hashes of each component's state and of all of them together. */
struct EngineStateHashes {
  std::uint64_t matching = 0;
  std::uint64_t risk = 0;
  std::uint64_t router = 0;
  std::uint64_t combined = 0;
};

/** One engine shard. Not thread-safe: one thread owns it. */
class Engine {
 public:
  /** Creates an engine, recovering snapshot + journal from options.data_dir when it is set. */
  static EngineOpenResult open(EngineOptions options);

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  /** A book command: NewOrder, Cancel, Replace, AdvanceTime, EndSession, HaltSymbol, ResumeSymbol. */
  SubmitResult submit(const Command& command, std::vector<EngineEvent>& out);
  /** A risk configuration change (a ControlRecord whose type is_config_type). */
  SubmitResult configure(const ControlRecord& change, std::vector<EngineEvent>& out);
  /** A fill of an external child order reported by its venue adapter. */
  SubmitResult external_fill(OrderId child_id, Price price, Quantity quantity, Timestamp timestamp,
                             std::vector<EngineEvent>& out);
  /** An external child order ended at its venue (cancelled, expired, rejected); its open rest never fills. */
  SubmitResult external_done(OrderId child_id, Timestamp timestamp, std::vector<EngineEvent>& out);

  /** Registers an external venue (config.internal must be false); quotes come from set_venue_depth. */
  ResultCode add_venue(const VenueConfig& config);
  ResultCode remove_venue(VenueId id);
  /** Replaces the quoted depth of an external venue for `symbol` (bids best first, asks best first). */
  ResultCode set_venue_depth(VenueId id, SymbolId symbol, std::vector<VenueLevel> bids, std::vector<VenueLevel> asks);
  ResultCode set_venue_status(VenueId id, SymbolId symbol, VenueStatus status);
  ResultCode set_venue_enabled(VenueId id, bool enabled);
  ResultCode set_venue_latency(VenueId id, std::int64_t latency_ns);

  /** Makes every journaled request durable (fdatasync when needed): the acknowledgement point. */
  ResultCode commit();
  /** Group-commit timer: call when idle; syncs when the oldest unsynced record is old enough. */
  ResultCode poll();
  /** Writes a snapshot of all three sections, rotates the journal and prunes what the snapshot covers. */
  EngineSnapshotResult snapshot();

  /** Last journal sequence assigned (counted the same way when durability is disabled). */
  Sequence last_sequence() const noexcept { return last_sequence_; }
  /** Highest journal sequence on stable storage (= last_sequence() when durability is disabled). */
  Sequence durable_sequence() const noexcept;
  /** True when the engine journals to a data directory. */
  bool durable() const noexcept { return journal_ != nullptr; }
  /** Ok, or the durability failure that stopped the engine (every later request returns it). */
  ResultCode failure() const noexcept { return failure_; }
  /** Human-readable reason of failure() or of the last failed automatic snapshot. */
  const std::string& failure_detail() const noexcept { return failure_detail_; }
  /** Automatic snapshots that failed (the journal still holds everything; the next one retries). */
  std::uint64_t snapshot_failures() const noexcept { return snapshot_failures_; }
  /** Journal sequence covered by the newest snapshot written or loaded (0 = none). */
  Sequence snapshot_sequence() const noexcept { return snapshot_sequence_; }

  const MatchingEngine& matching() const noexcept { return matching_; }
  const RiskManager& risk() const noexcept { return risk_; }
  const OrderRouter& router() const noexcept { return router_; }
  const EngineOptions& options() const noexcept { return options_; }
  /** Hashes of the matching, risk and router state; equal after restart and in an uninterrupted run. */
  EngineStateHashes state_hashes() const;

 private:
  class Replayer;
  friend class Replayer;

  explicit Engine(EngineOptions options);

  // Live path: checks that happen before anything is journaled.
  SubmitResult submit_new_order(const Command& command, std::vector<EngineEvent>& out);
  SubmitResult submit_routed(const Command& command, RoutingPlan& plan, std::vector<EngineEvent>& out);
  SubmitResult refuse(const Command& command, ResultCode code, std::vector<EngineEvent>& out);
  SubmitResult refuse_risk(const Command& command, const RiskDecision& decision, std::vector<EngineEvent>& out);
  SubmitResult refuse_child(OrderId child_id, ResultCode code, Timestamp timestamp, std::vector<EngineEvent>& out);
  Sequence journal(const JournalRecord* records, std::size_t count);
  SubmitResult finish(Sequence sequence, ResultCode code);
  void maybe_snapshot();

  // Deterministic application, shared by live requests and journal replay (engine_apply.cpp).
  ResultCode apply_command(const Command& command, std::vector<EngineEvent>& out);
  ResultCode apply_config(const ControlRecord& change, std::vector<EngineEvent>& out);
  ResultCode apply_route(const Command& parent, RoutingPlan& plan, std::vector<EngineEvent>& out);
  ResultCode apply_external_fill(const ControlRecord& fill, std::vector<EngineEvent>& out);
  ResultCode apply_external_done(const ControlRecord& done, std::vector<EngineEvent>& out);
  void cancel_order(const Command& cancel, std::vector<EngineEvent>& out);
  ResultCode process_book(const Command& command, std::vector<EngineEvent>& out);
  void fold(const Event& event, std::vector<EngineEvent>& out);
  void emit_route_done(const ChildUpdate& update, Timestamp timestamp, std::vector<EngineEvent>& out);
  bool is_internal(VenueId venue) const noexcept { return venue == options_.internal_venue.id; }
  OrderId parent_of(OrderId order_id) const;
  const ChildOrder* find_child(OrderId child_id, const ParentOrder** parent) const;
  static Command child_command(const Command& parent, const ChildOrder& child);

  EngineOptions options_;
  MatchingEngine matching_;
  RiskManager risk_;
  OrderRouter router_;
  std::vector<std::pair<VenueId, std::shared_ptr<StaticVenueAdapter>>> venues_;  // external venues
  std::unique_ptr<JournalWriter> journal_;
  std::string snapshot_dir_;
  Sequence last_sequence_ = 0;
  Sequence snapshot_sequence_ = 0;
  std::uint64_t records_since_snapshot_ = 0;
  std::uint64_t snapshot_failures_ = 0;
  ResultCode failure_ = ResultCode::Ok;
  std::string failure_detail_;
  std::vector<Event> book_events_;      // scratch for one book command
  std::vector<RiskUpdate> trips_;       // breaker trips of the current book command
  std::vector<JournalRecord> records_;  // scratch for a route group
};

}  // namespace kestrel::engine
