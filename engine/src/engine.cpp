// Engine live path: everything that is decided before a request reaches the journal (validation,
// risk check, routing plan, wrong-owner and unknown-order checks), then journal-before-apply, plus
// venue configuration, commit/poll and state hashes. Recovery and snapshots are in
// engine_recovery.cpp, the deterministic application in engine_apply.cpp.
#include "kestrel/engine/engine.h"

#include <algorithm>
#include <utility>

#include "kestrel/engine/codec_command.h"
#include "kestrel/engine/order_validation.h"
#include "kestrel/engine/venue_internal_book.h"

namespace kestrel::engine {
namespace {

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 0xcbf29ce484222325ull) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::uint64_t mix(std::uint64_t hash, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    hash ^= (value >> (8 * i)) & 0xFFu;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

bool valid_limits(const RiskLimits& limits) {
  for (const auto& value : {limits.max_order_quantity, limits.max_order_notional, limits.max_position,
                            limits.max_open_orders, limits.max_daily_loss, limits.price_collar_bps}) {
    if (value && *value < 0) return false;
  }
  return true;
}

// The same rules the risk manager's setters apply, checked before the change is journaled so that a
// journaled change can never fail on replay.
bool valid_config(const ControlRecord& change) {
  if (!is_config_type(change.type)) return false;
  switch (change.type) {
    case ControlType::SetDefaultLimits:
    case ControlType::SetAccountLimits:
    case ControlType::SetGlobalLimits:
      return valid_limits(change.limits);
    case ControlType::SetReferencePrice:
      return change.price > 0;
    case ControlType::SetDefaultCircuitBreaker:
    case ControlType::SetCircuitBreaker:
      return !change.breaker ||
             (change.breaker->move_bps > 0 && change.breaker->window_ns > 0 && change.breaker->cooldown_ns > 0);
    case ControlType::SetKillSwitch:
    case ControlType::SetGlobalKillSwitch:
      return static_cast<std::uint8_t>(change.kill_switch) <= static_cast<std::uint8_t>(KillSwitchMode::CancelAll);
    default:
      return true;
  }
}

// Only the fields each config type uses, so the journaled record is canonical.
ControlRecord canonical_config(const ControlRecord& change) {
  ControlRecord record;
  record.type = change.type;
  record.timestamp = change.timestamp;
  switch (change.type) {
    case ControlType::SetAccountLimits:
      record.account = change.account;
      record.limits = change.limits;
      break;
    case ControlType::SetDefaultLimits:
    case ControlType::SetGlobalLimits:
      record.limits = change.limits;
      break;
    case ControlType::ClearAccountLimits:
      record.account = change.account;
      break;
    case ControlType::SetReferencePrice:
      record.symbol = change.symbol;
      record.price = change.price;
      break;
    case ControlType::ClearReferencePrice:
      record.symbol = change.symbol;
      break;
    case ControlType::SetCircuitBreaker:
      record.symbol = change.symbol;
      record.breaker = change.breaker;
      break;
    case ControlType::SetDefaultCircuitBreaker:
      record.breaker = change.breaker;
      break;
    case ControlType::SetKillSwitch:
      record.account = change.account;
      record.kill_switch = change.kill_switch;
      break;
    case ControlType::SetGlobalKillSwitch:
      record.kill_switch = change.kill_switch;
      break;
    default:
      break;
  }
  return record;
}

}  // namespace

Engine::Engine(EngineOptions options) : options_(std::move(options)), router_(options_.router) {
  options_.internal_venue.internal = true;
  router_.add_venue(options_.internal_venue, std::make_shared<InternalBookVenue<MatchingEngine>>(matching_));
}

Engine::~Engine() = default;

SubmitResult Engine::refuse(const Command& command, ResultCode code, std::vector<EngineEvent>& out) {
  EngineEvent e;
  e.type = EngineEventType::Rejected;
  e.side = command.side;
  e.code = code;
  e.symbol = command.symbol;
  e.timestamp = command.timestamp;
  e.order_id = command.order_id;
  e.account = command.account;
  e.price = command.price;
  e.quantity = command.quantity;
  out.push_back(e);
  return SubmitResult{code, 0};
}

SubmitResult Engine::refuse_risk(const Command& command, const RiskDecision& decision, std::vector<EngineEvent>& out) {
  const SubmitResult result = refuse(command, decision.code, out);
  EngineEvent& e = out.back();
  e.limit = decision.limit;
  e.scope = decision.scope;
  e.limit_value = decision.limit_value;
  e.attempted_value = decision.attempted_value;
  return result;
}

SubmitResult Engine::refuse_child(OrderId child_id, ResultCode code, Timestamp timestamp, std::vector<EngineEvent>& out) {
  EngineEvent e;
  e.type = EngineEventType::Rejected;
  e.code = code;
  e.timestamp = timestamp;
  e.order_id = child_id;
  const ParentOrder* parent = nullptr;
  if (const ChildOrder* child = find_child(child_id, &parent)) {
    e.parent_id = parent->parent_id;
    e.account = parent->account;
    e.symbol = parent->symbol;
    e.side = parent->side;
    e.venue = child->venue;
  }
  out.push_back(e);
  return SubmitResult{code, 0};
}

// Appends `count` records (one write) and returns the last sequence, or 0 after stopping the engine.
Sequence Engine::journal(const JournalRecord* records, std::size_t count) {
  if (!journal_) {
    last_sequence_ += count;
    return last_sequence_;
  }
  const JournalAppendResult appended = count == 1 && records[0].kind == JournalEntryKind::Command
                                           ? journal_->append(records[0].command)
                                           : journal_->append_records(records, count);
  if (appended.code != ResultCode::Ok) {
    failure_ = appended.code;
    failure_detail_ = journal_->last_error();
    return 0;
  }
  last_sequence_ = appended.sequence;
  records_since_snapshot_ += count;
  return last_sequence_;
}

SubmitResult Engine::finish(Sequence sequence, ResultCode code) {
  maybe_snapshot();
  return SubmitResult{code, sequence};
}

SubmitResult Engine::submit(const Command& command, std::vector<EngineEvent>& out) {
  if (failure_ != ResultCode::Ok) return SubmitResult{failure_, 0};
  if (!command_encodable(command)) {
    const bool known_type = static_cast<std::uint8_t>(command.type) >= static_cast<std::uint8_t>(CommandType::NewOrder) &&
                            static_cast<std::uint8_t>(command.type) <= static_cast<std::uint8_t>(CommandType::ResumeSymbol);
    return refuse(command, known_type ? ResultCode::BookInvalidOrder : ResultCode::BookUnknownCommand, out);
  }
  switch (command.type) {
    case CommandType::NewOrder:
      return submit_new_order(command, out);
    case CommandType::Cancel: {
      const ParentOrder* parent = router_.tracker().find(command.order_id);
      if (parent != nullptr && parent->symbol == command.symbol) {
        if (parent->account != command.account) return refuse(command, ResultCode::BookWrongOwner, out);
      } else if (const ParentOrder* child_parent = nullptr;
                 find_child(command.order_id, &child_parent) != nullptr && child_parent->symbol == command.symbol) {
        if (child_parent->account != command.account) return refuse(command, ResultCode::BookWrongOwner, out);
      } else {
        const auto order = matching_.find_order(command.symbol, command.order_id);
        if (!order) return refuse(command, ResultCode::BookUnknownOrder, out);
        if (order->order.account != command.account) return refuse(command, ResultCode::BookWrongOwner, out);
      }
      break;
    }
    case CommandType::Replace: {
      const ParentOrder* parent = router_.tracker().find(command.order_id);
      const ParentOrder* child_parent = nullptr;
      const ChildOrder* child = find_child(command.order_id, &child_parent);
      // The router tracks children at their planned quantity, so routed orders are never amended.
      if ((parent != nullptr && parent->symbol == command.symbol) || child != nullptr) {
        return refuse(command, ResultCode::RouteUnsupportedRequest, out);
      }
      const RiskDecision decision = risk_.check(command);
      if (!decision.ok()) return refuse_risk(command, decision, out);
      break;
    }
    default:
      break;
  }
  JournalRecord record;
  record.command = command;
  const Sequence sequence = journal(&record, 1);
  if (sequence == 0) return SubmitResult{failure_, 0};
  const ResultCode code = apply_command(command, out);
  return finish(sequence, code);
}

SubmitResult Engine::submit_new_order(const Command& command, std::vector<EngineEvent>& out) {
  if (const ResultCode code = validate_new_order(command); code != ResultCode::Ok) return refuse(command, code, out);
  const RiskDecision decision = risk_.check(command);
  if (!decision.ok()) return refuse_risk(command, decision, out);
  if (router_.external_venue_count() > 0) {
    RoutingPlan plan = router_.plan(command);
    if (plan.code != ResultCode::Ok) return refuse(command, plan.code, out);
    const bool external = std::any_of(plan.children.begin(), plan.children.end(),
                                      [this](const ChildOrder& child) { return !is_internal(child.venue); });
    // A plan that stays on the internal book is the order itself: no child ids, no tracking.
    if (external) return submit_routed(command, plan, out);
  }
  JournalRecord record;
  record.command = command;
  const Sequence sequence = journal(&record, 1);
  if (sequence == 0) return SubmitResult{failure_, 0};
  const ResultCode code = apply_command(command, out);
  return finish(sequence, code);
}

SubmitResult Engine::submit_routed(const Command& command, RoutingPlan& plan, std::vector<EngineEvent>& out) {
  // Child ids are allocated sequentially at commit, so the journal can name them before apply.
  records_.clear();
  JournalRecord begin;
  begin.kind = JournalEntryKind::Control;
  begin.control.type = ControlType::RouteBegin;
  begin.control.timestamp = command.timestamp;
  begin.control.order_id = command.order_id;
  begin.control.count = static_cast<std::uint32_t>(plan.children.size());
  records_.push_back(begin);
  JournalRecord parent;
  parent.command = command;
  records_.push_back(parent);
  OrderId next_id = router_.next_child_id();
  for (const ChildOrder& child : plan.children) {
    JournalRecord record;
    record.kind = JournalEntryKind::Control;
    ControlRecord& c = record.control;
    c.type = ControlType::RouteChild;
    c.timestamp = command.timestamp;
    c.order_id = next_id++;
    c.venue = child.venue;
    c.child_kind = child.kind;
    c.price = child.limit_price;
    c.quantity = child.quantity;
    c.effective_price = child.effective_price;
    records_.push_back(record);
  }
  const Sequence sequence = journal(records_.data(), records_.size());
  if (sequence == 0) return SubmitResult{failure_, 0};
  const ResultCode code = apply_route(command, plan, out);
  return finish(sequence, code);
}

SubmitResult Engine::configure(const ControlRecord& change, std::vector<EngineEvent>& out) {
  if (failure_ != ResultCode::Ok) return SubmitResult{failure_, 0};
  if (!valid_config(change)) return SubmitResult{ResultCode::RiskInvalidLimit, 0};
  JournalRecord record;
  record.kind = JournalEntryKind::Control;
  record.control = canonical_config(change);
  const Sequence sequence = journal(&record, 1);
  if (sequence == 0) return SubmitResult{failure_, 0};
  const ResultCode code = apply_config(record.control, out);
  return finish(sequence, code);
}

SubmitResult Engine::external_fill(OrderId child_id, Price price, Quantity quantity, Timestamp timestamp,
                                   std::vector<EngineEvent>& out) {
  if (failure_ != ResultCode::Ok) return SubmitResult{failure_, 0};
  const ParentOrder* parent = nullptr;
  const ChildOrder* child = find_child(child_id, &parent);
  if (child == nullptr) return refuse_child(child_id, ResultCode::RouteUnknownOrder, timestamp, out);
  const bool beyond_limit = child->limit_price > 0 && !crosses(parent->side, child->limit_price, price);
  if (is_internal(child->venue) || child->done || price <= 0 || price > kMaxPrice || quantity <= 0 ||
      quantity > child->quantity - child->filled || beyond_limit) {
    return refuse_child(child_id, ResultCode::RouteInvalidOrder, timestamp, out);
  }
  JournalRecord record;
  record.kind = JournalEntryKind::Control;
  record.control.type = ControlType::ExternalFill;
  record.control.timestamp = timestamp;
  record.control.order_id = child_id;
  record.control.price = price;
  record.control.quantity = quantity;
  const Sequence sequence = journal(&record, 1);
  if (sequence == 0) return SubmitResult{failure_, 0};
  const ResultCode code = apply_external_fill(record.control, out);
  return finish(sequence, code);
}

SubmitResult Engine::external_done(OrderId child_id, Timestamp timestamp, std::vector<EngineEvent>& out) {
  if (failure_ != ResultCode::Ok) return SubmitResult{failure_, 0};
  const ParentOrder* parent = nullptr;
  const ChildOrder* child = find_child(child_id, &parent);
  if (child == nullptr) return refuse_child(child_id, ResultCode::RouteUnknownOrder, timestamp, out);
  if (is_internal(child->venue) || child->done) {
    return refuse_child(child_id, ResultCode::RouteInvalidOrder, timestamp, out);
  }
  JournalRecord record;
  record.kind = JournalEntryKind::Control;
  record.control.type = ControlType::ExternalDone;
  record.control.timestamp = timestamp;
  record.control.order_id = child_id;
  const Sequence sequence = journal(&record, 1);
  if (sequence == 0) return SubmitResult{failure_, 0};
  const ResultCode code = apply_external_done(record.control, out);
  return finish(sequence, code);
}

ResultCode Engine::add_venue(const VenueConfig& config) {
  if (config.internal || config.id == options_.internal_venue.id) return ResultCode::RouteInvalidVenue;
  auto adapter = std::make_shared<StaticVenueAdapter>();
  const ResultCode code = router_.add_venue(config, adapter);
  if (code == ResultCode::Ok) venues_.emplace_back(config.id, std::move(adapter));
  return code;
}

ResultCode Engine::remove_venue(VenueId id) {
  const auto it = std::find_if(venues_.begin(), venues_.end(), [id](const auto& v) { return v.first == id; });
  if (it == venues_.end()) return ResultCode::RouteNoVenue;
  venues_.erase(it);
  return router_.remove_venue(id);
}

ResultCode Engine::set_venue_depth(VenueId id, SymbolId symbol, std::vector<VenueLevel> bids,
                                   std::vector<VenueLevel> asks) {
  for (auto& [venue, adapter] : venues_) {
    if (venue != id) continue;
    adapter->set_depth(symbol, std::move(bids), std::move(asks));
    return ResultCode::Ok;
  }
  return ResultCode::RouteNoVenue;
}

ResultCode Engine::set_venue_status(VenueId id, SymbolId symbol, VenueStatus status) {
  for (auto& [venue, adapter] : venues_) {
    if (venue != id) continue;
    adapter->set_status(symbol, status);
    return ResultCode::Ok;
  }
  return ResultCode::RouteNoVenue;
}

ResultCode Engine::set_venue_enabled(VenueId id, bool enabled) {
  // The book is always reachable: without external venues orders bypass the router anyway, so a
  // disabled internal venue would mean something different with and without them. Halt symbols instead.
  if (is_internal(id)) return ResultCode::RouteInvalidVenue;
  return router_.set_enabled(id, enabled);
}

ResultCode Engine::set_venue_latency(VenueId id, std::int64_t latency_ns) { return router_.set_latency(id, latency_ns); }

ResultCode Engine::commit() {
  if (failure_ != ResultCode::Ok) return failure_;
  if (!journal_) return ResultCode::Ok;
  const ResultCode code = journal_->flush();
  if (code != ResultCode::Ok) {
    failure_ = code;
    failure_detail_ = journal_->last_error();
  }
  return code;
}

ResultCode Engine::poll() {
  if (failure_ != ResultCode::Ok) return failure_;
  if (!journal_) return ResultCode::Ok;
  const ResultCode code = journal_->poll();
  if (code != ResultCode::Ok) {
    failure_ = code;
    failure_detail_ = journal_->last_error();
  }
  return code;
}

Sequence Engine::durable_sequence() const noexcept {
  return journal_ ? journal_->durable_sequence() : last_sequence_;
}

EngineStateHashes Engine::state_hashes() const {
  EngineStateHashes hashes;
  hashes.matching = matching_.state_hash();
  hashes.risk = risk_.state_hash();
  std::string router_bytes;
  router_.serialize(router_bytes);
  hashes.router = fnv1a(router_bytes);
  hashes.combined = mix(mix(mix(0xcbf29ce484222325ull, hashes.matching), hashes.risk), hashes.router);
  return hashes;
}

}  // namespace kestrel::engine
