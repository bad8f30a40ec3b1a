// Packed records of the binding's batch API: exact offsets (the TypeScript facade reads them by
// offset), round trips of commands and of every event type's per-type fields, and refusal of
// records whose reserved bytes are set.
#include "kestrel/engine/packed_layout.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "kestrel/engine/codec_command.h"

namespace kestrel::engine {
namespace {

std::int64_t at64(const unsigned char* p) {
  std::int64_t v = 0;
  for (int i = 7; i >= 0; --i) v = static_cast<std::int64_t>((static_cast<std::uint64_t>(v) << 8) | p[i]);
  return v;
}

TEST(PackedLayout, CommandOffsetsAndRoundTrip) {
  Command c;
  c.type = CommandType::Replace;
  c.order_type = OrderType::StopLimit;
  c.tif = TimeInForce::GTD;
  c.side = Side::Sell;
  c.stp = StpMode::CancelBoth;
  c.flags = kFlagPostOnly;
  c.symbol = 0xA1B2C3D4u;
  c.timestamp = -5;
  c.order_id = 0xF000'0000'0000'0001ull;
  c.account = 3;
  c.price = 4;
  c.stop_price = 5;
  c.quantity = 6;
  c.display_quantity = 7;
  c.expire_at = 8;
  std::array<unsigned char, kPackedCommandSize> bytes{};
  pack_command(c, bytes.data());
  EXPECT_EQ(bytes[0], 3);
  EXPECT_EQ(bytes[1], 3);
  EXPECT_EQ(bytes[2], 2);
  EXPECT_EQ(bytes[3], 1);
  EXPECT_EQ(bytes[4], 3);
  EXPECT_EQ(bytes[5], 1);
  EXPECT_EQ(bytes[8], 0xD4);
  EXPECT_EQ(bytes[11], 0xA1);
  EXPECT_EQ(at64(&bytes[16]), -5);
  EXPECT_EQ(static_cast<std::uint64_t>(at64(&bytes[24])), 0xF000'0000'0000'0001ull);
  EXPECT_EQ(at64(&bytes[32]), 3);
  EXPECT_EQ(at64(&bytes[40]), 4);
  EXPECT_EQ(at64(&bytes[48]), 5);
  EXPECT_EQ(at64(&bytes[56]), 6);
  EXPECT_EQ(at64(&bytes[64]), 7);
  EXPECT_EQ(at64(&bytes[72]), 8);
  Command back;
  ASSERT_TRUE(unpack_command(bytes.data(), back));
  EXPECT_TRUE(same_command(back, c));
  for (const std::size_t reserved : {6u, 7u, 12u, 15u}) {
    auto damaged = bytes;
    damaged[reserved] = 1;
    EXPECT_FALSE(unpack_command(damaged.data(), back)) << reserved;
  }
}

TEST(PackedLayout, EventPerTypeFieldsRoundTrip) {
  for (std::uint8_t type = 1; type <= kMaxEngineEventType; ++type) {
    EngineEvent e;
    e.type = static_cast<EngineEventType>(type);
    e.side = Side::Sell;
    e.code = ResultCode::RiskMaxPosition;
    e.symbol = 11;
    e.venue = 12;
    e.sequence = 13;
    e.timestamp = 1'700'000'000'000'000'014;
    e.order_id = 15;
    e.account = 16;
    e.counter_order_id = 17;
    e.counter_account = 18;
    e.price = 19;
    e.quantity = 20;
    e.remaining = 21;
    e.counter_remaining = 22;
    e.parent_id = 23;
    e.counter_parent_id = 24;
    if (e.type == EngineEventType::Rejected) {
      e.limit = RiskLimit::MaxPosition;
      e.scope = RiskScope::Global;
      e.limit_value = 25;
      e.attempted_value = -26;
    } else if (e.type == EngineEventType::RouteOrder) {
      e.order_type = OrderType::Limit;
      e.tif = TimeInForce::GTD;
      e.flags = kFlagPostOnly;
      e.child_kind = ChildKind::Forward;
      e.display_quantity = 27;
      e.expire_at = 28;
    } else if (e.type == EngineEventType::CircuitBreakerTripped) {
      e.halted_until = 29;
      e.move_bps = 30;
    } else if (e.type == EngineEventType::RouteDone) {
      e.parent_quantity = 31;
      e.filled_notional = 32;
    }
    std::array<unsigned char, kPackedEventSize> bytes{};
    pack_event(e, bytes.data());
    EXPECT_EQ(bytes[0], type);
    EXPECT_EQ(bytes[2] | (bytes[3] << 8), 2003);
    EXPECT_EQ(at64(&bytes[24]), e.timestamp);
    EXPECT_EQ(at64(&bytes[96]), 23);
    const EngineEvent back = unpack_event(bytes.data());
    std::array<unsigned char, kPackedEventSize> again{};
    pack_event(back, again.data());
    EXPECT_EQ(bytes, again) << int(type);
    EXPECT_EQ(back.limit_value, e.limit_value);
    EXPECT_EQ(back.attempted_value, e.attempted_value);
    EXPECT_EQ(back.display_quantity, e.display_quantity);
    EXPECT_EQ(back.expire_at, e.expire_at);
    EXPECT_EQ(back.halted_until, e.halted_until);
    EXPECT_EQ(back.filled_notional, e.filled_notional);
    EXPECT_EQ(back.child_kind, e.child_kind);
    EXPECT_EQ(back.scope, e.scope);
  }
}

TEST(PackedLayout, ResultAndHeader) {
  std::array<unsigned char, kPackedResultSize> result{};
  pack_result(ResultCode::BookFokNotFillable, 3, 0x0102030405060708ull, result.data());
  EXPECT_EQ(result[0] | (result[1] << 8), 1008);
  EXPECT_EQ(result[2], 0);
  EXPECT_EQ(result[4], 3);
  EXPECT_EQ(at64(&result[8]), 0x0102030405060708ll);
  std::array<unsigned char, kPackedBatchHeaderSize> header{};
  pack_batch_header(7, 9, 11, header.data());
  EXPECT_EQ(header[0], 7);
  EXPECT_EQ(header[4], 9);
  EXPECT_EQ(at64(&header[8]), 11);
}

}  // namespace
}  // namespace kestrel::engine
