// The engine's own order book exposed to the router through the VenueAdapter interface: depth comes
// from the matching engine's aggregated displayed levels (iceberg reserves are not counted, so the
// router never plans on hidden quantity). A halted symbol reports Unavailable; a symbol without a
// book reports Available with no levels, because the internal book accepts resting orders for any
// symbol. Holds a reference: the engine must outlive the adapter.
#pragma once

#include "kestrel/engine/matching_engine.h"
#include "kestrel/engine/venue.h"

namespace kestrel::engine {

/** VenueAdapter over a BasicMatchingEngine (MatchingEngine or ReferenceMatchingEngine). */
template <class Engine>
class InternalBookVenue final : public VenueAdapter {
 public:
  explicit InternalBookVenue(const Engine& engine) noexcept : engine_(engine) {}

  VenueQuote quote(SymbolId symbol, Side book_side, std::size_t max_levels) const override {
    VenueQuote quote;
    if (engine_.halted(symbol)) {
      quote.status = VenueStatus::Unavailable;
      return quote;
    }
    quote.status = VenueStatus::Available;
    for (const LevelView& level : engine_.depth(symbol, book_side, max_levels)) {
      quote.levels.push_back(VenueLevel{level.price, level.quantity});
    }
    return quote;
  }

 private:
  const Engine& engine_;
};

}  // namespace kestrel::engine
