// Core value types of the Kestrel engine: identifiers, prices, quantities, commands and events.
// Invariants: prices are integer ticks and quantities integer lots (never floating point); time is
// always an input (nanoseconds since the Unix epoch, supplied by the caller) so the engine stays
// deterministic. Commands and events are plain structs with no pointers so they can be journaled,
// hashed and copied across the N-API boundary byte for byte.
#pragma once

#include <cstdint>

#include "kestrel/engine/result_code.h"

namespace kestrel::engine {

using Price = std::int64_t;      // ticks
using Quantity = std::int64_t;   // lots
using OrderId = std::uint64_t;
using AccountId = std::uint64_t;
using SymbolId = std::uint32_t;
using Timestamp = std::int64_t;  // ns since the Unix epoch
using Sequence = std::uint64_t;

enum class Side : std::uint8_t { Buy = 0, Sell = 1 };

enum class OrderType : std::uint8_t {
  Limit = 0,
  Market = 1,
  Stop = 2,       // becomes a market order when triggered
  StopLimit = 3,  // becomes a limit order at `price` when triggered
};

enum class TimeInForce : std::uint8_t {
  GTC = 0,
  DAY = 1,  // expires at the session end command
  GTD = 2,  // expires at `expire_at`
  IOC = 3,
  FOK = 4,
};

/** Self-trade prevention when an incoming order would match a resting order of the same account. */
enum class StpMode : std::uint8_t { None = 0, CancelNewest = 1, CancelOldest = 2, CancelBoth = 3 };

/** Bit flags on a new order. */
enum OrderFlags : std::uint8_t {
  kFlagNone = 0,
  kFlagPostOnly = 1 << 0,
  kFlagAllOrNone = 1 << 1,
};

enum class CommandType : std::uint8_t {
  NewOrder = 1,
  Cancel = 2,
  Replace = 3,         // new price and/or quantity for `order_id`
  AdvanceTime = 4,     // expires GTD orders whose expire_at <= timestamp
  EndSession = 5,      // expires DAY orders of `symbol` (all symbols when symbol == 0)
  HaltSymbol = 6,
  ResumeSymbol = 7,
};

/** One input to the engine. Fields not used by a command type are zero. */
struct Command {
  CommandType type = CommandType::NewOrder;
  OrderType order_type = OrderType::Limit;
  TimeInForce tif = TimeInForce::GTC;
  Side side = Side::Buy;
  StpMode stp = StpMode::None;
  std::uint8_t flags = kFlagNone;
  SymbolId symbol = 0;
  Timestamp timestamp = 0;
  OrderId order_id = 0;
  AccountId account = 0;
  Price price = 0;               // limit price (Limit, StopLimit, Replace)
  Price stop_price = 0;          // trigger price (Stop, StopLimit)
  Quantity quantity = 0;         // total quantity (NewOrder, Replace)
  Quantity display_quantity = 0; // iceberg peak; 0 = fully displayed
  Timestamp expire_at = 0;       // GTD only
};

enum class EventType : std::uint8_t {
  Accepted = 1,
  Rejected = 2,
  Trade = 3,
  Cancelled = 4,
  Replaced = 5,
  Triggered = 6,
  Expired = 7,
};

/**
 * One outcome of a command. For a Trade, `order_id`/`account` is the incoming (aggressor) order and
 * `counter_order_id`/`counter_account` the resting one; `price` is always the resting order's price.
 * `remaining` is the open quantity of `order_id` after the event (`counter_remaining` the same for the
 * resting side of a Trade). `code` explains rejections and
 * cancellations that the engine initiated (IOC remainder, self-trade prevention, no liquidity, ...).
 */
struct Event {
  EventType type = EventType::Accepted;
  Side side = Side::Buy;
  ResultCode code = ResultCode::Ok;
  SymbolId symbol = 0;
  Sequence sequence = 0;  // engine-wide, strictly increasing
  Timestamp timestamp = 0;
  OrderId order_id = 0;
  AccountId account = 0;
  OrderId counter_order_id = 0;
  AccountId counter_account = 0;
  Price price = 0;
  Quantity quantity = 0;
  Quantity remaining = 0;
  Quantity counter_remaining = 0;  // Trade only: open quantity of the resting order after the trade
};

}  // namespace kestrel::engine
