// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) used to protect journal records and snapshot
// files. Software slicing-by-8 so it is portable and dependency free; it runs at roughly a byte per
// cycle, far above what fdatasync-bound durability needs. Known limit: no SSE4.2/ARMv8 hardware path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kestrel::engine {

/** Continues a CRC-32C over `size` more bytes; start from 0 (the standard pre/post inversion is internal). */
std::uint32_t crc32c_extend(std::uint32_t crc, const void* data, std::size_t size) noexcept;

/** The CRC-32C of `bytes` ("123456789" -> 0xE3069283). */
inline std::uint32_t crc32c(std::string_view bytes) noexcept {
  return crc32c_extend(0, bytes.data(), bytes.size());
}

}  // namespace kestrel::engine
