// Packed binary records for moving many commands and events across a boundary in one call: the
// N-API binding's batch API (JavaScript builds commands in a typed array and decodes events lazily)
// and the CLI's workload dump use them. Little-endian, fixed size, 8-byte aligned 64-bit fields, so
// JavaScript can read them through a DataView or BigInt64Array/Int32Array views without copying.
// Command record, kPackedCommandSize = 80 bytes:
//    0 u8 CommandType   1 u8 OrderType   2 u8 TimeInForce   3 u8 Side   4 u8 StpMode   5 u8 flags
//    6 u16 reserved (0) 8 u32 symbol     12 u32 reserved (0)
//   16 i64 timestamp   24 u64 order_id  32 u64 account     40 i64 price     48 i64 stop_price
//   56 i64 quantity    64 i64 display_quantity              72 i64 expire_at
// Event record, kPackedEventSize = 128 bytes:
//    0 u8 EngineEventType  1 u8 Side  2 u16 ResultCode  4..7 u8 b4..b7 (per type, below)
//    8 u32 symbol    12 u32 venue      16 u64 sequence   24 i64 timestamp  32 u64 order_id
//   40 u64 account   48 u64 counter_order_id             56 u64 counter_account
//   64 i64 price     72 i64 quantity   80 i64 remaining  88 i64 counter_remaining
//   96 u64 parent_id 104 u64 counter_parent_id           112 i64 value_a  120 i64 value_b
//   Rejected: b4 RiskLimit, b5 RiskScope, value_a limit_value, value_b attempted_value.
//   RouteOrder: b4 OrderType, b5 TimeInForce, b6 flags, b7 ChildKind, value_a display_quantity, value_b expire_at.
//   CircuitBreakerTripped: value_a halted_until, value_b move_bps.
//   RouteDone: value_a parent_quantity, value_b filled_notional.
// Result record (one per request of a batch), kPackedResultSize = 16 bytes:
//    0 u16 ResultCode   2 u16 reserved (0)   4 u32 number of events of this request
//    8 u64 journal sequence (0 = refused before the journal)
// Batch output: a kPackedBatchHeaderSize = 16 byte header (u32 requests, u32 events, u64 durable
// sequence after the batch), then the result records, then the event records in request order.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kestrel/engine/engine_event.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

inline constexpr std::size_t kPackedCommandSize = 80;
inline constexpr std::size_t kPackedEventSize = 128;
inline constexpr std::size_t kPackedResultSize = 16;
inline constexpr std::size_t kPackedBatchHeaderSize = 16;

/** Writes `command` as a packed command record at `out` (kPackedCommandSize bytes). */
void pack_command(const Command& command, unsigned char* out) noexcept;

/**
 * Reads a packed command record. False when a reserved field is not zero (the record was not built
 * for this layout); enum values are copied as they are and checked by the engine like any command.
 */
bool unpack_command(const unsigned char* in, Command& command) noexcept;

/** Writes `event` as a packed event record at `out` (kPackedEventSize bytes). */
void pack_event(const EngineEvent& event, unsigned char* out) noexcept;

/** Reads a packed event record (the inverse of pack_event for every field the type uses). */
EngineEvent unpack_event(const unsigned char* in) noexcept;

/** Writes a result record at `out` (kPackedResultSize bytes). */
void pack_result(ResultCode code, std::uint32_t events, Sequence journal_sequence, unsigned char* out) noexcept;

/** Writes the batch header at `out` (kPackedBatchHeaderSize bytes). */
void pack_batch_header(std::uint32_t requests, std::uint32_t events, Sequence durable_sequence,
                       unsigned char* out) noexcept;

}  // namespace kestrel::engine
