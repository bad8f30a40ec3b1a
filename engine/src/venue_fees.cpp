// Effective price arithmetic.
#include "kestrel/engine/venue_fees.h"

namespace kestrel::engine {

Int128 effective_price(Side side, Price price, const FeeSchedule& fees, LiquidityRole role) noexcept {
  const bool taker = role == LiquidityRole::Taker;
  const Int128 fee = Int128{price} * (taker ? fees.taker_bps : fees.maker_bps) +
                     (taker ? fees.taker_per_lot : fees.maker_per_lot);
  const Int128 scaled = Int128{price} * kEffectivePriceScale;
  return side == Side::Buy ? scaled + fee : scaled - fee;
}

bool valid_fee_schedule(const FeeSchedule& fees) noexcept {
  auto within = [](std::int64_t value, std::int64_t bound) { return value >= -bound && value <= bound; };
  return within(fees.taker_bps, kMaxFeeBps) && within(fees.maker_bps, kMaxFeeBps) &&
         within(fees.taker_per_lot, kMaxFeePerLot) && within(fees.maker_per_lot, kMaxFeePerLot);
}

}  // namespace kestrel::engine
