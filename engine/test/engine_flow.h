// A seeded request flow for the Engine durability tests: orders, cancels and replaces on three
// symbols and six accounts; risk configuration changes (limits, reference prices, a circuit breaker,
// kill switches, new days); an external venue whose quotes make the router split orders, with fills
// and completions of the external children; time advances, session ends, halts and resumes.
// The generator drives a real in-memory Engine, so cancels, fills and resumes target orders and
// children that exist, and it records after every request the reference state (hashes and last
// journal sequence) of an uninterrupted run — what recovery must reproduce.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kestrel/engine/engine.h"
#include "kestrel/engine/text_protocol.h"

namespace kestrel::engine::testing {

/** One request of the flow, in the form of a serve-stdin protocol line. */
struct FlowRequest {
  ProtocolLine line;
  std::string text;  // the protocol line
  bool is_entry() const { return line.kind == LineKind::Command || line.kind == LineKind::Control; }
};

/** The state an uninterrupted run reaches after a request, and the request's own result. */
struct FlowState {
  EngineStateHashes hashes;
  Sequence last_sequence = 0;
  SubmitResult result;  // for entries: what the ack must say
};

/** Applies one request to `engine` (entries through submit_line, venue lines as configuration). */
inline SubmitResult apply_flow_request(Engine& engine, const FlowRequest& request, std::vector<EngineEvent>& events) {
  switch (request.line.kind) {
    case LineKind::Command:
    case LineKind::Control:
      return submit_line(engine, request.line, events);
    case LineKind::Venue:
      return SubmitResult{engine.add_venue(request.line.venue), 0};
    case LineKind::Depth:
      return SubmitResult{engine.set_venue_depth(request.line.venue_id, request.line.symbol, request.line.bids,
                                                 request.line.asks),
                          0};
    default:
      return SubmitResult{};
  }
}

/** Generates `count` requests from `seed`; `states[i]` is the reference state after requests[0..i]. */
class FlowGenerator {
 public:
  explicit FlowGenerator(std::uint64_t seed) : random_(seed) {
    engine_ = std::move(Engine::open(EngineOptions{}).engine);
  }

  std::vector<FlowRequest> generate(std::size_t count, std::vector<FlowState>* states) {
    std::vector<FlowRequest> requests;
    auto push = [&](ProtocolLine line) {
      FlowRequest request;
      request.line = std::move(line);
      request.text = text_of(request.line);
      events_.clear();
      const SubmitResult result = apply_flow_request(*engine_, request, events_);
      if (request.is_entry()) ++outcomes_[result.code];
      observe(request.line);
      requests.push_back(std::move(request));
      if (states != nullptr) states->push_back(FlowState{engine_->state_hashes(), engine_->last_sequence(), result});
    };
    for (ProtocolLine& line : setup()) push(std::move(line));
    while (requests.size() < count) push(next());
    return requests;
  }

  /** The generator's engine after the flow (the uninterrupted run). */
  Engine& engine() { return *engine_; }
  /** Routed children the flow saw (RouteOrder events), to check that routing was exercised. */
  std::size_t routed_children() const { return routed_children_; }
  std::size_t breaker_trips() const { return breaker_trips_; }
  /** How many entry requests ended with each code. */
  const std::map<ResultCode, std::size_t>& outcomes() const { return outcomes_; }
  std::size_t kill_switch_cancels() const { return kill_switch_cancels_; }

 private:
  static std::string text_of(const ProtocolLine& line) {
    switch (line.kind) {
      case LineKind::Command: return command_line(line.command);
      case LineKind::Control: return control_line(line.control);
      case LineKind::Venue: return venue_line(line.venue);
      case LineKind::Depth: return depth_line(line.venue_id, line.symbol, line.bids, line.asks);
      default: return "";
    }
  }

  static ProtocolLine command(const Command& c) {
    ProtocolLine line;
    line.kind = LineKind::Command;
    line.command = c;
    return line;
  }

  static ProtocolLine control(const ControlRecord& c) {
    ProtocolLine line;
    line.kind = LineKind::Control;
    line.control = c;
    return line;
  }

