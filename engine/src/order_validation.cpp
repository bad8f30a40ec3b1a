// Static NewOrder validation shared by both books; see order_validation.h for the rule order.
#include "kestrel/engine/order_validation.h"

namespace kestrel::engine {

namespace {

bool valid_price(Price price) noexcept { return price > 0 && price <= kMaxPrice; }

}  // namespace

ResultCode validate_new_order(const Command& c) noexcept {
  const auto side = static_cast<unsigned>(c.side);
  const auto type = static_cast<unsigned>(c.order_type);
  const auto tif = static_cast<unsigned>(c.tif);
  const auto stp = static_cast<unsigned>(c.stp);
  constexpr unsigned kKnownFlags = kFlagPostOnly | kFlagAllOrNone;
  if (side > 1 || type > 3 || tif > 4 || stp > 3 || (c.flags & ~kKnownFlags) != 0 || c.order_id == 0) {
    return ResultCode::BookInvalidOrder;
  }
  // A resting all-or-none order can block a crossing price without trading, which would let the book
  // cross; FOK covers the immediate case.
  if ((c.flags & kFlagAllOrNone) != 0) return ResultCode::BookUnsupportedOrder;

  if (c.quantity <= 0 || c.quantity > kMaxQuantity) return ResultCode::BookInvalidQuantity;
  if (c.display_quantity < 0 || c.display_quantity > c.quantity) return ResultCode::BookInvalidQuantity;

  const bool has_limit = c.order_type == OrderType::Limit || c.order_type == OrderType::StopLimit;
  const bool has_stop = is_stop_type(c.order_type);
  if (has_limit ? !valid_price(c.price) : c.price != 0) return ResultCode::BookInvalidPrice;
  if (has_stop ? !valid_price(c.stop_price) : c.stop_price != 0) return ResultCode::BookInvalidPrice;

  const bool immediate = c.tif == TimeInForce::IOC || c.tif == TimeInForce::FOK;
  const bool market = c.order_type == OrderType::Market || c.order_type == OrderType::Stop;
  const bool iceberg = c.display_quantity > 0 && c.display_quantity < c.quantity;
  const bool post_only = (c.flags & kFlagPostOnly) != 0;
  // A market order never rests: GTC and DAY behave as IOC, but an expiry time would be meaningless.
  if (c.order_type == OrderType::Market && c.tif == TimeInForce::GTD) return ResultCode::BookInvalidOrder;
  if (iceberg && (market || immediate)) return ResultCode::BookInvalidOrder;
  if (post_only && (c.order_type != OrderType::Limit || immediate)) return ResultCode::BookInvalidOrder;
  if (c.tif != TimeInForce::GTD && c.expire_at != 0) return ResultCode::BookInvalidOrder;
  if (c.tif == TimeInForce::GTD && c.expire_at <= c.timestamp) return ResultCode::BookExpireTimeInPast;
  return ResultCode::Ok;
}

OrderState order_from_command(const Command& c) noexcept {
  OrderState o;
  o.id = c.order_id;
  o.account = c.account;
  o.side = c.side;
  o.type = c.order_type;
  o.tif = c.tif;
  o.stp = c.stp;
  o.flags = c.flags;
  o.price = c.price;
  o.stop_price = c.stop_price;
  o.open = c.quantity;
  o.visible = 0;
  o.display = c.display_quantity < c.quantity ? c.display_quantity : 0;
  o.expire_at = c.expire_at;
  return o;
}

}  // namespace kestrel::engine
