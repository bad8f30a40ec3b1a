// The matching engine: routes Commands to one book per symbol, owns the engine-wide event sequence and
// the session commands (AdvanceTime, EndSession, HaltSymbol, ResumeSymbol), and exposes queries,
// invariant checks, a layout-independent state hash and exact serialise/restore.
// BasicMatchingEngine is a template over the book so the fast book (MatchingEngine) and the reference
// book (ReferenceMatchingEngine) share this routing code and are compared through one interface; both
// instantiations are compiled once in matching_engine.cpp.
// Invariants: single-threaded and deterministic — the output depends only on the command sequence (time
// comes in on each Command); every event of a command carries the next sequence numbers, gap-free;
// GTD orders expire before any command whose timestamp has reached their expire_at is applied.
// Known limits: order ids are unique per symbol (commands address a (symbol, order id) pair); a book
// is created on the first NewOrder or HaltSymbol for its symbol and never dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kestrel/engine/book_state.h"
#include "kestrel/engine/book_types.h"
#include "kestrel/engine/fast_book.h"
#include "kestrel/engine/reference_book.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Routes commands to per-symbol books of type `Book` (FastBook or ReferenceBook). */
template <class Book>
class BasicMatchingEngine {
 public:
  BasicMatchingEngine() = default;
  BasicMatchingEngine(const BasicMatchingEngine&) = delete;
  BasicMatchingEngine& operator=(const BasicMatchingEngine&) = delete;

  /**
   * Applies one command, appending its events to `out` (not cleared, so one buffer can be reused).
   * Returns Ok, or the code of the Rejected event when the command was refused.
   */
  ResultCode process(const Command& command, std::vector<Event>& out);

  /** Applies one command and hands each event to `sink.on_event(const Event&)` (no virtual call). */
  template <class Sink>
  ResultCode process_to(const Command& command, Sink& sink) {
    scratch_.clear();
    const ResultCode code = process(command, scratch_);
    for (const Event& e : scratch_) sink.on_event(e);
    return code;
  }

  /** The live order (resting or pending stop), if any. */
  std::optional<OrderView> find_order(SymbolId symbol, OrderId id) const;
  /** Best bid and ask of a symbol (empty for an unknown symbol). */
  TopOfBook top_of_book(SymbolId symbol) const;
  /** Up to `levels` aggregated levels of one side, best first. */
  std::vector<LevelView> depth(SymbolId symbol, Side side, std::size_t levels) const;
  /** The orders resting at one price level in time priority. */
  std::vector<OrderView> level_orders(SymbolId symbol, Side side, Price price) const;
  /** Every live order of a symbol in priority order: bids, asks, buy stops, sell stops. */
  std::vector<OrderView> open_orders(SymbolId symbol) const;
  /** Symbols that have a book, ascending. */
  std::vector<SymbolId> symbols() const;
  /** True while the symbol is halted. */
  bool halted(SymbolId symbol) const;
  /** The book of a symbol, or nullptr. */
  const Book* book(SymbolId symbol) const;
  /** Sequence number of the last event emitted (0 before the first). */
  Sequence last_sequence() const noexcept { return sequence_; }

  /** Checks every book's invariants (not crossed, level sizes, index); describes the first failure. */
  bool validate_internal_state(std::string* error = nullptr) const;
  /** Deterministic 64-bit hash of the full state, equal for equal states whatever the book type. */
  std::uint64_t state_hash() const;

  /** The canonical state of the engine. */
  EngineState export_state() const;
  /** Validates `state` and, only if it is valid, replaces the engine's state with it. */
  StateResult import_state(const EngineState& state);
  /** Appends the versioned, checksummed byte encoding of the full state (state_serialization.h). */
  void serialize(std::string& out) const;
  /** Decodes, validates and installs bytes from serialize(); on error the engine is left unchanged. */
  StateResult restore(std::string_view bytes);

 private:
  Book* find_book(SymbolId symbol) const;
  Book& book_for(SymbolId symbol);
  void expire(Timestamp now, std::vector<Event>& out);
  void note_expiry(const Book& book) noexcept;

  std::map<SymbolId, std::unique_ptr<Book>> books_;  // ordered: expiry and hashing go by symbol
  mutable SymbolId cached_symbol_ = 0;
  mutable Book* cached_book_ = nullptr;
  Sequence sequence_ = 0;
  Timestamp next_expiry_ = std::numeric_limits<Timestamp>::max();  // lower bound over all books
  std::vector<Event> scratch_;
};

/** The production engine on the fast book. */
using MatchingEngine = BasicMatchingEngine<FastBook>;
/** The same engine on the reference book: the oracle in tests and the baseline in benchmarks. */
using ReferenceMatchingEngine = BasicMatchingEngine<ReferenceBook>;

extern template class BasicMatchingEngine<FastBook>;
extern template class BasicMatchingEngine<ReferenceBook>;

}  // namespace kestrel::engine
