// Circuit breaker window maintenance and trip rule.
#include "kestrel/engine/risk_circuit_breaker.h"

#include <utility>

#include "kestrel/engine/codec_int128.h"

namespace kestrel::engine {
namespace {

// |to - from| in basis points of `from`, rounded up so a reported move never understates the trip.
std::int64_t move_in_bps(Price from, Price to) {
  const Int128 distance = to > from ? Int128{to} - from : Int128{from} - to;
  return saturate_to_i64((distance * 10000 + from - 1) / from);
}

}  // namespace

std::optional<std::int64_t> CircuitBreaker::on_trade(const CircuitBreakerConfig& config, Timestamp timestamp,
                                                     Price price) {
  if (price <= 0 || halted(timestamp)) return std::nullopt;  // trades during a halt do not re-arm it
  const Timestamp horizon = timestamp - config.window_ns;
  while (!minima_.empty() && minima_.front().timestamp < horizon) minima_.pop_front();
  while (!maxima_.empty() && maxima_.front().timestamp < horizon) maxima_.pop_front();

  std::optional<std::int64_t> move;
  const Int128 bps = config.move_bps;
  if (!minima_.empty()) {
    const Price low = minima_.front().price;
    if ((Int128{price} - low) * 10000 > bps * low) move = move_in_bps(low, price);
  }
  if (!move && !maxima_.empty()) {
    const Price high = maxima_.front().price;
    if ((Int128{high} - price) * 10000 > bps * high) move = move_in_bps(high, price);
  }
  if (move) {
    halted_until_ = timestamp + config.cooldown_ns;
    trip_move_bps_ = *move;
    minima_.clear();
    maxima_.clear();
    return move;
  }
  while (!minima_.empty() && minima_.back().price >= price) minima_.pop_back();
  minima_.push_back({timestamp, price});
  while (!maxima_.empty() && maxima_.back().price <= price) maxima_.pop_back();
  maxima_.push_back({timestamp, price});
  return std::nullopt;
}

void CircuitBreaker::restore(std::deque<PricePoint> minima, std::deque<PricePoint> maxima, Timestamp halted_until,
                             std::int64_t trip_move_bps) {
  minima_ = std::move(minima);
  maxima_ = std::move(maxima);
  halted_until_ = halted_until;
  trip_move_bps_ = trip_move_bps;
}

}  // namespace kestrel::engine
