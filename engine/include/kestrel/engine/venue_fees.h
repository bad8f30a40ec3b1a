// Fee-adjusted ("effective") prices: what one lot really costs a buyer or yields a seller at a venue,
// in 1/kEffectivePriceScale ticks. Buy: price + price * bps / 10000 + per-lot fee; sell: price - ...
// Because 1 bp of a price in ticks is exactly price units of 1/10,000 tick, the result is exact
// integer arithmetic, computed in 128 bits so no configured fee or price can overflow it.
#pragma once

#include "kestrel/engine/codec_int128.h"
#include "kestrel/engine/venue.h"

namespace kestrel::engine {

/** Liquidity role of a fill: taking from the book or resting in it. */
enum class LiquidityRole : std::uint8_t { Taker = 0, Maker = 1 };

/** Effective price of one lot traded on `side` at `price` under `fees`. */
Int128 effective_price(Side side, Price price, const FeeSchedule& fees, LiquidityRole role) noexcept;

/** True when `a` is a better effective price than `b` for an order on `side` (lower for buys). */
constexpr bool better_effective_price(Side side, Int128 a, Int128 b) noexcept {
  return side == Side::Buy ? a < b : a > b;
}

/** Fee schedules outside these ranges are rejected when a venue is added. */
inline constexpr std::int64_t kMaxFeeBps = 10'000;
inline constexpr std::int64_t kMaxFeePerLot = 1'000'000'000'000'000;  // 10^11 ticks per lot

/** True when every rate and fixed fee is within range. */
bool valid_fee_schedule(const FeeSchedule& fees) noexcept;

}  // namespace kestrel::engine
