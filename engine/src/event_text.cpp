// Text rendering of events and commands; see event_text.h.
#include "kestrel/engine/event_text.h"

#include <sstream>

namespace kestrel::engine {

namespace {

const char* name(EventType t) {
  switch (t) {
    case EventType::Accepted: return "Accepted";
    case EventType::Rejected: return "Rejected";
    case EventType::Trade: return "Trade";
    case EventType::Cancelled: return "Cancelled";
    case EventType::Replaced: return "Replaced";
    case EventType::Triggered: return "Triggered";
    case EventType::Expired: return "Expired";
  }
  return "EventType?";
}

const char* name(CommandType t) {
  switch (t) {
    case CommandType::NewOrder: return "NewOrder";
    case CommandType::Cancel: return "Cancel";
    case CommandType::Replace: return "Replace";
    case CommandType::AdvanceTime: return "AdvanceTime";
    case CommandType::EndSession: return "EndSession";
    case CommandType::HaltSymbol: return "HaltSymbol";
    case CommandType::ResumeSymbol: return "ResumeSymbol";
  }
  return "CommandType?";
}

const char* name(OrderType t) {
  switch (t) {
    case OrderType::Limit: return "Limit";
    case OrderType::Market: return "Market";
    case OrderType::Stop: return "Stop";
    case OrderType::StopLimit: return "StopLimit";
  }
  return "OrderType?";
}

const char* name(TimeInForce t) {
  switch (t) {
    case TimeInForce::GTC: return "GTC";
    case TimeInForce::DAY: return "DAY";
    case TimeInForce::GTD: return "GTD";
    case TimeInForce::IOC: return "IOC";
    case TimeInForce::FOK: return "FOK";
  }
  return "TIF?";
}

const char* name(Side s) { return s == Side::Buy ? "Buy" : s == Side::Sell ? "Sell" : "Side?"; }

}  // namespace

std::string to_string(const Event& e) {
  std::ostringstream s;
  s << '#' << e.sequence << ' ' << name(e.type) << " sym=" << e.symbol << " id=" << e.order_id
    << " acct=" << e.account << ' ' << name(e.side) << " px=" << e.price << " qty=" << e.quantity
    << " rem=" << e.remaining;
  if (e.counter_order_id != 0) {
    s << " ctr=" << e.counter_order_id << '/' << e.counter_account << " ctr_rem=" << e.counter_remaining;
  }
  s << " t=" << e.timestamp << " code=" << result_code_name(e.code);
  return s.str();
}

std::string to_string(const Command& c) {
  std::ostringstream s;
  s << name(c.type) << " sym=" << c.symbol << " id=" << c.order_id << " acct=" << c.account << ' '
    << name(c.side) << ' ' << name(c.order_type) << ' ' << name(c.tif) << " px=" << c.price
    << " stop=" << c.stop_price << " qty=" << c.quantity << " disp=" << c.display_quantity
    << " stp=" << static_cast<int>(c.stp) << " flags=" << static_cast<int>(c.flags) << " t=" << c.timestamp
    << " exp=" << c.expire_at;
  return s.str();
}

bool same_event(const Event& a, const Event& b) noexcept {
  return a.type == b.type && a.side == b.side && a.code == b.code && a.symbol == b.symbol &&
         a.sequence == b.sequence && a.timestamp == b.timestamp && a.order_id == b.order_id &&
         a.account == b.account && a.counter_order_id == b.counter_order_id &&
         a.counter_account == b.counter_account && a.price == b.price && a.quantity == b.quantity &&
         a.remaining == b.remaining && a.counter_remaining == b.counter_remaining;
}

}  // namespace kestrel::engine
