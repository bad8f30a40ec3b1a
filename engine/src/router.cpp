// Order router: venue registry, the merged best-execution walk, and child tracking hooks.
#include "kestrel/engine/router.h"

#include <algorithm>
#include <utility>

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/venue_fees.h"

namespace kestrel::engine {
namespace {

constexpr std::string_view kMagic = "KROU";
constexpr std::uint8_t kVersion = 1;

Side contra(Side side) { return side == Side::Buy ? Side::Sell : Side::Buy; }

// True when an order on `side` limited at `limit` may trade at `price`.
bool within_limit(Side side, Price limit, Price price) { return side == Side::Buy ? price <= limit : price >= limit; }

// True when `price` is strictly worse than `previous` for the book side being walked (levels must
// arrive best first; the walk stops at the first level that breaks that order).
bool strictly_after(Side book_side, Price previous, Price price) {
  return book_side == Side::Sell ? price > previous : price < previous;
}

bool valid_order(const Command& order) {
  if (order.type != CommandType::NewOrder || order.quantity <= 0 || order.quantity > kMaxRoutableQuantity) {
    return false;
  }
  auto price_ok = [](Price price) { return price > 0 && price <= kMaxRoutablePrice; };
  switch (order.order_type) {
    case OrderType::Limit: return price_ok(order.price);
    case OrderType::Market: return true;
    case OrderType::Stop: return price_ok(order.stop_price);
    case OrderType::StopLimit: return price_ok(order.price) && price_ok(order.stop_price);
  }
  return false;
}

}  // namespace

OrderRouter::OrderRouter(RouterOptions options) : options_(options), next_child_id_(options.first_child_id) {}

OrderRouter::Venue* OrderRouter::find_venue(VenueId id) {
  for (Venue& venue : venues_) {
    if (venue.config.id == id) return &venue;
  }
  return nullptr;
}

ResultCode OrderRouter::add_venue(VenueConfig config, std::shared_ptr<const VenueAdapter> adapter) {
  if (!adapter || find_venue(config.id) != nullptr || !valid_fee_schedule(config.fees) || config.latency_ns < 0) {
    return ResultCode::RouteInvalidVenue;
  }
  if (config.internal) {
    for (const Venue& venue : venues_) {
      if (venue.config.internal) return ResultCode::RouteInvalidVenue;
    }
  }
  const VenueId id = config.id;
  const auto position = std::find_if(venues_.begin(), venues_.end(), [id](const Venue& v) { return v.config.id > id; });
  venues_.insert(position, Venue{std::move(config), std::move(adapter), true});
  return ResultCode::Ok;
}

ResultCode OrderRouter::remove_venue(VenueId id) {
  const auto it = std::find_if(venues_.begin(), venues_.end(), [id](const Venue& v) { return v.config.id == id; });
  if (it == venues_.end()) return ResultCode::RouteNoVenue;
  venues_.erase(it);
  return ResultCode::Ok;
}

ResultCode OrderRouter::set_latency(VenueId id, std::int64_t latency_ns) {
  Venue* venue = find_venue(id);
  if (venue == nullptr) return ResultCode::RouteNoVenue;
  if (latency_ns < 0) return ResultCode::RouteInvalidVenue;
  venue->config.latency_ns = latency_ns;
  return ResultCode::Ok;
}

ResultCode OrderRouter::set_enabled(VenueId id, bool enabled) {
  Venue* venue = find_venue(id);
  if (venue == nullptr) return ResultCode::RouteNoVenue;
  venue->enabled = enabled;
  return ResultCode::Ok;
}

RoutingPlan OrderRouter::route(const Command& order) {
  RoutingPlan plan = this->plan(order);
  if (plan.code == ResultCode::Ok) plan.code = commit(order, plan);
  return plan;
}

RoutingPlan OrderRouter::plan(const Command& order) const {
  RoutingPlan plan;
  plan.parent_id = order.order_id;
  if (!valid_order(order)) {
    plan.code = ResultCode::RouteInvalidOrder;
    return plan;
  }
  if (tracker_.find(order.order_id) != nullptr) {
    plan.code = ResultCode::RouteDuplicateOrder;
    return plan;
  }
  const Side side = order.side;
  const bool is_stop = order.order_type == OrderType::Stop || order.order_type == OrderType::StopLimit;
  const bool post_only = (order.flags & kFlagPostOnly) != 0;
  const bool atomic = order.tif == TimeInForce::FOK || (order.flags & kFlagAllOrNone) != 0;
  const bool may_take = !is_stop && !post_only;
  const bool may_rest = order.order_type != OrderType::Market && order.tif != TimeInForce::IOC &&
                        order.tif != TimeInForce::FOK;
  const bool limited = order.order_type != OrderType::Market;

  // One quoted level that the order may take.
  struct Level {
    const Venue* venue;
    Price price;
    Quantity quantity;
    Int128 effective;
    std::size_t depth;
  };
  std::vector<Level> levels;
  std::vector<const Venue*> available;
  bool listed = false;
  for (const Venue& venue : venues_) {
    const VenueQuote quote =
        venue.adapter->quote(order.symbol, contra(side), may_take ? options_.max_levels_per_venue : 0);
    if (quote.status == VenueStatus::UnknownSymbol) continue;
    listed = true;
    if (!venue.enabled || quote.status != VenueStatus::Available) continue;
    available.push_back(&venue);
    if (!may_take) continue;
    for (std::size_t depth = 0; depth < quote.levels.size() && depth < options_.max_levels_per_venue; ++depth) {
      const VenueLevel& level = quote.levels[depth];
      // A malformed or unordered level ends this venue's usable depth rather than being guessed at.
      if (level.price <= 0 || level.price > kMaxRoutablePrice || level.quantity <= 0) break;
      if (depth > 0 && !strictly_after(contra(side), quote.levels[depth - 1].price, level.price)) break;
      if (limited && !within_limit(side, order.price, level.price)) break;
      levels.push_back(Level{&venue, level.price, level.quantity,
                             effective_price(side, level.price, venue.config.fees, LiquidityRole::Taker), depth});
    }
  }
  if (!listed) {
    plan.code = ResultCode::RouteNoVenue;
    return plan;
  }
  if (available.empty()) {
    plan.code = ResultCode::RouteVenueUnavailable;
    return plan;
  }
  auto preferred = [](const Venue& a, const Venue& b) {  // tie-break after equal effective prices
    if (a.config.internal != b.config.internal) return a.config.internal;
    if (a.config.latency_ns != b.config.latency_ns) return a.config.latency_ns < b.config.latency_ns;
    return a.config.id < b.config.id;
  };
  std::sort(levels.begin(), levels.end(), [&](const Level& a, const Level& b) {
    if (a.effective != b.effective) return better_effective_price(side, a.effective, b.effective);
    if (a.venue != b.venue) return preferred(*a.venue, *b.venue);
    return a.depth < b.depth;
  });

  // The venue where a forwarded child rests: best maker price at the limit, then the usual tie-breaks.
  auto resting_venue = [&]() -> const Venue* {
    const Venue* best = nullptr;
    Int128 best_effective = 0;
    for (const Venue* venue : available) {
      const Int128 effective = effective_price(side, order.price, venue->config.fees, LiquidityRole::Maker);
      if (best == nullptr || better_effective_price(side, effective, best_effective) ||
          (effective == best_effective && preferred(*venue, *best))) {
        best = venue;
        best_effective = effective;
      }
    }
    return best;
  };
  auto internal_venue = [&]() -> const Venue* {
    for (const Venue* venue : available) {
      if (venue->config.internal) return venue;
    }
    return nullptr;
  };
  auto forward = [&](const Venue& venue, Quantity quantity) {
    ChildOrder child;
    child.venue = venue.config.id;
    child.kind = ChildKind::Forward;
    child.limit_price = order.price;
    child.quantity = quantity;
    child.effective_price =
        order.price > 0
            ? saturate_to_i64(effective_price(side, order.price, venue.config.fees, LiquidityRole::Maker))
            : 0;
    plan.children.push_back(child);
    plan.forwarded_quantity += quantity;
  };
  auto take = [&](const Level& level, Quantity quantity) {
    for (ChildOrder& child : plan.children) {
      if (child.venue == level.venue->config.id) {  // later levels at a venue are worse: widen the limit
        child.quantity += quantity;
        child.limit_price = level.price;
        child.effective_price = saturate_to_i64(level.effective);
        plan.taken_quantity += quantity;
        return;
      }
    }
    ChildOrder child;
    child.venue = level.venue->config.id;
    child.kind = ChildKind::Take;
    child.limit_price = level.price;
    child.quantity = quantity;
    child.effective_price = saturate_to_i64(level.effective);
    plan.children.push_back(child);
    plan.taken_quantity += quantity;
  };

  if (is_stop) {
    const Venue* internal = internal_venue();
    if (internal == nullptr) {
      plan.code = ResultCode::RouteNoVenue;
      return plan;
    }
    forward(*internal, order.quantity);
  } else if (post_only) {
    forward(*resting_venue(), order.quantity);
  } else if (atomic) {
    // Best single venue that fills everything: lowest (buy) / highest (sell) total effective cost.
    const Venue* best = nullptr;
    Int128 best_cost = 0;
    for (const Venue* venue : available) {
      Int128 cost = 0;
      Quantity left = order.quantity;
      for (const Level& level : levels) {  // sorted by effective price, so per venue best first
        if (level.venue != venue || left == 0) continue;
        const Quantity lots = std::min(left, level.quantity);
        cost += level.effective * lots;
        left -= lots;
      }
      if (left == 0 && (best == nullptr || better_effective_price(side, cost, best_cost) ||
                        (cost == best_cost && preferred(*venue, *best)))) {
        best = venue;
        best_cost = cost;
      }
    }
    if (best != nullptr) {
      Quantity left = order.quantity;
      for (const Level& level : levels) {
        if (level.venue != best || left == 0) continue;
        const Quantity lots = std::min(left, level.quantity);
        take(level, lots);
        left -= lots;
      }
    } else if (may_rest && internal_venue() != nullptr) {
      forward(*internal_venue(), order.quantity);  // only the internal book implements all-or-none resting
    } else {
      plan.code = ResultCode::RouteNoLiquidity;
      return plan;
    }
  } else {
    Quantity left = order.quantity;
    for (const Level& level : levels) {
      if (left == 0) break;
      const Quantity lots = std::min(left, level.quantity);
      take(level, lots);
      left -= lots;
    }
    if (left > 0 && may_rest) {
      forward(*resting_venue(), left);
    } else {
      plan.unrouted_quantity = left;
    }
    if (plan.children.empty()) {
      plan.code = ResultCode::RouteNoLiquidity;
      return plan;
    }
  }

  return plan;
}

ResultCode OrderRouter::commit(const Command& order, RoutingPlan& plan) {
  if (plan.children.empty()) return ResultCode::RouteInvalidOrder;
  const OrderId first = next_child_id_;
  for (ChildOrder& child : plan.children) child.child_id = next_child_id_++;
  ParentOrder parent;
  parent.parent_id = order.order_id;
  parent.account = order.account;
  parent.symbol = order.symbol;
  parent.side = order.side;
  parent.quantity = order.quantity;
  parent.children = plan.children;
  const ResultCode code = tracker_.open(std::move(parent));
  if (code != ResultCode::Ok) {
    next_child_id_ = first;  // nothing was tracked: the ids stay unused
    for (ChildOrder& child : plan.children) child.child_id = 0;
  }
  return code;
}

const VenueConfig* OrderRouter::venue(VenueId id) const {
  for (const Venue& venue : venues_) {
    if (venue.config.id == id) return &venue.config;
  }
  return nullptr;
}

std::size_t OrderRouter::external_venue_count() const noexcept {
  std::size_t count = 0;
  for (const Venue& venue : venues_) count += venue.config.internal ? 0 : 1;
  return count;
}

std::vector<ChildUpdate> OrderRouter::on_event(const Event& event) {
  std::vector<ChildUpdate> updates;
  switch (event.type) {
    case EventType::Trade:
      if (tracker_.parent_of(event.order_id)) {
        updates.push_back(tracker_.on_child_fill(event.order_id, event.price, event.quantity));
      }
      if (tracker_.parent_of(event.counter_order_id)) {
        updates.push_back(tracker_.on_child_fill(event.counter_order_id, event.price, event.quantity));
      }
      break;
    case EventType::Cancelled:
    case EventType::Expired:
    case EventType::Rejected:
      if (tracker_.parent_of(event.order_id)) updates.push_back(tracker_.on_child_done(event.order_id));
      break;
    case EventType::Accepted:
    case EventType::Replaced:
    case EventType::Triggered:
      break;
  }
  return updates;
}

ChildUpdate OrderRouter::on_child_fill(OrderId child_id, Price price, Quantity quantity) {
  return tracker_.on_child_fill(child_id, price, quantity);
}

ChildUpdate OrderRouter::on_child_done(OrderId child_id) { return tracker_.on_child_done(child_id); }

void OrderRouter::serialize(std::string& out) const {
  ByteWriter writer(out);
  writer.bytes(kMagic);
  writer.u8(kVersion);
  writer.u64(next_child_id_);
  std::string tracker;
  tracker_.serialize(tracker);
  writer.u64(tracker.size());
  writer.bytes(tracker);
}

ResultCode OrderRouter::restore(std::string_view bytes) {
  ByteReader reader(bytes);
  if (reader.bytes(kMagic.size()) != kMagic || reader.u8() != kVersion) return ResultCode::SnapshotCorrupt;
  const OrderId next_child_id = reader.u64();
  const std::uint64_t length = reader.u64();
  if (!reader.ok() || length != reader.remaining() || next_child_id < options_.first_child_id) {
    return ResultCode::SnapshotCorrupt;
  }
  ParentOrderTracker tracker;
  if (tracker.restore(reader.bytes(static_cast<std::size_t>(length))) != ResultCode::Ok) {
    return ResultCode::SnapshotCorrupt;
  }
  tracker_ = std::move(tracker);
  next_child_id_ = next_child_id;
  return ResultCode::Ok;
}

}  // namespace kestrel::engine
