// Average-cost position of one account in one symbol: signed quantity, signed cost basis and
// realised P&L. Invariants: cost == 0 whenever quantity == 0; reducing by c lots releases
// cost * c / |quantity| (truncated toward zero), and closing the rest releases exactly the remaining
// cost, so rounding never leaks P&L over a round trip. Values are 128-bit, so with prices and fills in
// the engine's ranges nothing comes near overflow; accumulations saturate at +-(2^127 - 1) rather than
// wrap, so even absurd input (or a crafted snapshot) cannot cause undefined behaviour.
#pragma once

#include "kestrel/engine/codec_int128.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** One account's position in one symbol. */
struct RiskPosition {
  Int128 quantity = 0;        // lots, long > 0
  Int128 cost = 0;            // sum of signed lots x entry price of the open quantity (ticks x lots)
  Int128 realized = 0;        // lifetime realised P&L (ticks x lots)
  Int128 realized_today = 0;  // realised since the last new-day call

  /** Applies a fill and returns the realised P&L it produced. */
  Int128 apply_fill(Side side, Price price, Quantity quantity) noexcept;

  /** Mark-to-market P&L of the open quantity at `mark`. */
  Int128 unrealized(Price mark) const noexcept { return sat_sub(sat_mul(mark, quantity), cost); }
};

}  // namespace kestrel::engine
