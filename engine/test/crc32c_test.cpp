// CRC-32C: the standard check value, RFC 3720 (iSCSI) vectors, and agreement of the slicing-by-8
// implementation with a bit-at-a-time reference over every length, split point and alignment.
#include "kestrel/engine/crc32c.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

namespace kestrel::engine {
namespace {

std::uint32_t bitwise_crc32c(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char c : bytes) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? 0x82F63B78u : 0u);
  }
  return ~crc;
}

TEST(Crc32c, StandardCheckValue) { EXPECT_EQ(crc32c("123456789"), 0xE3069283u); }

TEST(Crc32c, EmptyInputIsZero) { EXPECT_EQ(crc32c(""), 0u); }

TEST(Crc32c, Rfc3720Vectors) {
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(crc32c(std::string(32, '\xFF')), 0x62A8AB43u);
  std::string ascending;
  std::string descending;
  for (int i = 0; i < 32; ++i) {
    ascending.push_back(static_cast<char>(i));
    descending.push_back(static_cast<char>(31 - i));
  }
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
  EXPECT_EQ(crc32c(descending), 0x113FDB5Cu);
}

TEST(Crc32c, MatchesBitwiseReferenceForEveryLengthAndAlignment) {
  std::mt19937_64 random(42);
  std::string data(300, '\0');
  for (char& c : data) c = static_cast<char>(random());
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t length = 0; offset + length <= data.size(); length += 7) {
      const std::string slice = data.substr(offset, length);
      ASSERT_EQ(crc32c(slice), bitwise_crc32c(slice)) << "offset " << offset << " length " << length;
    }
  }
}

TEST(Crc32c, ExtendEqualsOneShotAtEverySplit) {
  const std::string data = "The quick brown fox jumps over the lazy dog, 0123456789 times.";
  const std::uint32_t whole = crc32c(data);
  for (std::size_t split = 0; split <= data.size(); ++split) {
    const std::uint32_t first = crc32c_extend(0, data.data(), split);
    EXPECT_EQ(crc32c_extend(first, data.data() + split, data.size() - split), whole) << "split " << split;
  }
}

TEST(Crc32c, DetectsEverySingleBitFlip) {
  const std::string data = "journal record payload";
  const std::uint32_t original = crc32c(data);
  for (std::size_t byte = 0; byte < data.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = data;
      flipped[byte] = static_cast<char>(flipped[byte] ^ (1 << bit));
      EXPECT_NE(crc32c(flipped), original);
    }
  }
}

}  // namespace
}  // namespace kestrel::engine
