// A VenueAdapter that serves depth snapshots pushed into it: how an external venue connection or a
// market-data feed hands the router its latest view (and how tests describe venues). Per symbol it
// keeps both sides and a status; unknown symbols report UnknownSymbol.
// Invariant: quote() returns exactly what the last set_depth()/set_status() stored, truncated to the
// requested number of levels; validation of level order is the router's job.
#pragma once

#include <map>
#include <vector>

#include "kestrel/engine/venue.h"

namespace kestrel::engine {

/** Depth snapshots held in memory and updated by the owner. Not thread-safe. */
class StaticVenueAdapter final : public VenueAdapter {
 public:
  /** Replaces the depth of `symbol` (bids highest first, asks lowest first) and marks it Available. */
  void set_depth(SymbolId symbol, std::vector<VenueLevel> bids, std::vector<VenueLevel> asks);
  /** Changes the status of a listed symbol (e.g. Unavailable while disconnected). */
  void set_status(SymbolId symbol, VenueStatus status);
  /** Stops listing `symbol`. */
  void remove_symbol(SymbolId symbol);

  VenueQuote quote(SymbolId symbol, Side book_side, std::size_t max_levels) const override;

 private:
  struct Book {
    VenueStatus status = VenueStatus::Available;
    std::vector<VenueLevel> bids;
    std::vector<VenueLevel> asks;
  };
  std::map<SymbolId, Book> books_;
};

}  // namespace kestrel::engine