  std::vector<ProtocolLine> setup() {
    std::vector<ProtocolLine> lines;
    ControlRecord limits;
    limits.type = ControlType::SetDefaultLimits;
    limits.limits.max_order_quantity = 45;
    limits.limits.max_position = 260;
    limits.limits.max_open_orders = 40;
    limits.limits.price_collar_bps = 400;
    lines.push_back(control(limits));
    for (SymbolId symbol = 1; symbol <= 3; ++symbol) {
      ControlRecord reference;
      reference.type = ControlType::SetReferencePrice;
      reference.symbol = symbol;
      reference.price = 1'000;
      lines.push_back(control(reference));
    }
    ControlRecord breaker;
    breaker.type = ControlType::SetCircuitBreaker;
    breaker.symbol = 3;
    breaker.breaker = CircuitBreakerConfig{60, 40'000, 30'000};
    lines.push_back(control(breaker));
    ProtocolLine venue;
    venue.kind = LineKind::Venue;
    venue.venue = VenueConfig{1, "venue-1", FeeSchedule{2, -1, 0, 0}, 300'000, false};
    lines.push_back(venue);
    return lines;
  }

  std::uint64_t roll(std::uint64_t n) { return random_() % n; }

  ProtocolLine next() {
    now_ += 1'000 + static_cast<Timestamp>(roll(2'000));
    const std::uint64_t r = roll(1000);
    if (r < 40) return depth();
    if (r < 90 && !children_.empty()) return external();
    if (r < 110) return config();
    if (r < 125) return session();
    if (r < 520 || live_.empty()) return new_order();
    return cancel_or_replace(r < 800);
  }

  ProtocolLine depth() {
    ProtocolLine line;
    line.kind = LineKind::Depth;
    line.venue_id = 1;
    line.symbol = 1 + static_cast<SymbolId>(roll(2));
    const Price mid = 995 + static_cast<Price>(roll(11));
    for (int level = 0; level < 3; ++level) {
      line.bids.push_back(VenueLevel{mid - 1 - level, 1 + static_cast<Quantity>(roll(15))});
      line.asks.push_back(VenueLevel{mid + 1 + level, 1 + static_cast<Quantity>(roll(15))});
    }
    if (roll(8) == 0) line.asks.clear();
    return line;
  }

  ProtocolLine external() {
    auto it = children_.begin();
    std::advance(it, static_cast<long>(roll(children_.size())));
    ControlRecord c;
    c.timestamp = now_;
    c.order_id = it->first;
    if (roll(4) == 0) {
      c.type = ControlType::ExternalDone;
    } else {
      c.type = ControlType::ExternalFill;
      c.quantity = 1 + static_cast<Quantity>(roll(static_cast<std::uint64_t>(it->second.open)));
      c.price = it->second.price;
      if (roll(5) == 0) c.quantity = it->second.open + 1;  // an over-fill: refused, nothing journaled
    }
    return control(c);
  }

