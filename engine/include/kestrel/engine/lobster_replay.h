// LOBSTER one-step check: replays a LOBSTER message file through the fast book and compares the book
// with the matching orderbook file after every message (row k of the orderbook file is the state after
// message k).
//
// The book before the file starts is unknown, and a level-L file only reports events inside the top L
// levels, so a continuous replay from an empty book cannot work. The check therefore follows the
// standard one-step method: before message k the book is reconciled to orderbook row k-1 on the levels
// that row shows — missing volume becomes synthetic orders at the back of the level, surplus volume is
// taken from synthetic orders first, levels inside the shown range that the row does not list are
// emptied, and a level that has just scrolled back into view is rebuilt as one synthetic order (the
// file reports nothing outside the top L, so orders held there may have been cancelled unseen) — then
// message k is applied through ordinary engine commands and the top L levels are
// compared with row k. Only levels that are fully known are compared: prices shown in row k-1 (every
// price when that side showed fewer than L levels) and the price message k touched; a level that
// merely scrolled into view from below is reconciled at the next step instead.
//
// Message mapping: 1 submit -> limit NewOrder; 2 partial cancel -> Replace with the reduced quantity
// (keeps priority); 3 delete -> Cancel; 4 visible execution -> an IOC aggressor order at the execution
// price when the executed order is first in time priority at the best level (so the trade goes through
// the matching path), otherwise a direct reduction of that order; 5 hidden execution and 6 cross trade
// -> nothing (the visible book does not change); 7 halt -> HaltSymbol (price -1) / ResumeSymbol (0, 1).
// Cancels and executions of orders the file never added reduce the synthetic volume at their level.
//
// Prices are converted to ticks by the greatest common divisor of all visible prices (100 for the
// sample files); hidden executions at half-cent prices are never applied, so they do not matter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** One row of a LOBSTER message file. */
struct LobsterMessage {
  Timestamp time = 0;  // ns after midnight, parsed from the decimal string without floating point
  int type = 0;
  std::uint64_t order_id = 0;
  std::int64_t size = 0;
  std::int64_t price = 0;  // dollars x 10,000
  int direction = 0;       // 1 buy (bid), -1 sell (ask): the side of the resting order
};

/** A message file and its orderbook file, fully parsed into memory. */
struct LobsterData {
  std::vector<LobsterMessage> messages;
  std::vector<std::int64_t> book;  // rows x (4 * levels): ask price, ask size, bid price, bid size, ...
  std::size_t levels = 0;
};

/** Parses both files; returns an empty string on success, otherwise "<file>:<line>: <reason>". */
std::string load_lobster(const std::string& message_path, const std::string& orderbook_path, LobsterData& out);

/** Outcome and timing of a replay. */
struct LobsterReport {
  std::size_t steps = 0;                 // transitions checked (messages after the first)
  std::size_t mismatches = 0;            // steps whose known levels differed from the orderbook row
  std::size_t levels_compared = 0;
  std::size_t levels_unknown = 0;        // levels skipped because they scrolled into view unseen
  std::size_t reconcile_commands = 0;    // synthetic adds/reductions/removals issued by reconciliation
  std::size_t executions_matched = 0;    // type 4 applied as an aggressor order through matching
  std::size_t executions_direct = 0;     // type 4 applied as a direct reduction of the executed order
  std::size_t engine_commands = 0;       // all commands issued (messages + reconciliation)
  std::int64_t tick = 0;                 // price units per tick
  double check_seconds = 0;              // the whole one-step check loop
  double apply_seconds = 0;              // best timed replay of the issued commands, fast book (>= 0.2 s of runs)
  double reference_apply_seconds = 0;    // the same replay on the reference book
  std::vector<std::string> first_mismatches;  // up to 5 descriptions
};

/** Runs the one-step check, then times at least `timing_runs` replays of the issued command stream. */
LobsterReport replay_lobster(const LobsterData& data, int timing_runs = 5);

}  // namespace kestrel::engine
