// Command codec: exact little-endian layout, round trips over edge values and random commands,
// rejection of every malformed field and length, and the accepted-implies-canonical property.
#include "kestrel/engine/codec_command.h"

#include <gtest/gtest.h>

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/codec_int128.h"

#include <limits>
#include <random>
#include <string>

namespace kestrel::engine {
namespace {

Command sample_command() {
  Command c;
  c.type = CommandType::NewOrder;
  c.order_type = OrderType::StopLimit;
  c.tif = TimeInForce::GTD;
  c.side = Side::Sell;
  c.stp = StpMode::CancelBoth;
  c.flags = kFlagPostOnly | kFlagAllOrNone;
  c.symbol = 0x01020304u;
  c.timestamp = 0x1112131415161718;
  c.order_id = 0x2122232425262728u;
  c.account = 0x3132333435363738u;
  c.price = -2;
  c.stop_price = 0x4142434445464748;
  c.quantity = 0x5152535455565758;
  c.display_quantity = 7;
  c.expire_at = std::numeric_limits<std::int64_t>::min();
  return c;
}

Command random_command(std::mt19937_64& random) {
  Command c;
  c.type = static_cast<CommandType>(1 + random() % 7);
  c.order_type = static_cast<OrderType>(random() % 4);
  c.tif = static_cast<TimeInForce>(random() % 5);
  c.side = static_cast<Side>(random() % 2);
  c.stp = static_cast<StpMode>(random() % 4);
  c.flags = static_cast<std::uint8_t>(random() % 4);
  c.symbol = static_cast<SymbolId>(random());
  c.timestamp = static_cast<Timestamp>(random());
  c.order_id = random();
  c.account = random();
  c.price = static_cast<Price>(random());
  c.stop_price = static_cast<Price>(random());
  c.quantity = static_cast<Quantity>(random());
  c.display_quantity = static_cast<Quantity>(random());
  c.expire_at = static_cast<Timestamp>(random());
  return c;
}

TEST(CommandCodec, LayoutIsExplicitLittleEndian) {
  const std::string bytes = encode_command(sample_command());
  ASSERT_EQ(bytes.size(), kCommandEncodedSize);
  const std::string expected_prefix = std::string("\x01\x01\x03\x02\x01\x03\x03\x00", 8) +  // header bytes
                                      std::string("\x04\x03\x02\x01", 4) +                  // symbol
                                      std::string("\x18\x17\x16\x15\x14\x13\x12\x11", 8);   // timestamp
  EXPECT_EQ(bytes.substr(0, 20), expected_prefix);
  EXPECT_EQ(bytes.substr(36, 8), std::string("\xFE\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8));  // price -2
  EXPECT_EQ(bytes.substr(68, 8), std::string("\x00\x00\x00\x00\x00\x00\x00\x80", 8));  // INT64_MIN
}

TEST(CommandCodec, RoundTripsEdgeValues) {
  Command c = sample_command();
  for (const std::int64_t value : {std::numeric_limits<std::int64_t>::min(), std::int64_t{-1}, std::int64_t{0},
                                   std::numeric_limits<std::int64_t>::max()}) {
    c.price = c.stop_price = c.quantity = c.display_quantity = c.expire_at = c.timestamp = value;
    c.order_id = c.account = static_cast<std::uint64_t>(value);
    const CommandDecodeResult decoded = decode_command(encode_command(c));
    ASSERT_TRUE(decoded.ok());
    EXPECT_TRUE(same_command(decoded.command, c));
  }
}

TEST(CommandCodec, RoundTripsRandomCommands) {
  std::mt19937_64 random(7);
  for (int i = 0; i < 10000; ++i) {
    const Command c = random_command(random);
    const CommandDecodeResult decoded = decode_command(encode_command(c));
    ASSERT_TRUE(decoded.ok());
    ASSERT_TRUE(same_command(decoded.command, c));
  }
}

TEST(CommandCodec, RejectsWrongLengths) {
  const std::string bytes = encode_command(sample_command());
  EXPECT_EQ(decode_command("").code, ResultCode::JournalCorrupt);
  EXPECT_EQ(decode_command(bytes.substr(0, kCommandEncodedSize - 1)).code, ResultCode::JournalCorrupt);
  EXPECT_EQ(decode_command(bytes + '\0').code, ResultCode::JournalCorrupt);
}

TEST(CommandCodec, RejectsUnknownCommandTypeWithBookCode) {
  for (const int type : {0, 8, 200, 255}) {
    std::string bytes = encode_command(sample_command());
    bytes[1] = static_cast<char>(type);
    EXPECT_EQ(decode_command(bytes).code, ResultCode::BookUnknownCommand) << type;
  }
}

TEST(CommandCodec, RejectsEveryInvalidHeaderField) {
  struct Case {
    std::size_t offset;
    int value;
  };
  // version, order type, time in force, side, stp, unknown flag bit, reserved byte
  for (const Case bad : {Case{0, 0}, Case{0, 2}, Case{2, 4}, Case{3, 5}, Case{4, 2}, Case{5, 4}, Case{6, 4},
                         Case{6, 0x80}, Case{7, 1}}) {
    std::string bytes = encode_command(sample_command());
    bytes[bad.offset] = static_cast<char>(bad.value);
    EXPECT_EQ(decode_command(bytes).code, ResultCode::JournalCorrupt) << "offset " << bad.offset;
  }
}

TEST(CommandCodec, AcceptedBytesAreCanonical) {
  // Property: any 76-byte string the decoder accepts re-encodes to exactly the same bytes.
  std::mt19937_64 random(99);
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string bytes(kCommandEncodedSize, '\0');
    for (char& b : bytes) b = static_cast<char>(random());
    // Bias the header toward valid values so that a meaningful share of inputs is accepted.
    bytes[0] = 1;
    bytes[1] = static_cast<char>(random() % 9);
    bytes[2] = static_cast<char>(random() % 5);
    bytes[3] = static_cast<char>(random() % 6);
    bytes[4] = static_cast<char>(random() % 3);
    bytes[5] = static_cast<char>(random() % 5);
    bytes[6] = static_cast<char>(random() % 5);
    bytes[7] = static_cast<char>(random() % 2);
    const CommandDecodeResult decoded = decode_command(bytes);
    if (!decoded.ok()) continue;
    ++accepted;
    ASSERT_EQ(encode_command(decoded.command), bytes);
  }
  EXPECT_GT(accepted, 1000);
}

TEST(Int128, SaturatingArithmeticStaysNegatable) {
  const Int128 big = kInt128Max - 5;
  EXPECT_EQ(sat_add(big, 10), kInt128Max);
  EXPECT_EQ(sat_add(-big, -10), -kInt128Max);
  EXPECT_EQ(sat_sub(-big, 10), -kInt128Max);
  EXPECT_EQ(sat_sub(big, -10), kInt128Max);
  EXPECT_EQ(sat_mul(Int128{1} << 100, Int128{1} << 30), kInt128Max);
  EXPECT_EQ(sat_mul(-(Int128{1} << 100), Int128{1} << 30), -kInt128Max);
  EXPECT_EQ(sat_mul(Int128{-3}, Int128{7}), -21);
  EXPECT_EQ(sat_sub(-kInt128Max, 1), -kInt128Max) << "the most negative Int128 is never produced";
  EXPECT_EQ(saturate_to_i64(kInt128Max), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(saturate_to_i64(-kInt128Max), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(saturate_to_i64(-42), -42);
}

TEST(ByteCodec, Int128RoundTripsThroughTwoHalves) {
  for (const Int128 value : {Int128{0}, Int128{-1}, kInt128Max, -kInt128Max, Int128{1} << 64, -(Int128{1} << 64) + 3}) {
    std::string bytes;
    ByteWriter(bytes).i128(value);
    ASSERT_EQ(bytes.size(), 16u);
    ByteReader reader(bytes);
    EXPECT_TRUE(reader.i128() == value);
    EXPECT_TRUE(reader.ok());
    EXPECT_EQ(reader.u8(), 0);
    EXPECT_FALSE(reader.ok()) << "reading past the end fails and stays failed";
  }
}

}  // namespace
}  // namespace kestrel::engine
