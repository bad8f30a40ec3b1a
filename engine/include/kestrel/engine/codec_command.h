// Fixed-size binary encoding of a Command for the journal (and any other byte transport).
// Layout (little-endian, kCommandEncodedSize = 76 bytes, no padding):
//   0 u8 codec version (1)   1 u8 CommandType   2 u8 OrderType   3 u8 TimeInForce   4 u8 Side
//   5 u8 StpMode             6 u8 flags (known bits only)         7 u8 reserved (must be 0)
//   8 u32 symbol  12 i64 timestamp  20 u64 order_id  28 u64 account  36 i64 price  44 i64 stop_price
//  52 i64 quantity  60 i64 display_quantity  68 i64 expire_at
// Invariant: decode accepts exactly the byte strings encode can produce, so for any accepted input
// encode(decode(bytes)) == bytes. Decoding validates representation only (enum ranges, flag bits,
// length); business validation (positive quantity, price on tick, ...) stays with the book.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Size in bytes of every encoded Command. */
inline constexpr std::size_t kCommandEncodedSize = 76;
/** Version byte written at offset 0; bumped only with a new layout. */
inline constexpr std::uint8_t kCommandCodecVersion = 1;

/** Outcome of decoding: `code` is Ok, BookUnknownCommand (unknown command type) or JournalCorrupt. */
struct CommandDecodeResult {
  ResultCode code = ResultCode::Ok;
  Command command{};
  bool ok() const noexcept { return code == ResultCode::Ok; }
};

/** Appends the kCommandEncodedSize-byte encoding of `command` to `out`. */
void encode_command(const Command& command, std::string& out);

/** The encoding of `command` as a new string. */
std::string encode_command(const Command& command);

/** Decodes exactly kCommandEncodedSize bytes; any other length or invalid field is rejected. */
CommandDecodeResult decode_command(std::string_view bytes) noexcept;

/** True when decode_command accepts encode_command(command): known type, enums and flags in range. */
bool command_encodable(const Command& command) noexcept;

/** Field-by-field equality (Command itself has no operator==). */
bool same_command(const Command& a, const Command& b) noexcept;

}  // namespace kestrel::engine