  ProtocolLine config() {
    ControlRecord c;
    c.timestamp = now_;
    const std::uint64_t r = roll(8);
    if (r == 0) {
      c.type = ControlType::SetAccountLimits;
      c.account = 1 + roll(6);
      c.limits.max_position = 80 + static_cast<std::int64_t>(roll(200));
      if (roll(2) == 0) c.limits.max_order_notional = 20'000 + static_cast<std::int64_t>(roll(30'000));
    } else if (r == 1) {
      c.type = ControlType::ClearAccountLimits;
      c.account = 1 + roll(6);
    } else if (r == 2 || r == 3) {
      c.type = ControlType::SetKillSwitch;
      c.account = 1 + roll(6);
      c.kill_switch = r == 2 ? KillSwitchMode::CancelAll : KillSwitchMode::Off;
      if (r == 2) killed_.push_back(c.account);
    } else if (r == 4 && !killed_.empty()) {
      c.type = ControlType::SetKillSwitch;
      c.account = killed_.back();
      killed_.pop_back();
      c.kill_switch = KillSwitchMode::Off;
    } else if (r == 5) {
      c.type = ControlType::StartNewDay;
    } else if (r == 6) {
      c.type = ControlType::SetReferencePrice;
      c.symbol = 1 + static_cast<SymbolId>(roll(3));
      c.price = 990 + static_cast<Price>(roll(21));
    } else {
      c.type = ControlType::SetGlobalLimits;
      c.limits.max_open_orders = roll(10) == 0 ? 5 : 400;  // sometimes tight: exercises global denials
    }
    return control(c);
  }

  ProtocolLine session() {
    Command c;
    c.timestamp = now_;
    const std::uint64_t r = roll(10);
    if (!halted_.empty() && r < 6) {
      c.type = CommandType::ResumeSymbol;
      c.symbol = halted_.back();
      halted_.pop_back();
    } else if (r < 8) {
      c.type = CommandType::AdvanceTime;
    } else if (r == 8) {
      c.type = CommandType::EndSession;
      c.symbol = static_cast<SymbolId>(roll(4));
    } else {
      c.type = CommandType::HaltSymbol;
      c.symbol = 1 + static_cast<SymbolId>(roll(3));
      halted_.push_back(c.symbol);
    }
    return command(c);
  }

  ProtocolLine new_order() {
    Command c;
    c.type = CommandType::NewOrder;
    c.timestamp = now_;
    c.order_id = next_id_++;
    c.symbol = 1 + static_cast<SymbolId>(roll(3));
    c.account = 1 + roll(6);
    c.side = roll(2) == 0 ? Side::Buy : Side::Sell;
    c.quantity = 1 + static_cast<Quantity>(roll(50));
    const std::uint64_t kind = roll(20);
    if (kind == 0) {
      c.order_type = OrderType::Market;
      c.tif = TimeInForce::IOC;
    } else {
      c.price = 985 + static_cast<Price>(roll(31));
      c.tif = kind < 4 ? TimeInForce::IOC : kind < 6 ? TimeInForce::DAY : TimeInForce::GTC;
      if (kind == 6) {
        c.tif = TimeInForce::GTD;
        c.expire_at = now_ + 5'000 + static_cast<Timestamp>(roll(50'000));
      }
      if (kind == 7) c.flags = kFlagPostOnly;
      if (kind == 8 && c.tif == TimeInForce::GTC) c.display_quantity = 1 + c.quantity / 4;
      if (kind == 9) c.stp = StpMode::CancelNewest;
      if (kind == 10) {
        c.order_type = OrderType::StopLimit;
        c.stop_price = c.side == Side::Buy ? c.price - 3 : c.price + 3;
      }
    }
    return command(c);
  }

  ProtocolLine cancel_or_replace(bool cancel) {
    auto it = live_.begin();
    std::advance(it, static_cast<long>(roll(live_.size())));
    if (!cancel && it->second.parent) cancel = roll(4) != 0;  // replacing a routed parent is refused
    const OrderId id = it->first;
    const Live order = it->second;
    Command c;
    c.type = cancel ? CommandType::Cancel : CommandType::Replace;
    c.timestamp = now_;
    c.symbol = order.symbol;
    c.order_id = id;
    c.account = roll(30) == 0 ? order.account % 6 + 1 : order.account;  // sometimes the wrong owner
    if (roll(40) == 0) c.order_id += 1'000'000;                         // sometimes an unknown order
    if (!cancel) {
      c.price = 985 + static_cast<Price>(roll(31));
      c.quantity = roll(3) == 0 ? 1 + static_cast<Quantity>(roll(40)) : 0;
    }
    return command(c);
  }

  // Tracks external children and halts from what the engine reported for the last request.
  void observe(const ProtocolLine& line) {
    const bool kill_switch = line.kind == LineKind::Control && line.control.type == ControlType::SetKillSwitch;
    const OrderId first_child = engine_->options().router.first_child_id;
    for (const EngineEvent& e : events_) {
      // Client orders (and routed parents) that can still be cancelled or replaced.
      if (e.type == EngineEventType::Accepted && e.order_id < first_child && e.remaining > 0) {
        live_[e.order_id] = Live{e.symbol, e.account, false};
      }
      if (e.type == EngineEventType::RouteOrder) live_[e.parent_id] = Live{e.symbol, e.account, true};
      if (e.type == EngineEventType::RouteDone || e.type == EngineEventType::Cancelled ||
          e.type == EngineEventType::Expired || (e.type == EngineEventType::Trade && e.remaining == 0)) {
        live_.erase(e.order_id);
      }
      if (e.type == EngineEventType::Trade && e.counter_remaining == 0) live_.erase(e.counter_order_id);
      switch (e.type) {
        case EngineEventType::RouteOrder:
          children_[e.order_id] = Child{e.price, e.quantity};
          ++routed_children_;
          break;
        case EngineEventType::ExternalFill:
          if (e.remaining == 0) {
            children_.erase(e.order_id);
          } else {
            children_[e.order_id].open = e.remaining;
          }
          break;
        case EngineEventType::ExternalDone:
          children_.erase(e.order_id);
          break;
        case EngineEventType::CircuitBreakerTripped:
          halted_.push_back(e.symbol);
          ++breaker_trips_;
          break;
        case EngineEventType::Cancelled:
        case EngineEventType::RouteCancel:
          if (kill_switch) ++kill_switch_cancels_;
          break;
        default:
          break;
      }
    }
  }

  struct Child {
    Price price = 0;
    Quantity open = 0;
  };
  struct Live {
    SymbolId symbol = 0;
    AccountId account = 0;
    bool parent = false;  // a routed parent (tracked by the router, not resting under its own id)
  };

  std::mt19937_64 random_;
  std::unique_ptr<Engine> engine_;
  std::vector<EngineEvent> events_;
  Timestamp now_ = 1'700'000'000'000'000'000;
  OrderId next_id_ = 1;
  std::map<OrderId, Live> live_;
  std::map<OrderId, Child> children_;
  std::vector<SymbolId> halted_;
  std::vector<AccountId> killed_;
  std::map<ResultCode, std::size_t> outcomes_;
  std::size_t routed_children_ = 0;
  std::size_t breaker_trips_ = 0;
  std::size_t kill_switch_cancels_ = 0;
};

}  // namespace kestrel::engine::testing
