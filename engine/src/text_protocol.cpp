// serve-stdin line protocol: hex journal entries plus a few plain-text configuration lines.
#include "kestrel/engine/text_protocol.h"

#include <cerrno>
#include <cstdlib>
#include <utility>

#include "kestrel/engine/codec_command.h"

namespace kestrel::engine {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string hex_line(const std::string& bytes) {
  std::string line = "e ";
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    line.push_back(kHex[byte >> 4]);
    line.push_back(kHex[byte & 0xF]);
  }
  return line;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits on single spaces; empty tokens (double spaces) are kept so they fail number parsing.
std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= line.size()) {
    const std::size_t end = line.find(' ', start);
    if (end == std::string_view::npos) {
      out.push_back(line.substr(start));
      break;
    }
    out.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool parse_i64(std::string_view token, std::int64_t& value) {
  if (token.empty() || token.size() > 20) return false;
  const std::string text(token);
  char* end = nullptr;
  errno = 0;
  const long long parsed = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size() || !(text[0] == '-' || (text[0] >= '0' && text[0] <= '9'))) {
    return false;
  }
  value = parsed;
  return true;
}

bool parse_u32(std::string_view token, std::uint32_t& value) {
  std::int64_t parsed = 0;
  if (!parse_i64(token, parsed) || parsed < 0 || parsed > 0xFFFFFFFFll) return false;
  value = static_cast<std::uint32_t>(parsed);
  return true;
}

ProtocolLine invalid(std::string why) {
  ProtocolLine line;
  line.kind = LineKind::Invalid;
  line.error = std::move(why);
  return line;
}

ProtocolLine parse_entry(std::string_view hex) {
  if (hex.size() != 2 * kCommandEncodedSize) return invalid("an entry needs exactly 152 hex digits");
  std::string bytes(kCommandEncodedSize, '\0');
  for (std::size_t i = 0; i < kCommandEncodedSize; ++i) {
    const int high = hex_digit(hex[2 * i]);
    const int low = hex_digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return invalid("not a hex digit");
    bytes[i] = static_cast<char>(high * 16 + low);
  }
  ProtocolLine line;
  if (static_cast<std::uint8_t>(bytes[0]) == kControlEntryFormat) {
    const ControlDecodeResult decoded = decode_control(bytes);
    if (!decoded.ok()) return invalid("malformed control record");
    if (decoded.record.type == ControlType::RouteBegin || decoded.record.type == ControlType::RouteChild) {
      return invalid("route records are written by the engine, not requested");
    }
    line.kind = LineKind::Control;
    line.control = decoded.record;
    return line;
  }
  const CommandDecodeResult decoded = decode_command(bytes);
  if (!decoded.ok()) return invalid("malformed command");
  line.kind = LineKind::Command;
  line.command = decoded.command;
  return line;
}

bool parse_levels(const std::vector<std::string_view>& parts, std::size_t& at, std::vector<VenueLevel>& levels) {
  std::uint32_t count = 0;
  if (at >= parts.size() || !parse_u32(parts[at++], count) || count > 10'000) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    VenueLevel level;
    if (at + 1 >= parts.size() || !parse_i64(parts[at], level.price) || !parse_i64(parts[at + 1], level.quantity)) {
      return false;
    }
    at += 2;
    levels.push_back(level);
  }
  return true;
}

}  // namespace

ProtocolLine parse_protocol_line(std::string_view text) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (text.empty()) return ProtocolLine{};
  const std::vector<std::string_view> parts = tokens(text);
  const std::string_view verb = parts[0];
  if (verb == "e") {
    if (parts.size() != 2) return invalid("usage: e <hex>");
    return parse_entry(parts[1]);
  }
  if (verb == "commit" || verb == "snapshot" || verb == "hash") {
    if (parts.size() != 1) return invalid("unexpected arguments");
    ProtocolLine line;
    line.kind = verb == "commit" ? LineKind::Commit : verb == "snapshot" ? LineKind::Snapshot : LineKind::Hash;
    return line;
  }
  if (verb == "venue") {
    ProtocolLine line;
    line.kind = LineKind::Venue;
    VenueConfig& v = line.venue;
    if (parts.size() != 7 || !parse_u32(parts[1], v.id) || !parse_i64(parts[2], v.fees.taker_bps) ||
        !parse_i64(parts[3], v.fees.maker_bps) || !parse_i64(parts[4], v.fees.taker_per_lot) ||
        !parse_i64(parts[5], v.fees.maker_per_lot) || !parse_i64(parts[6], v.latency_ns)) {
      return invalid("usage: venue <id> <taker_bps> <maker_bps> <taker_per_lot> <maker_per_lot> <latency_ns>");
    }
    v.name = "venue-" + std::to_string(v.id);
    return line;
  }
  if (verb == "depth") {
    ProtocolLine line;
    line.kind = LineKind::Depth;
    std::size_t at = 3;
    if (parts.size() < 5 || !parse_u32(parts[1], line.venue_id) || !parse_u32(parts[2], line.symbol) ||
        !parse_levels(parts, at, line.bids) || !parse_levels(parts, at, line.asks) || at != parts.size()) {
      return invalid("usage: depth <venue> <symbol> <n> (<price> <quantity>)... <m> (<price> <quantity>)...");
    }
    return line;
  }
  return invalid("unknown request");
}

SubmitResult submit_line(Engine& engine, const ProtocolLine& line, std::vector<EngineEvent>& out) {
  if (line.kind == LineKind::Command) return engine.submit(line.command, out);
  const ControlRecord& control = line.control;
  switch (control.type) {
    case ControlType::ExternalFill:
      return engine.external_fill(control.order_id, control.price, control.quantity, control.timestamp, out);
    case ControlType::ExternalDone:
      return engine.external_done(control.order_id, control.timestamp, out);
    default:
      return engine.configure(control, out);
  }
}

std::string command_line(const Command& command) { return hex_line(encode_command(command)); }

std::string control_line(const ControlRecord& control) { return hex_line(encode_control(control)); }

std::string venue_line(const VenueConfig& venue) {
  return "venue " + std::to_string(venue.id) + " " + std::to_string(venue.fees.taker_bps) + " " +
         std::to_string(venue.fees.maker_bps) + " " + std::to_string(venue.fees.taker_per_lot) + " " +
         std::to_string(venue.fees.maker_per_lot) + " " + std::to_string(venue.latency_ns);
}

std::string depth_line(VenueId venue, SymbolId symbol, const std::vector<VenueLevel>& bids,
                       const std::vector<VenueLevel>& asks) {
  std::string line = "depth " + std::to_string(venue) + " " + std::to_string(symbol);
  for (const auto* side : {&bids, &asks}) {
    line += " " + std::to_string(side->size());
    for (const VenueLevel& level : *side) line += " " + std::to_string(level.price) + " " + std::to_string(level.quantity);
  }
  return line;
}

}  // namespace kestrel::engine
