// Command codec: explicit per-field little-endian serialisation and range validation of every enum.
#include "kestrel/engine/codec_command.h"

#include "kestrel/engine/codec_bytes.h"

namespace kestrel::engine {
namespace {

constexpr std::uint8_t kKnownFlags = kFlagPostOnly | kFlagAllOrNone;

bool valid_command_type(std::uint8_t value) noexcept {
  return value >= static_cast<std::uint8_t>(CommandType::NewOrder) &&
         value <= static_cast<std::uint8_t>(CommandType::ResumeSymbol);
}

}  // namespace

void encode_command(const Command& command, std::string& out) {
  out.reserve(out.size() + kCommandEncodedSize);
  ByteWriter writer(out);
  writer.u8(kCommandCodecVersion);
  writer.u8(static_cast<std::uint8_t>(command.type));
  writer.u8(static_cast<std::uint8_t>(command.order_type));
  writer.u8(static_cast<std::uint8_t>(command.tif));
  writer.u8(static_cast<std::uint8_t>(command.side));
  writer.u8(static_cast<std::uint8_t>(command.stp));
  writer.u8(command.flags);
  writer.u8(0);
  writer.u32(command.symbol);
  writer.i64(command.timestamp);
  writer.u64(command.order_id);
  writer.u64(command.account);
  writer.i64(command.price);
  writer.i64(command.stop_price);
  writer.i64(command.quantity);
  writer.i64(command.display_quantity);
  writer.i64(command.expire_at);
}

std::string encode_command(const Command& command) {
  std::string out;
  encode_command(command, out);
  return out;
}

CommandDecodeResult decode_command(std::string_view bytes) noexcept {
  CommandDecodeResult result;
  if (bytes.size() != kCommandEncodedSize) {
    result.code = ResultCode::JournalCorrupt;
    return result;
  }
  ByteReader reader(bytes);
  const std::uint8_t version = reader.u8();
  const std::uint8_t type = reader.u8();
  const std::uint8_t order_type = reader.u8();
  const std::uint8_t tif = reader.u8();
  const std::uint8_t side = reader.u8();
  const std::uint8_t stp = reader.u8();
  const std::uint8_t flags = reader.u8();
  const std::uint8_t reserved = reader.u8();
  if (version != kCommandCodecVersion || reserved != 0 ||
      order_type > static_cast<std::uint8_t>(OrderType::StopLimit) ||
      tif > static_cast<std::uint8_t>(TimeInForce::FOK) || side > static_cast<std::uint8_t>(Side::Sell) ||
      stp > static_cast<std::uint8_t>(StpMode::CancelBoth) || (flags & ~kKnownFlags) != 0) {
    result.code = ResultCode::JournalCorrupt;
    return result;
  }
  if (!valid_command_type(type)) {
    result.code = ResultCode::BookUnknownCommand;
    return result;
  }
  Command& command = result.command;
  command.type = static_cast<CommandType>(type);
  command.order_type = static_cast<OrderType>(order_type);
  command.tif = static_cast<TimeInForce>(tif);
  command.side = static_cast<Side>(side);
  command.stp = static_cast<StpMode>(stp);
  command.flags = flags;
  command.symbol = reader.u32();
  command.timestamp = reader.i64();
  command.order_id = reader.u64();
  command.account = reader.u64();
  command.price = reader.i64();
  command.stop_price = reader.i64();
  command.quantity = reader.i64();
  command.display_quantity = reader.i64();
  command.expire_at = reader.i64();
  // The length check above guarantees every read succeeded; keep the invariant explicit.
  if (!reader.ok() || reader.remaining() != 0) result.code = ResultCode::JournalCorrupt;
  return result;
}

bool command_encodable(const Command& command) noexcept {
  return valid_command_type(static_cast<std::uint8_t>(command.type)) &&
         static_cast<std::uint8_t>(command.order_type) <= static_cast<std::uint8_t>(OrderType::StopLimit) &&
         static_cast<std::uint8_t>(command.tif) <= static_cast<std::uint8_t>(TimeInForce::FOK) &&
         static_cast<std::uint8_t>(command.side) <= static_cast<std::uint8_t>(Side::Sell) &&
         static_cast<std::uint8_t>(command.stp) <= static_cast<std::uint8_t>(StpMode::CancelBoth) &&
         (command.flags & ~kKnownFlags) == 0;
}

bool same_command(const Command& a, const Command& b) noexcept {
  return a.type == b.type && a.order_type == b.order_type && a.tif == b.tif && a.side == b.side &&
         a.stp == b.stp && a.flags == b.flags && a.symbol == b.symbol && a.timestamp == b.timestamp &&
         a.order_id == b.order_id && a.account == b.account && a.price == b.price &&
         a.stop_price == b.stop_price && a.quantity == b.quantity &&
         a.display_quantity == b.display_quantity && a.expire_at == b.expire_at;
}

}  // namespace kestrel::engine
