// Engine application: the deterministic state changes of journaled requests. Live requests and
// journal replay both come through here, so everything derived from a request — book events, risk
// and router updates, breaker halts, kill-switch and parent cancels — is recomputed identically on
// replay instead of being journaled.
#include <utility>

#include "kestrel/engine/codec_int128.h"
#include "kestrel/engine/engine.h"

namespace kestrel::engine {

OrderId Engine::parent_of(OrderId order_id) const {
  if (order_id < options_.router.first_child_id || router_.tracker().size() == 0) return 0;
  const auto parent = router_.tracker().parent_of(order_id);
  return parent ? *parent : 0;
}

const ChildOrder* Engine::find_child(OrderId child_id, const ParentOrder** parent) const {
  const auto parent_id = router_.tracker().parent_of(child_id);
  if (!parent_id) return nullptr;
  const ParentOrder* found = router_.tracker().find(*parent_id);
  for (const ChildOrder& child : found->children) {
    if (child.child_id == child_id) {
      *parent = found;
      return &child;
    }
  }
  return nullptr;
}

Command Engine::child_command(const Command& parent, const ChildOrder& child) {
  Command command = parent;
  command.order_id = child.child_id;
  command.quantity = child.quantity;
  if (child.kind == ChildKind::Take) {
    command.order_type = OrderType::Limit;
    command.tif = TimeInForce::IOC;
    command.flags = kFlagNone;
    command.price = child.limit_price;
    command.stop_price = 0;
    command.display_quantity = 0;
    command.expire_at = 0;
  } else if (command.display_quantity >= child.quantity) {
    command.display_quantity = 0;  // the peak covers the whole child: not an iceberg
  }
  return command;
}

void Engine::fold(const Event& event, std::vector<EngineEvent>& out) {
  EngineEvent e;
  e.type = static_cast<EngineEventType>(event.type);
  e.side = event.side;
  e.code = event.code;
  e.symbol = event.symbol;
  e.sequence = event.sequence;
  e.timestamp = event.timestamp;
  e.order_id = event.order_id;
  e.account = event.account;
  e.counter_order_id = event.counter_order_id;
  e.counter_account = event.counter_account;
  e.price = event.price;
  e.quantity = event.quantity;
  e.remaining = event.remaining;
  e.counter_remaining = event.counter_remaining;
  // Looked up before the router folds the event: the event that finishes a parent removes it.
  e.parent_id = parent_of(event.order_id);
  e.counter_parent_id = parent_of(event.counter_order_id);
  out.push_back(e);
  const RiskUpdate update = risk_.on_event(event);
  if (update.circuit_breaker_tripped) trips_.push_back(update);
  if (e.parent_id != 0 || e.counter_parent_id != 0) {
    for (const ChildUpdate& child : router_.on_event(event)) {
      if (child.parent_done) emit_route_done(child, event.timestamp, out);
    }
  }
}

void Engine::emit_route_done(const ChildUpdate& update, Timestamp timestamp, std::vector<EngineEvent>& out) {
  const ParentOrder& parent = *update.parent;
  EngineEvent e;
  e.type = EngineEventType::RouteDone;
  e.side = parent.side;
  e.symbol = parent.symbol;
  e.timestamp = timestamp;
  e.order_id = parent.parent_id;
  e.account = parent.account;
  e.quantity = parent.filled;
  e.parent_quantity = parent.quantity;
  e.filled_notional = saturate_to_i64(parent.filled_notional);
  out.push_back(e);
}

ResultCode Engine::process_book(const Command& command, std::vector<EngineEvent>& out) {
  book_events_.clear();
  trips_.clear();
  const ResultCode code = matching_.process(command, book_events_);
  for (const Event& event : book_events_) fold(event, out);
  // Trips are acted on once the command has completed, like the book's own stop elections.
  for (const RiskUpdate& trip : trips_) {
    if (!matching_.halted(trip.symbol)) {
      Command halt;
      halt.type = CommandType::HaltSymbol;
      halt.symbol = trip.symbol;
      halt.timestamp = command.timestamp;
      book_events_.clear();
      matching_.process(halt, book_events_);  // a halt emits no events
    }
    EngineEvent e;
    e.type = EngineEventType::CircuitBreakerTripped;
    e.symbol = trip.symbol;
    e.timestamp = command.timestamp;
    e.halted_until = trip.halted_until;
    e.move_bps = trip.move_bps;
    out.push_back(e);
  }
  return code;
}

void Engine::cancel_order(const Command& cancel, std::vector<EngineEvent>& out) {
  const ParentOrder* parent = nullptr;
  const ChildOrder* child = find_child(cancel.order_id, &parent);
  if (child != nullptr && !is_internal(child->venue)) {
    // The venue adapter cancels it; the child stays open until external_done() reports the end.
    EngineEvent e;
    e.type = EngineEventType::RouteCancel;
    e.side = parent->side;
    e.symbol = parent->symbol;
    e.venue = child->venue;
    e.timestamp = cancel.timestamp;
    e.order_id = child->child_id;
    e.account = parent->account;
    e.parent_id = parent->parent_id;
    e.quantity = child->quantity - child->filled;
    out.push_back(e);
    return;
  }
  process_book(cancel, out);
}

ResultCode Engine::apply_command(const Command& command, std::vector<EngineEvent>& out) {
  if (command.type == CommandType::Cancel) {
    const ParentOrder* parent = router_.tracker().find(command.order_id);
    if (parent != nullptr && parent->symbol == command.symbol) {
      for (const ChildOrder& child : router_.tracker().open_children(command.order_id)) {
        Command cancel = command;
        cancel.order_id = child.child_id;
        cancel_order(cancel, out);
      }
      return ResultCode::Ok;
    }
    const ParentOrder* child_parent = nullptr;
    const ChildOrder* child = find_child(command.order_id, &child_parent);
    if (child != nullptr && !is_internal(child->venue)) {
      cancel_order(command, out);
      return ResultCode::Ok;
    }
  }
  return process_book(command, out);
}

ResultCode Engine::apply_config(const ControlRecord& change, std::vector<EngineEvent>& out) {
  std::vector<Command> cancels;
  ResultCode code = ResultCode::Ok;
  switch (change.type) {
    case ControlType::SetDefaultLimits:
      code = risk_.set_default_limits(change.limits);
      break;
    case ControlType::SetAccountLimits:
      code = risk_.set_account_limits(change.account, change.limits);
      break;
    case ControlType::ClearAccountLimits:
      risk_.clear_account_limits(change.account);
      break;
    case ControlType::SetGlobalLimits:
      code = risk_.set_global_limits(change.limits);
      break;
    case ControlType::SetReferencePrice:
      code = risk_.set_reference_price(change.symbol, change.price);
      break;
    case ControlType::ClearReferencePrice:
      risk_.clear_reference_price(change.symbol);
      break;
    case ControlType::SetDefaultCircuitBreaker:
      code = risk_.set_default_circuit_breaker(change.breaker);
      break;
    case ControlType::SetCircuitBreaker:
      code = risk_.set_circuit_breaker(change.symbol, change.breaker);
      break;
    case ControlType::SetKillSwitch:
      cancels = risk_.set_kill_switch(change.account, change.kill_switch, change.timestamp);
      break;
    case ControlType::SetGlobalKillSwitch:
      cancels = risk_.set_global_kill_switch(change.kill_switch, change.timestamp);
      break;
    case ControlType::StartNewDay:
      risk_.start_new_day();
      break;
    default:
      return ResultCode::RiskInvalidLimit;
  }
  for (const Command& cancel : cancels) cancel_order(cancel, out);
  return code;
}

ResultCode Engine::apply_route(const Command& parent, RoutingPlan& plan, std::vector<EngineEvent>& out) {
  if (const ResultCode code = router_.commit(parent, plan); code != ResultCode::Ok) return code;
  // External children count as open orders for the risk manager from the moment they are routed.
  for (const ChildOrder& child : plan.children) {
    if (is_internal(child.venue)) continue;
    Event accepted;
    accepted.type = EventType::Accepted;
    accepted.side = parent.side;
    accepted.symbol = parent.symbol;
    accepted.timestamp = parent.timestamp;
    accepted.order_id = child.child_id;
    accepted.account = parent.account;
    accepted.price = child.limit_price;
    accepted.quantity = child.quantity;
    accepted.remaining = child.quantity;
    risk_.on_event(accepted);
  }
  for (const ChildOrder& child : plan.children) {
    const Command command = child_command(parent, child);
    if (is_internal(child.venue)) {
      process_book(command, out);
      continue;
    }
    EngineEvent e;
    e.type = EngineEventType::RouteOrder;
    e.side = command.side;
    e.symbol = command.symbol;
    e.venue = child.venue;
    e.timestamp = command.timestamp;
    e.order_id = child.child_id;
    e.account = command.account;
    e.parent_id = parent.order_id;
    e.price = command.price;
    e.quantity = command.quantity;
    e.order_type = command.order_type;
    e.tif = command.tif;
    e.flags = command.flags;
    e.child_kind = child.kind;
    e.display_quantity = command.display_quantity;
    e.expire_at = command.expire_at;
    out.push_back(e);
  }
  return ResultCode::Ok;
}

ResultCode Engine::apply_external_fill(const ControlRecord& fill, std::vector<EngineEvent>& out) {
  const ParentOrder* parent = nullptr;
  const ChildOrder* child = find_child(fill.order_id, &parent);
  if (child == nullptr) return ResultCode::RouteUnknownOrder;
  EngineEvent e;
  e.type = EngineEventType::ExternalFill;
  e.side = parent->side;
  e.symbol = parent->symbol;
  e.venue = child->venue;
  e.timestamp = fill.timestamp;
  e.order_id = child->child_id;
  e.account = parent->account;
  e.parent_id = parent->parent_id;
  e.price = fill.price;
  e.quantity = fill.quantity;
  e.remaining = child->quantity - child->filled - fill.quantity;
  const ChildUpdate update = router_.on_child_fill(fill.order_id, fill.price, fill.quantity);
  if (update.code != ResultCode::Ok) return update.code;
  risk_.on_external_fill(e.account, e.symbol, e.side, fill.price, fill.quantity);
  Event open;  // the child's open quantity shrinks; at zero the risk manager forgets it
  open.type = EventType::Replaced;
  open.side = e.side;
  open.symbol = e.symbol;
  open.timestamp = fill.timestamp;
  open.order_id = e.order_id;
  open.account = e.account;
  open.remaining = e.remaining;
  risk_.on_event(open);
  out.push_back(e);
  if (update.parent_done) emit_route_done(update, fill.timestamp, out);
  return ResultCode::Ok;
}

ResultCode Engine::apply_external_done(const ControlRecord& done, std::vector<EngineEvent>& out) {
  const ParentOrder* parent = nullptr;
  const ChildOrder* child = find_child(done.order_id, &parent);
  if (child == nullptr) return ResultCode::RouteUnknownOrder;
  EngineEvent e;
  e.type = EngineEventType::ExternalDone;
  e.side = parent->side;
  e.symbol = parent->symbol;
  e.venue = child->venue;
  e.timestamp = done.timestamp;
  e.order_id = child->child_id;
  e.account = parent->account;
  e.parent_id = parent->parent_id;
  e.remaining = child->quantity - child->filled;
  Event cancelled;
  cancelled.type = EventType::Cancelled;
  cancelled.side = e.side;
  cancelled.symbol = e.symbol;
  cancelled.timestamp = done.timestamp;
  cancelled.order_id = e.order_id;
  cancelled.account = e.account;
  const ChildUpdate update = router_.on_child_done(done.order_id);
  if (update.code != ResultCode::Ok) return update.code;
  risk_.on_event(cancelled);
  out.push_back(e);
  if (update.parent_done) emit_route_done(update, done.timestamp, out);
  return ResultCode::Ok;
}

}  // namespace kestrel::engine
