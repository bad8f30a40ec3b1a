// Control-record codec: each type maps its fields onto the generic layout of codec_control.h.
// Decoding rebuilds the record from the generic fields and then re-encodes it; the input is accepted
// only when the bytes come back identical, which rejects every non-zero unused field or bit without
// a second hand-written list of what each type uses.
#include "kestrel/engine/codec_control.h"

#include <array>

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/codec_command.h"

namespace kestrel::engine {
namespace {

constexpr std::size_t kValueSlots = 6;
constexpr std::uint8_t kBreakerPresent = 1u << 6;

// The type-independent view of the 76 bytes.
struct Generic {
  std::uint8_t type = 0;
  std::uint8_t presence = 0;
  std::uint8_t mode = 0;
  std::uint32_t symbol = 0;
  std::int64_t timestamp = 0;
  std::uint64_t id = 0;
  std::array<std::int64_t, kValueSlots> values{};
  std::uint32_t count = 0;
};

bool is_limits_type(ControlType type) {
  return type == ControlType::SetDefaultLimits || type == ControlType::SetAccountLimits ||
         type == ControlType::SetGlobalLimits;
}

bool is_breaker_type(ControlType type) {
  return type == ControlType::SetDefaultCircuitBreaker || type == ControlType::SetCircuitBreaker;
}

bool known_type(std::uint8_t value) {
  return (value >= static_cast<std::uint8_t>(ControlType::SetDefaultLimits) &&
          value <= static_cast<std::uint8_t>(ControlType::StartNewDay)) ||
         (value >= static_cast<std::uint8_t>(ControlType::RouteBegin) &&
          value <= static_cast<std::uint8_t>(ControlType::ExternalDone));
}

std::array<std::optional<std::int64_t>*, kValueSlots> limit_fields(RiskLimits& limits) {
  return {&limits.max_order_quantity, &limits.max_order_notional, &limits.max_position,
          &limits.max_open_orders,    &limits.max_daily_loss,     &limits.price_collar_bps};
}

Generic to_generic(const ControlRecord& record) {
  Generic g;
  g.type = static_cast<std::uint8_t>(record.type);
  g.timestamp = record.timestamp;
  switch (record.type) {
    case ControlType::SetAccountLimits:
      g.id = record.account;
      [[fallthrough]];
    case ControlType::SetDefaultLimits:
    case ControlType::SetGlobalLimits: {
      RiskLimits limits = record.limits;
      const auto fields = limit_fields(limits);
      for (std::size_t i = 0; i < kValueSlots; ++i) {
        if (*fields[i]) {
          g.presence |= static_cast<std::uint8_t>(1u << i);
          g.values[i] = **fields[i];
        }
      }
      break;
    }
    case ControlType::ClearAccountLimits:
      g.id = record.account;
      break;
    case ControlType::SetReferencePrice:
      g.symbol = record.symbol;
      g.values[0] = record.price;
      break;
    case ControlType::ClearReferencePrice:
      g.symbol = record.symbol;
      break;
    case ControlType::SetCircuitBreaker:
      g.symbol = record.symbol;
      [[fallthrough]];
    case ControlType::SetDefaultCircuitBreaker:
      if (record.breaker) {
        g.presence = kBreakerPresent;
        g.values[0] = record.breaker->move_bps;
        g.values[1] = record.breaker->window_ns;
        g.values[2] = record.breaker->cooldown_ns;
      }
      break;
    case ControlType::SetKillSwitch:
      g.id = record.account;
      [[fallthrough]];
    case ControlType::SetGlobalKillSwitch:
      g.mode = static_cast<std::uint8_t>(record.kill_switch);
      break;
    case ControlType::StartNewDay:
      break;
    case ControlType::RouteBegin:
      g.id = record.order_id;
      g.count = record.count;
      break;
    case ControlType::RouteChild:
      g.id = record.order_id;
      g.count = record.venue;
      g.mode = static_cast<std::uint8_t>(record.child_kind);
      g.values[0] = record.price;
      g.values[1] = record.quantity;
      g.values[2] = record.effective_price;
      break;
    case ControlType::ExternalFill:
      g.id = record.order_id;
      g.values[0] = record.price;
      g.values[1] = record.quantity;
      break;
    case ControlType::ExternalDone:
      g.id = record.order_id;
      break;
  }
  return g;
}

ControlRecord from_generic(const Generic& g) {
  ControlRecord record;
  record.type = static_cast<ControlType>(g.type);
  record.timestamp = g.timestamp;
  const ControlType type = record.type;
  if (is_limits_type(type)) {
    const auto fields = limit_fields(record.limits);
    for (std::size_t i = 0; i < kValueSlots; ++i) {
      if ((g.presence & (1u << i)) != 0) *fields[i] = g.values[i];
    }
  }
  if (is_breaker_type(type) && (g.presence & kBreakerPresent) != 0) {
    record.breaker = CircuitBreakerConfig{g.values[0], g.values[1], g.values[2]};
  }
  switch (type) {
    case ControlType::SetAccountLimits:
    case ControlType::ClearAccountLimits:
    case ControlType::SetKillSwitch:
      record.account = g.id;
      break;
    case ControlType::RouteBegin:
    case ControlType::RouteChild:
    case ControlType::ExternalFill:
    case ControlType::ExternalDone:
      record.order_id = g.id;
      break;
    default:
      break;
  }
  if (type == ControlType::SetReferencePrice || type == ControlType::ClearReferencePrice ||
      type == ControlType::SetCircuitBreaker) {
    record.symbol = g.symbol;
  }
  if (type == ControlType::SetReferencePrice) record.price = g.values[0];
  if (type == ControlType::SetKillSwitch || type == ControlType::SetGlobalKillSwitch) {
    record.kill_switch = static_cast<KillSwitchMode>(g.mode);
  }
  if (type == ControlType::RouteBegin) record.count = g.count;
  if (type == ControlType::RouteChild) {
    record.venue = g.count;
    record.child_kind = static_cast<ChildKind>(g.mode);
    record.price = g.values[0];
    record.quantity = g.values[1];
    record.effective_price = g.values[2];
  }
  if (type == ControlType::ExternalFill) {
    record.price = g.values[0];
    record.quantity = g.values[1];
  }
  return record;
}

}  // namespace

void encode_control(const ControlRecord& record, std::string& out) {
  const Generic g = to_generic(record);
  out.reserve(out.size() + kCommandEncodedSize);
  ByteWriter writer(out);
  writer.u8(kControlEntryFormat);
  writer.u8(g.type);
  writer.u8(g.presence);
  writer.u8(g.mode);
  writer.u32(g.symbol);
  writer.i64(g.timestamp);
  writer.u64(g.id);
  for (const std::int64_t value : g.values) writer.i64(value);
  writer.u32(g.count);
}

std::string encode_control(const ControlRecord& record) {
  std::string out;
  encode_control(record, out);
  return out;
}

ControlDecodeResult decode_control(std::string_view bytes) noexcept {
  ControlDecodeResult result;
  result.code = ResultCode::JournalCorrupt;
  if (bytes.size() != kCommandEncodedSize) return result;
  ByteReader reader(bytes);
  Generic g;
  const std::uint8_t format = reader.u8();
  g.type = reader.u8();
  g.presence = reader.u8();
  g.mode = reader.u8();
  g.symbol = reader.u32();
  g.timestamp = reader.i64();
  g.id = reader.u64();
  for (std::int64_t& value : g.values) value = reader.i64();
  g.count = reader.u32();
  if (!reader.ok() || reader.remaining() != 0 || format != kControlEntryFormat || !known_type(g.type)) return result;
  const auto type = static_cast<ControlType>(g.type);
  if ((type == ControlType::SetKillSwitch || type == ControlType::SetGlobalKillSwitch) &&
      g.mode > static_cast<std::uint8_t>(KillSwitchMode::CancelAll)) {
    return result;
  }
  if (type == ControlType::RouteChild && g.mode > static_cast<std::uint8_t>(ChildKind::Forward)) return result;
  ControlRecord record = from_generic(g);
  // Canonical form: anything a type does not use must have been zero.
  std::string again;
  try {
    encode_control(record, again);
  } catch (...) {
    return result;  // allocation failure: report as undecodable rather than throw from noexcept
  }
  if (again != bytes) return result;
  result.code = ResultCode::Ok;
  result.record = record;
  return result;
}

bool same_control(const ControlRecord& a, const ControlRecord& b) noexcept {
  const Generic x = to_generic(a);
  const Generic y = to_generic(b);
  return x.type == y.type && x.presence == y.presence && x.mode == y.mode && x.symbol == y.symbol &&
         x.timestamp == y.timestamp && x.id == y.id && x.values == y.values && x.count == y.count;
}

std::string_view control_type_name(ControlType type) noexcept {
  switch (type) {
    case ControlType::SetDefaultLimits: return "set_default_limits";
    case ControlType::SetAccountLimits: return "set_account_limits";
    case ControlType::ClearAccountLimits: return "clear_account_limits";
    case ControlType::SetGlobalLimits: return "set_global_limits";
    case ControlType::SetReferencePrice: return "set_reference_price";
    case ControlType::ClearReferencePrice: return "clear_reference_price";
    case ControlType::SetDefaultCircuitBreaker: return "set_default_circuit_breaker";
    case ControlType::SetCircuitBreaker: return "set_circuit_breaker";
    case ControlType::SetKillSwitch: return "set_kill_switch";
    case ControlType::SetGlobalKillSwitch: return "set_global_kill_switch";
    case ControlType::StartNewDay: return "start_new_day";
    case ControlType::RouteBegin: return "route_begin";
    case ControlType::RouteChild: return "route_child";
    case ControlType::ExternalFill: return "external_fill";
    case ControlType::ExternalDone: return "external_done";
  }
  return "unknown";
}

}  // namespace kestrel::engine
