// Control records: the journal entries that are not book commands. Risk configuration changes
// (limits, reference prices, circuit breakers, kill switches, a new trading day) are state, so they
// are journaled and replayed like commands; routing decisions (which depend on external quotes and
// so cannot be recomputed on replay) and external venue fills are journaled as their outcome.
// A journal entry is 76 bytes (kCommandEncodedSize); byte 0 says what it is: 1 = book command
// (codec_command.h, unchanged), 2 = control record in format version 1 (this file). Values of
// byte 0 are never reused, so every journal written before control records existed still reads.
// Layout of a control record (little-endian, no padding):
//    0 u8 entry format (kControlEntryFormat = 2)   1 u8 ControlType   2 u8 presence bits
//    3 u8 mode (KillSwitchMode or ChildKind)       4 u32 symbol       8 i64 timestamp
//   16 u64 id (account, parent id or child id)    24 i64 value[0] ... 64 i64 value[5]
//   72 u32 count (venue id or child count)
// Which fields a type uses is fixed per type (see ControlType); every unused field must be zero, so
// decoding accepts exactly what encoding produces (encode(decode(bytes)) == bytes). Decoding checks
// representation (known type, enum ranges, zero padding) only; value rules (non-negative limits,
// positive prices) are the engine's to check before it journals anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kestrel/engine/risk_limits.h"
#include "kestrel/engine/router_parent_tracker.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Byte 0 of a journal entry holding a book command (codec_command.h). */
inline constexpr std::uint8_t kCommandEntryFormat = 1;
/** Byte 0 of a journal entry holding a control record (this layout, version 1). */
inline constexpr std::uint8_t kControlEntryFormat = 2;

/** What a control record does. Numbers are stable: they are written to journals. */
enum class ControlType : std::uint8_t {
  // Risk configuration (Engine::configure).
  SetDefaultLimits = 1,          // limits
  SetAccountLimits = 2,          // account, limits
  ClearAccountLimits = 3,        // account
  SetGlobalLimits = 4,           // limits
  SetReferencePrice = 5,         // symbol, price
  ClearReferencePrice = 6,       // symbol
  SetDefaultCircuitBreaker = 7,  // breaker (absent = none)
  SetCircuitBreaker = 8,         // symbol, breaker (absent = back to the default)
  SetKillSwitch = 9,             // account, kill_switch
  SetGlobalKillSwitch = 10,      // kill_switch
  StartNewDay = 11,              // -
  // Routing outcomes, written by the engine itself.
  RouteBegin = 32,    // id = parent order id, count = children; followed by the parent command and `count` RouteChild records
  RouteChild = 33,    // id = child id, count = venue, mode = ChildKind, price = limit, quantity, effective_price
  ExternalFill = 34,  // id = child id, price, quantity
  ExternalDone = 35,  // id = child id
};

/** True for the types Engine::configure accepts (risk configuration). */
constexpr bool is_config_type(ControlType type) noexcept {
  return type >= ControlType::SetDefaultLimits && type <= ControlType::StartNewDay;
}

/** One control record as a plain struct; fields a type does not use stay zero / empty. */
struct ControlRecord {
  ControlType type = ControlType::StartNewDay;
  Timestamp timestamp = 0;
  SymbolId symbol = 0;
  AccountId account = 0;      // SetAccountLimits, ClearAccountLimits, SetKillSwitch
  OrderId order_id = 0;       // RouteBegin: parent id; RouteChild, ExternalFill, ExternalDone: child id
  RiskLimits limits;          // Set*Limits
  std::optional<CircuitBreakerConfig> breaker;  // Set*CircuitBreaker
  KillSwitchMode kill_switch = KillSwitchMode::Off;
  Price price = 0;            // reference price, child limit price, fill price
  Quantity quantity = 0;      // child quantity, fill quantity
  std::int64_t effective_price = 0;  // RouteChild
  VenueId venue = 0;          // RouteChild
  ChildKind child_kind = ChildKind::Take;  // RouteChild
  std::uint32_t count = 0;    // RouteBegin: number of RouteChild records that follow the parent command
};

/** Outcome of decoding: `code` is Ok or JournalCorrupt. */
struct ControlDecodeResult {
  ResultCode code = ResultCode::Ok;
  ControlRecord record{};
  bool ok() const noexcept { return code == ResultCode::Ok; }
};

/** Appends the kCommandEncodedSize-byte encoding of `record` to `out`. */
void encode_control(const ControlRecord& record, std::string& out);

/** The encoding of `record` as a new string. */
std::string encode_control(const ControlRecord& record);

/** Decodes exactly kCommandEncodedSize bytes starting with kControlEntryFormat. */
ControlDecodeResult decode_control(std::string_view bytes) noexcept;

/** Field-by-field equality of the fields `a.type` uses (and of the type). */
bool same_control(const ControlRecord& a, const ControlRecord& b) noexcept;

/** Stable snake_case name of a control type ("set_account_limits"); "unknown" for other values. */
std::string_view control_type_name(ControlType type) noexcept;

}  // namespace kestrel::engine
