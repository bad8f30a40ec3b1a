// Packed record encoding: explicit little-endian stores and loads, per-type use of the shared event
// fields as listed in the header.
#include "kestrel/engine/packed_layout.h"

#include <cstring>

namespace kestrel::engine {
namespace {

// Fixed-width little-endian stores and loads. On little-endian hosts they are plain memcpy moves
// (GCC does not merge the byte loop into one load); elsewhere the byte loop keeps the layout exact.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr bool kLittleEndianHost = true;
#else
constexpr bool kLittleEndianHost = false;
#endif

template <int Width>
inline void put(unsigned char* out, std::uint64_t value) noexcept {
  if constexpr (kLittleEndianHost) {
    std::memcpy(out, &value, Width);
  } else {
    for (int i = 0; i < Width; ++i) out[i] = static_cast<unsigned char>(value >> (8 * i));
  }
}

template <int Width>
inline std::uint64_t get(const unsigned char* in) noexcept {
  std::uint64_t value = 0;
  if constexpr (kLittleEndianHost) {
    std::memcpy(&value, in, Width);
  } else {
    for (int i = 0; i < Width; ++i) value |= std::uint64_t{in[i]} << (8 * i);
  }
  return value;
}

inline void put64(unsigned char* out, std::uint64_t value) noexcept { put<8>(out, value); }
inline void puti64(unsigned char* out, std::int64_t value) noexcept { put<8>(out, static_cast<std::uint64_t>(value)); }
inline std::uint64_t get64(const unsigned char* in) noexcept { return get<8>(in); }
inline std::int64_t geti64(const unsigned char* in) noexcept { return static_cast<std::int64_t>(get<8>(in)); }

}  // namespace

void pack_command(const Command& c, unsigned char* out) noexcept {
  out[0] = static_cast<unsigned char>(c.type);
  out[1] = static_cast<unsigned char>(c.order_type);
  out[2] = static_cast<unsigned char>(c.tif);
  out[3] = static_cast<unsigned char>(c.side);
  out[4] = static_cast<unsigned char>(c.stp);
  out[5] = c.flags;
  put<2>(out + 6, 0);
  put<4>(out + 8, c.symbol);
  put<4>(out + 12, 0);
  puti64(out + 16, c.timestamp);
  put64(out + 24, c.order_id);
  put64(out + 32, c.account);
  puti64(out + 40, c.price);
  puti64(out + 48, c.stop_price);
  puti64(out + 56, c.quantity);
  puti64(out + 64, c.display_quantity);
  puti64(out + 72, c.expire_at);
}

bool unpack_command(const unsigned char* in, Command& c) noexcept {
  if (get<2>(in + 6) != 0 || get<4>(in + 12) != 0) return false;
  c.type = static_cast<CommandType>(in[0]);
  c.order_type = static_cast<OrderType>(in[1]);
  c.tif = static_cast<TimeInForce>(in[2]);
  c.side = static_cast<Side>(in[3]);
  c.stp = static_cast<StpMode>(in[4]);
  c.flags = in[5];
  c.symbol = static_cast<SymbolId>(get<4>(in + 8));
  c.timestamp = geti64(in + 16);
  c.order_id = get64(in + 24);
  c.account = get64(in + 32);
  c.price = geti64(in + 40);
  c.stop_price = geti64(in + 48);
  c.quantity = geti64(in + 56);
  c.display_quantity = geti64(in + 64);
  c.expire_at = geti64(in + 72);
  return true;
}

void pack_event(const EngineEvent& e, unsigned char* out) noexcept {
  std::uint8_t b[4] = {0, 0, 0, 0};
  std::int64_t value_a = 0;
  std::int64_t value_b = 0;
  switch (e.type) {
    case EngineEventType::Rejected:
      b[0] = static_cast<std::uint8_t>(e.limit);
      b[1] = static_cast<std::uint8_t>(e.scope);
      value_a = e.limit_value;
      value_b = e.attempted_value;
      break;
    case EngineEventType::RouteOrder:
      b[0] = static_cast<std::uint8_t>(e.order_type);
      b[1] = static_cast<std::uint8_t>(e.tif);
      b[2] = e.flags;
      b[3] = static_cast<std::uint8_t>(e.child_kind);
      value_a = e.display_quantity;
      value_b = e.expire_at;
      break;
    case EngineEventType::CircuitBreakerTripped:
      value_a = e.halted_until;
      value_b = e.move_bps;
      break;
    case EngineEventType::RouteDone:
      value_a = e.parent_quantity;
      value_b = e.filled_notional;
      break;
    default:
      break;
  }
  out[0] = static_cast<unsigned char>(e.type);
  out[1] = static_cast<unsigned char>(e.side);
  put<2>(out + 2, static_cast<std::uint16_t>(e.code));
  for (int i = 0; i < 4; ++i) out[4 + i] = b[i];
  put<4>(out + 8, e.symbol);
  put<4>(out + 12, e.venue);
  put64(out + 16, e.sequence);
  puti64(out + 24, e.timestamp);
  put64(out + 32, e.order_id);
  put64(out + 40, e.account);
  put64(out + 48, e.counter_order_id);
  put64(out + 56, e.counter_account);
  puti64(out + 64, e.price);
  puti64(out + 72, e.quantity);
  puti64(out + 80, e.remaining);
  puti64(out + 88, e.counter_remaining);
  put64(out + 96, e.parent_id);
  put64(out + 104, e.counter_parent_id);
  puti64(out + 112, value_a);
  puti64(out + 120, value_b);
}

EngineEvent unpack_event(const unsigned char* in) noexcept {
  EngineEvent e;
  e.type = static_cast<EngineEventType>(in[0]);
  e.side = static_cast<Side>(in[1]);
  e.code = static_cast<ResultCode>(get<2>(in + 2));
  e.symbol = static_cast<SymbolId>(get<4>(in + 8));
  e.venue = static_cast<VenueId>(get<4>(in + 12));
  e.sequence = get64(in + 16);
  e.timestamp = geti64(in + 24);
  e.order_id = get64(in + 32);
  e.account = get64(in + 40);
  e.counter_order_id = get64(in + 48);
  e.counter_account = get64(in + 56);
  e.price = geti64(in + 64);
  e.quantity = geti64(in + 72);
  e.remaining = geti64(in + 80);
  e.counter_remaining = geti64(in + 88);
  e.parent_id = get64(in + 96);
  e.counter_parent_id = get64(in + 104);
  const std::int64_t value_a = geti64(in + 112);
  const std::int64_t value_b = geti64(in + 120);
  switch (e.type) {
    case EngineEventType::Rejected:
      e.limit = static_cast<RiskLimit>(in[4]);
      e.scope = static_cast<RiskScope>(in[5]);
      e.limit_value = value_a;
      e.attempted_value = value_b;
      break;
    case EngineEventType::RouteOrder:
      e.order_type = static_cast<OrderType>(in[4]);
      e.tif = static_cast<TimeInForce>(in[5]);
      e.flags = in[6];
      e.child_kind = static_cast<ChildKind>(in[7]);
      e.display_quantity = value_a;
      e.expire_at = value_b;
      break;
    case EngineEventType::CircuitBreakerTripped:
      e.halted_until = value_a;
      e.move_bps = value_b;
      break;
    case EngineEventType::RouteDone:
      e.parent_quantity = value_a;
      e.filled_notional = value_b;
      break;
    default:
      break;
  }
  return e;
}

void pack_result(ResultCode code, std::uint32_t events, Sequence journal_sequence, unsigned char* out) noexcept {
  put<2>(out, static_cast<std::uint16_t>(code));
  put<2>(out + 2, 0);
  put<4>(out + 4, events);
  put64(out + 8, journal_sequence);
}

void pack_batch_header(std::uint32_t requests, std::uint32_t events, Sequence durable_sequence,
                       unsigned char* out) noexcept {
  put<4>(out, requests);
  put<4>(out + 4, events);
  put64(out + 8, durable_sequence);
}

}  // namespace kestrel::engine
