// The canonical, layout-independent state of an order book and of the whole engine, used for
// state_hash(), serialisation and restore. Both book implementations export to and import from this
// form, so a state written by one can be restored into the other.
// Invariants (checked by validate_book_state): orders are listed in priority order — bids best (highest)
// price first, asks best (lowest) first, FIFO within a price; buy stops by ascending stop price, sell
// stops by descending stop price, FIFO within a stop price. Priority is the list position, so no
// arrival sequence numbers are stored and equal states hash equally whatever the memory layout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kestrel/engine/book_types.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Everything one symbol's book needs to behave identically after a restore. */
struct BookState {
  SymbolId symbol = 0;
  bool halted = false;
  Price last_trade_price = 0;  // 0 = no trade yet (stops cannot be triggered on entry)
  std::vector<OrderState> bids;        // resting buys, priority order
  std::vector<OrderState> asks;        // resting sells, priority order
  std::vector<OrderState> buy_stops;   // untriggered buy stops, trigger order
  std::vector<OrderState> sell_stops;  // untriggered sell stops, trigger order
};

/** The engine: its event sequence counter and every book, ascending by symbol. */
struct EngineState {
  Sequence sequence = 0;
  std::vector<BookState> books;
};

/** Outcome of validating or decoding state: Ok, or BookStateCorrupt with a human-readable reason. */
struct StateResult {
  ResultCode code = ResultCode::Ok;
  std::string message;
  bool ok() const noexcept { return code == ResultCode::Ok; }
};

/** Deterministic 64-bit hash of a book state (fixed field order, no padding or pointers hashed). */
std::uint64_t hash_book_state(const BookState& state) noexcept;

/** Combines the sequence counter with per-book hashes given in ascending symbol order. */
std::uint64_t hash_engine_state(Sequence sequence, const std::vector<std::uint64_t>& book_hashes) noexcept;

/** Checks every invariant a live book guarantees (ranges, ordering, uniqueness, not crossed). */
StateResult validate_book_state(const BookState& state);

/** Checks each book and that symbols are strictly ascending. */
StateResult validate_engine_state(const EngineState& state);

}  // namespace kestrel::engine
