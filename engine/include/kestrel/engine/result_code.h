// Stable result codes for every business outcome of the engine, grouped by stage as in exchange-core:
// book 1xxx, risk 2xxx, routing 3xxx, durability 4xxx, engine pipeline 5xxx. Numbers and names never
// change once released; the TypeScript facade maps them to the same AREA_REASON strings.
#pragma once

#include <cstdint>
#include <string_view>

namespace kestrel::engine {

enum class ResultCode : std::uint16_t {
  Ok = 0,

  BookUnknownOrder = 1001,
  BookDuplicateOrderId = 1002,
  BookInvalidQuantity = 1003,
  BookInvalidPrice = 1004,
  BookWrongOwner = 1005,
  BookSymbolHalted = 1006,
  BookPostOnlyWouldCross = 1007,
  BookFokNotFillable = 1008,
  BookNoLiquidity = 1009,         // market order (or remainder) with nothing to match
  BookInvalidOrder = 1010,        // inconsistent type / time in force / flags combination
  BookExpireTimeInPast = 1011,
  BookSelfTradePrevented = 1012,  // cancellation reason under self-trade prevention
  BookIocRemainderCancelled = 1013,
  BookUserCancelled = 1014,
  BookUnknownCommand = 1015,
  BookStateCorrupt = 1016,        // serialised book state fails its version, length, checksum or invariant checks
  BookUnsupportedOrder = 1017,    // valid but unsupported request (all-or-none flag, replace of an untriggered stop)

  RiskMaxOrderQuantity = 2001,
  RiskMaxOrderNotional = 2002,
  RiskMaxPosition = 2003,
  RiskMaxOpenOrders = 2004,
  RiskMaxDailyLoss = 2005,
  RiskPriceCollar = 2006,
  RiskCircuitBreaker = 2007,
  RiskKillSwitchHalt = 2008,
  RiskReduceOnly = 2009,
  RiskKillSwitchCancelled = 2010,
  RiskNoReferencePrice = 2011,    // market order needs a reference price for a notional/collar limit
  RiskInvalidLimit = 2012,        // a limit or configuration value out of range (negative, zero window)
  RiskInvalidFill = 2013,         // a fill with a non-positive price or quantity was not applied

  RouteNoVenue = 3001,
  RouteVenueUnavailable = 3002,
  RouteNoLiquidity = 3003,
  RouteInvalidOrder = 3004,       // non-positive quantity, unsupported order type, price out of range
  RouteUnknownOrder = 3005,       // fill or completion for a child/parent order the router does not track
  RouteDuplicateOrder = 3006,     // a parent order id that is already being routed
  RouteInvalidVenue = 3007,       // venue configuration rejected (duplicate id, second internal venue, fee range)
  RouteUnsupportedRequest = 3008, // replace of a routed parent order or of one of its child orders

  JournalWriteFailed = 4001,
  JournalCorrupt = 4002,
  SnapshotCorrupt = 4003,
  SnapshotWriteFailed = 4004,
  SnapshotNotFound = 4005,
  JournalReadFailed = 4006,       // I/O error opening, reading, listing or truncating journal segments
  SnapshotReadFailed = 4007,      // I/O error (other than a missing file) reading a snapshot

  EngineNotDurable = 5001,        // snapshot requested from an engine running without a data directory
};

/** The stable AREA_REASON name of a code, e.g. "BOOK_UNKNOWN_ORDER"; "UNKNOWN" for an unlisted value. */
std::string_view result_code_name(ResultCode code) noexcept;

}  // namespace kestrel::engine
