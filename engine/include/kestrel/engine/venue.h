// Execution venues as the order router sees them: a static configuration (fees, latency estimate,
// whether it is the internal book) plus a VenueAdapter that returns a depth snapshot on request.
// External venue adapters and the internal book (venue_internal_book.h) implement the same
// interface, so the router ranks all liquidity in one merged walk.
// Fee units: rates in basis points of the price (negative = rebate) and fixed fees per lot in
// 1/10,000 of a tick (kEffectivePriceScale), so both combine exactly with a price in ticks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kestrel/engine/types.h"

namespace kestrel::engine {

using VenueId = std::uint32_t;

/** Effective prices and per-lot fees are expressed in 1/kEffectivePriceScale ticks. */
inline constexpr std::int64_t kEffectivePriceScale = 10'000;

/** What trading at a venue costs. Taker applies when removing liquidity, maker when resting. */
struct FeeSchedule {
  std::int64_t taker_bps = 0;      // of the price; within [-10000, 10000]
  std::int64_t maker_bps = 0;      // of the price; negative = rebate
  std::int64_t taker_per_lot = 0;  // 1/10,000 tick per lot
  std::int64_t maker_per_lot = 0;  // 1/10,000 tick per lot
};

/** Static description of a venue. */
struct VenueConfig {
  VenueId id = 0;
  std::string name;
  FeeSchedule fees;
  std::int64_t latency_ns = 0;  // round-trip estimate, the tie-break between equal effective prices
  bool internal = false;        // the engine's own book: preferred on equal effective price
};

/** One aggregated price level of a venue. */
struct VenueLevel {
  Price price = 0;
  Quantity quantity = 0;
};

/** Whether a venue can take orders for a symbol right now. */
enum class VenueStatus : std::uint8_t {
  Available = 0,
  Unavailable = 1,    // disconnected, halted, throttled: retry later
  UnknownSymbol = 2,  // the venue does not list the symbol at all
};

/** A depth snapshot of one side of one symbol at one venue; levels best first. */
struct VenueQuote {
  VenueStatus status = VenueStatus::Unavailable;
  std::vector<VenueLevel> levels;
};

/** Source of depth for one venue. Implementations must not block (they serve cached snapshots). */
class VenueAdapter {
 public:
  virtual ~VenueAdapter() = default;
  /** Up to `max_levels` levels of `book_side` (Sell = asks, which a buy order takes) of `symbol`. */
  virtual VenueQuote quote(SymbolId symbol, Side book_side, std::size_t max_levels) const = 0;
};

}  // namespace kestrel::engine
