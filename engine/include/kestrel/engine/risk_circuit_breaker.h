// Per-symbol circuit breaker state: the minimum and maximum trade price inside a sliding time window
// (two monotonic deques, O(1) amortised per trade) and the end of the current halt.
// A trade at price p trips the breaker when (p - min) * 10000 > move_bps * min or
// (max - p) * 10000 > move_bps * max, i.e. when it is more than move_bps away from a price traded
// within the last window_ns. Tripping halts until t + cooldown_ns and clears the window, so trading
// resumes on fresh prices. Time comes from event timestamps only (deterministic).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "kestrel/engine/risk_limits.h"

namespace kestrel::engine {

/** A trade price at a time. */
struct PricePoint {
  Timestamp timestamp = 0;
  Price price = 0;
};

/** Sliding-window breaker for one symbol. */
class CircuitBreaker {
 public:
  /** Records a trade; returns the move in bps when this trade trips the breaker. */
  std::optional<std::int64_t> on_trade(const CircuitBreakerConfig& config, Timestamp timestamp, Price price);

  /** True while trading is halted at `now`. */
  bool halted(Timestamp now) const noexcept { return halted_until_ != 0 && now < halted_until_; }
  /** End of the current or last halt (0 = never tripped). */
  Timestamp halted_until() const noexcept { return halted_until_; }
  /** The move that tripped the breaker last. */
  std::int64_t trip_move_bps() const noexcept { return trip_move_bps_; }

  /** The window contents (for serialisation). */
  const std::deque<PricePoint>& minima() const noexcept { return minima_; }
  const std::deque<PricePoint>& maxima() const noexcept { return maxima_; }
  /** Rebuilds state from serialised parts (monotonic order is the caller's to validate). */
  void restore(std::deque<PricePoint> minima, std::deque<PricePoint> maxima, Timestamp halted_until,
               std::int64_t trip_move_bps);

 private:
  std::deque<PricePoint> minima_;  // prices increasing front to back: front is the window minimum
  std::deque<PricePoint> maxima_;  // prices decreasing front to back: front is the window maximum
  Timestamp halted_until_ = 0;
  std::int64_t trip_move_bps_ = 0;
};

}  // namespace kestrel::engine
