// The line protocol of `kestrel-engine serve-stdin`: one request per line on stdin, one response
// line per request on stdout. Requests reuse the journal's entry encodings, so the protocol adds no
// second binary format and every field is validated by the same decoders:
//   e <152 hex digits>   a 76-byte journal entry: a book command (byte 0 = 1, codec_command.h) or a
//                        control record (byte 0 = 2, codec_control.h) of a configuration type,
//                        ExternalFill or ExternalDone. Answered by `ack <index> <CODE> <sequence>`
//                        once durable (index counts `e` lines from 0; sequence 0 = not journaled).
//   venue <id> <taker_bps> <maker_bps> <taker_per_lot> <maker_per_lot> <latency_ns>
//                        registers an external venue (configuration, not journaled; no response)
//   depth <venue> <symbol> <n> (<price> <quantity>){n} <m> (<price> <quantity>){m}
//                        replaces a venue's quoted bids (best first) and asks (no response)
//   commit | snapshot | hash    force durability / write a snapshot / print the state hashes
// Numbers are decimal. Malformed lines are reported as `error <line number> <reason>`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/engine/codec_control.h"
#include "kestrel/engine/engine.h"
#include "kestrel/engine/venue.h"

namespace kestrel::engine {

/** What a protocol line asks for. */
enum class LineKind : std::uint8_t { Empty, Command, Control, Venue, Depth, Commit, Snapshot, Hash, Invalid };

/** One parsed line; only the fields of its kind are set. */
struct ProtocolLine {
  LineKind kind = LineKind::Empty;
  Command command{};
  ControlRecord control{};
  VenueConfig venue{};  // Venue
  VenueId venue_id = 0;   // Depth
  SymbolId symbol = 0;    // Depth
  std::vector<VenueLevel> bids;
  std::vector<VenueLevel> asks;
  std::string error;  // Invalid: why
};

/** Parses one line (without its newline). */
ProtocolLine parse_protocol_line(std::string_view line);

/** Hands a Command or Control line to the matching Engine request (submit, configure, external fill/done). */
SubmitResult submit_line(Engine& engine, const ProtocolLine& line, std::vector<EngineEvent>& out);

/** The `e` line of a book command. */
std::string command_line(const Command& command);
/** The `e` line of a control record. */
std::string control_line(const ControlRecord& control);
/** The `venue` line registering `venue`. */
std::string venue_line(const VenueConfig& venue);
/** The `depth` line for one venue and symbol. */
std::string depth_line(VenueId venue, SymbolId symbol, const std::vector<VenueLevel>& bids,
                       const std::vector<VenueLevel>& asks);

}  // namespace kestrel::engine
