// The signed 128-bit integer used wherever a product of two 64-bit engine integers (price x quantity,
// cost basis, P&L, fee-adjusted prices) must not overflow, saturating add/sub/mul for sums that
// accumulate without bound (realised P&L, firm-wide totals), and the saturating narrowing used when
// such a value is reported through a 64-bit field. Saturated values stay within +-kInt128Max so that
// negating them is always defined. GCC/Clang builtin type and overflow builtins; `__extension__` keeps
// -Wpedantic quiet. Known limit: not portable to MSVC (the engine targets GCC/Clang).
#pragma once

#include <cstdint>
#include <limits>

namespace kestrel::engine {

__extension__ typedef __int128 Int128;

/** Largest magnitude a saturated value takes (2^127 - 1; the negative bound is its negation). */
inline constexpr Int128 kInt128Max = ((Int128{1} << 126) - 1) + (Int128{1} << 126);

/** `value` clamped into [-kInt128Max, kInt128Max]. */
constexpr Int128 clamp_int128(Int128 value) noexcept { return value < -kInt128Max ? -kInt128Max : value; }

/** a + b, saturated. */
constexpr Int128 sat_add(Int128 a, Int128 b) noexcept {
  Int128 sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return b > 0 ? kInt128Max : -kInt128Max;
  return clamp_int128(sum);
}

/** a - b, saturated. */
constexpr Int128 sat_sub(Int128 a, Int128 b) noexcept {
  Int128 difference = 0;
  if (__builtin_sub_overflow(a, b, &difference)) return b < 0 ? kInt128Max : -kInt128Max;
  return clamp_int128(difference);
}

/** a * b, saturated. */
constexpr Int128 sat_mul(Int128 a, Int128 b) noexcept {
  // Fast path: two 64-bit factors cannot overflow 128 bits (the checked 128-bit multiply is a libcall).
  constexpr Int128 kLow = -(Int128{1} << 63);
  constexpr Int128 kHigh = (Int128{1} << 63) - 1;
  if (a >= kLow && a <= kHigh && b >= kLow && b <= kHigh) return a * b;
  Int128 product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return (a < 0) == (b < 0) ? kInt128Max : -kInt128Max;
  return clamp_int128(product);
}

/** `value` clamped into the int64 range (reports stay meaningful when an exact value would not fit). */
constexpr std::int64_t saturate_to_i64(Int128 value) noexcept {
  if (value > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  if (value < std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

}  // namespace kestrel::engine
