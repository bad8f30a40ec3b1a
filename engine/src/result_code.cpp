#include "kestrel/engine/result_code.h"

namespace kestrel::engine {

std::string_view result_code_name(ResultCode code) noexcept {
  switch (code) {
    case ResultCode::Ok: return "OK";
    case ResultCode::BookUnknownOrder: return "BOOK_UNKNOWN_ORDER";
    case ResultCode::BookDuplicateOrderId: return "BOOK_DUPLICATE_ORDER_ID";
    case ResultCode::BookInvalidQuantity: return "BOOK_INVALID_QUANTITY";
    case ResultCode::BookInvalidPrice: return "BOOK_INVALID_PRICE";
    case ResultCode::BookWrongOwner: return "BOOK_WRONG_OWNER";
    case ResultCode::BookSymbolHalted: return "BOOK_SYMBOL_HALTED";
    case ResultCode::BookPostOnlyWouldCross: return "BOOK_POST_ONLY_WOULD_CROSS";
    case ResultCode::BookFokNotFillable: return "BOOK_FOK_NOT_FILLABLE";
    case ResultCode::BookNoLiquidity: return "BOOK_NO_LIQUIDITY";
    case ResultCode::BookInvalidOrder: return "BOOK_INVALID_ORDER";
    case ResultCode::BookExpireTimeInPast: return "BOOK_EXPIRE_TIME_IN_PAST";
    case ResultCode::BookSelfTradePrevented: return "BOOK_SELF_TRADE_PREVENTED";
    case ResultCode::BookIocRemainderCancelled: return "BOOK_IOC_REMAINDER_CANCELLED";
    case ResultCode::BookUserCancelled: return "BOOK_USER_CANCELLED";
    case ResultCode::BookUnknownCommand: return "BOOK_UNKNOWN_COMMAND";
    case ResultCode::BookStateCorrupt: return "BOOK_STATE_CORRUPT";
    case ResultCode::BookUnsupportedOrder: return "BOOK_UNSUPPORTED_ORDER";
    case ResultCode::RiskMaxOrderQuantity: return "RISK_MAX_ORDER_QUANTITY";
    case ResultCode::RiskMaxOrderNotional: return "RISK_MAX_ORDER_NOTIONAL";
    case ResultCode::RiskMaxPosition: return "RISK_MAX_POSITION";
    case ResultCode::RiskMaxOpenOrders: return "RISK_MAX_OPEN_ORDERS";
    case ResultCode::RiskMaxDailyLoss: return "RISK_MAX_DAILY_LOSS";
    case ResultCode::RiskPriceCollar: return "RISK_PRICE_COLLAR";
    case ResultCode::RiskCircuitBreaker: return "RISK_CIRCUIT_BREAKER";
    case ResultCode::RiskKillSwitchHalt: return "RISK_KILL_SWITCH_HALT";
    case ResultCode::RiskReduceOnly: return "RISK_REDUCE_ONLY";
    case ResultCode::RiskKillSwitchCancelled: return "RISK_KILL_SWITCH_CANCELLED";
    case ResultCode::RiskNoReferencePrice: return "RISK_NO_REFERENCE_PRICE";
    case ResultCode::RiskInvalidLimit: return "RISK_INVALID_LIMIT";
    case ResultCode::RiskInvalidFill: return "RISK_INVALID_FILL";
    case ResultCode::RouteNoVenue: return "ROUTE_NO_VENUE";
    case ResultCode::RouteVenueUnavailable: return "ROUTE_VENUE_UNAVAILABLE";
    case ResultCode::RouteNoLiquidity: return "ROUTE_NO_LIQUIDITY";
    case ResultCode::RouteInvalidOrder: return "ROUTE_INVALID_ORDER";
    case ResultCode::RouteUnknownOrder: return "ROUTE_UNKNOWN_ORDER";
    case ResultCode::RouteDuplicateOrder: return "ROUTE_DUPLICATE_ORDER";
    case ResultCode::RouteInvalidVenue: return "ROUTE_INVALID_VENUE";
    case ResultCode::RouteUnsupportedRequest: return "ROUTE_UNSUPPORTED_REQUEST";
    case ResultCode::JournalWriteFailed: return "JOURNAL_WRITE_FAILED";
    case ResultCode::JournalCorrupt: return "JOURNAL_CORRUPT";
    case ResultCode::SnapshotCorrupt: return "SNAPSHOT_CORRUPT";
    case ResultCode::SnapshotWriteFailed: return "SNAPSHOT_WRITE_FAILED";
    case ResultCode::SnapshotNotFound: return "SNAPSHOT_NOT_FOUND";
    case ResultCode::JournalReadFailed: return "JOURNAL_READ_FAILED";
    case ResultCode::SnapshotReadFailed: return "SNAPSHOT_READ_FAILED";
    case ResultCode::EngineNotDurable: return "ENGINE_NOT_DURABLE";
  }
  return "UNKNOWN";
}

}  // namespace kestrel::engine
