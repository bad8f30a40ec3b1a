// In-memory depth snapshots for a venue.
#include "kestrel/engine/venue_static.h"

#include <utility>

namespace kestrel::engine {

void StaticVenueAdapter::set_depth(SymbolId symbol, std::vector<VenueLevel> bids, std::vector<VenueLevel> asks) {
  Book& book = books_[symbol];
  book.status = VenueStatus::Available;
  book.bids = std::move(bids);
  book.asks = std::move(asks);
}

void StaticVenueAdapter::set_status(SymbolId symbol, VenueStatus status) { books_[symbol].status = status; }

void StaticVenueAdapter::remove_symbol(SymbolId symbol) { books_.erase(symbol); }

VenueQuote StaticVenueAdapter::quote(SymbolId symbol, Side book_side, std::size_t max_levels) const {
  VenueQuote quote;
  const auto it = books_.find(symbol);
  if (it == books_.end() || it->second.status == VenueStatus::UnknownSymbol) {
    quote.status = VenueStatus::UnknownSymbol;
    return quote;
  }
  quote.status = it->second.status;
  if (quote.status != VenueStatus::Available) return quote;
  const std::vector<VenueLevel>& levels = book_side == Side::Buy ? it->second.bids : it->second.asks;
  const std::size_t count = levels.size() < max_levels ? levels.size() : max_levels;
  quote.levels.assign(levels.begin(), levels.begin() + static_cast<std::ptrdiff_t>(count));
  return quote;
}

}  // namespace kestrel::engine
