// Byte encoding of EngineState for snapshots and for moving state between the two book
// implementations. Layout (little-endian): "KSTE" magic, u8 format version (1), u64 sequence,
// u32 book count, books, then u64 FNV-1a checksum of every preceding byte. A book is u32 symbol,
// u8 halted, i64 last trade price, four u32 counts (bids, asks, buy stops, sell stops) and that many
// fixed-size (69-byte) order records. Decoding rejects a wrong magic or version, truncation, trailing
// bytes, a checksum mismatch and any state that fails validate_engine_state, each with its own message.
#pragma once

#include <string>
#include <string_view>

#include "kestrel/engine/book_state.h"

namespace kestrel::engine {

/** Current format version byte. */
inline constexpr std::uint8_t kStateFormatVersion = 1;

/** Appends the encoding of `state` to `out`. */
void encode_engine_state(const EngineState& state, std::string& out);

/** Decodes and validates; on failure `out` is unspecified and the result says why. */
StateResult decode_engine_state(std::string_view bytes, EngineState& out);

}  // namespace kestrel::engine
