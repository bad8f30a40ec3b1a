// The signed 128-bit integer used wherever a product of two 64-bit engine integers (price x quantity,
// cost basis, P&L, fee-adjusted prices) must not overflow, plus the saturating narrowing used when such
// a value is reported through a 64-bit field. GCC/Clang builtin type; `__extension__` keeps -Wpedantic
// quiet. Known limit: not portable to MSVC (the engine targets GCC/Clang on Linux and macOS).
#pragma once

#include <cstdint>
#include <limits>

namespace kestrel::engine {

__extension__ typedef __int128 Int128;

/** `value` clamped into the int64 range (reports stay meaningful when an exact value would not fit). */
constexpr std::int64_t saturate_to_i64(Int128 value) noexcept {
  if (value > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  if (value < std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

}  // namespace kestrel::engine
