// Slicing-by-8 CRC-32C: eight 256-entry tables built at compile time let the main loop fold eight input
// bytes per iteration with independent table lookups instead of one dependent lookup per byte.
#include "kestrel/engine/crc32c.h"

#include <array>

namespace kestrel::engine {
namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78u;  // Castagnoli, bit-reversed

using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables make_tables() {
  Tables tables{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? kPolynomial : 0u);
    tables[0][byte] = crc;
  }
  for (std::size_t slice = 1; slice < 8; ++slice) {
    for (std::size_t byte = 0; byte < 256; ++byte) {
      const std::uint32_t previous = tables[slice - 1][byte];
      tables[slice][byte] = (previous >> 8) ^ tables[0][previous & 0xFFu];
    }
  }
  return tables;
}

constexpr Tables kTables = make_tables();

}  // namespace

std::uint32_t crc32c_extend(std::uint32_t crc, const void* data, std::size_t size) noexcept {
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::uint32_t state = ~crc;
  while (size >= 8) {
    // Assemble little-endian words byte by byte: alignment- and endianness-independent.
    const std::uint32_t low = state ^ (std::uint32_t{bytes[0]} | std::uint32_t{bytes[1]} << 8 |
                                       std::uint32_t{bytes[2]} << 16 | std::uint32_t{bytes[3]} << 24);
    state = kTables[7][low & 0xFFu] ^ kTables[6][(low >> 8) & 0xFFu] ^ kTables[5][(low >> 16) & 0xFFu] ^
            kTables[4][low >> 24] ^ kTables[3][bytes[4]] ^ kTables[2][bytes[5]] ^ kTables[1][bytes[6]] ^
            kTables[0][bytes[7]];
    bytes += 8;
    size -= 8;
  }
  while (size-- > 0) state = (state >> 8) ^ kTables[0][(state ^ *bytes++) & 0xFFu];
  return ~state;
}

}  // namespace kestrel::engine
