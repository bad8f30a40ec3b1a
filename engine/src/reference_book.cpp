// Reference order book; see reference_book.h and docs/engine.md for the rules it implements.
#include "kestrel/engine/reference_book.h"

#include <algorithm>
#include <limits>

#include "kestrel/engine/book_events.h"
#include "kestrel/engine/order_validation.h"

namespace kestrel::engine {

ResultCode ReferenceBook::apply(const Command& c, std::vector<Event>& out) {
  switch (c.type) {
    case CommandType::NewOrder: return on_new(c, out);
    case CommandType::Cancel: return on_cancel(c, out);
    case CommandType::Replace: return on_replace(c, out);
    default: break;
  }
  out.push_back(rejected_event(symbol_, c, ResultCode::BookUnknownCommand));
  return ResultCode::BookUnknownCommand;
}

ResultCode ReferenceBook::on_new(const Command& c, std::vector<Event>& out) {
  auto reject = [&](ResultCode code) {
    out.push_back(rejected_event(symbol_, c, code));
    return code;
  };
  if (halted_) return reject(ResultCode::BookSymbolHalted);
  if (ResultCode code = validate_new_order(c); code != ResultCode::Ok) return reject(code);
  if (index_.count(c.order_id) != 0) return reject(ResultCode::BookDuplicateOrderId);
  OrderState o = order_from_command(c);
  if ((o.flags & kFlagPostOnly) != 0 && would_cross(o.side, o.price)) {
    return reject(ResultCode::BookPostOnlyWouldCross);
  }
  if (is_stop_type(o.type)) {
    out.push_back(order_event(EventType::Accepted, symbol_, c.timestamp, o, o.open, o.open));
    if (last_trade_ != 0 && stop_triggered_by(o.side, o.stop_price, last_trade_)) {
      triggered_.push_back(o);
      run_triggered(c.timestamp, out);
    } else {
      add_stop(o);
    }
    return ResultCode::Ok;
  }
  if (o.tif == TimeInForce::FOK && fillable(o) < o.open) return reject(ResultCode::BookFokNotFillable);
  out.push_back(order_event(EventType::Accepted, symbol_, c.timestamp, o, o.open, o.open));
  run_incoming(o, c.timestamp, out);
  run_triggered(c.timestamp, out);
  return ResultCode::Ok;
}

ResultCode ReferenceBook::on_cancel(const Command& c, std::vector<Event>& out) {
  auto it = index_.find(c.order_id);
  if (it == index_.end()) {
    out.push_back(rejected_event(symbol_, c, ResultCode::BookUnknownOrder));
    return ResultCode::BookUnknownOrder;
  }
  const OrderState& live = it->second.stop ? it->second.stop_order->second : *it->second.order;
  if (live.account != c.account) {
    out.push_back(rejected_event(symbol_, c, ResultCode::BookWrongOwner));
    return ResultCode::BookWrongOwner;
  }
  OrderState o = remove(c.order_id);
  out.push_back(order_event(EventType::Cancelled, symbol_, c.timestamp, o, o.open, 0, ResultCode::BookUserCancelled));
  return ResultCode::Ok;
}

ResultCode ReferenceBook::on_replace(const Command& c, std::vector<Event>& out) {
  auto reject = [&](ResultCode code) {
    out.push_back(rejected_event(symbol_, c, code));
    return code;
  };
  if (halted_) return reject(ResultCode::BookSymbolHalted);
  auto it = index_.find(c.order_id);
  if (it == index_.end()) return reject(ResultCode::BookUnknownOrder);
  const Location loc = it->second;
  const OrderState& live = loc.stop ? loc.stop_order->second : *loc.order;
  if (live.account != c.account) return reject(ResultCode::BookWrongOwner);
  if (loc.stop) return reject(ResultCode::BookUnsupportedOrder);
  if (c.price < 0 || c.price > kMaxPrice) return reject(ResultCode::BookInvalidPrice);
  if (c.quantity < 0 || c.quantity > kMaxQuantity) return reject(ResultCode::BookInvalidQuantity);
  const Price new_price = c.price == 0 ? live.price : c.price;
  const Quantity new_open = c.quantity == 0 ? live.open : c.quantity;
  const bool price_changed = new_price != live.price;
  if (price_changed && (live.flags & kFlagPostOnly) != 0 && would_cross(live.side, new_price)) {
    return reject(ResultCode::BookPostOnlyWouldCross);
  }

  if (!price_changed) {
    OrderState& o = *loc.order;
    if (new_open <= o.open) {
      // A reduction keeps time priority: the order stays where it is.
      o.open = new_open;
      o.visible = std::min(o.visible, new_open);
    } else {
      // An increase loses time priority: the order moves to the back of its level.
      o.open = new_open;
      if (o.display == 0) o.visible = new_open;
      Queue& q = levels(o.side).at(level_key(o.side, o.price));
      q.splice(q.end(), q, loc.order);
    }
    out.push_back(order_event(EventType::Replaced, symbol_, c.timestamp, o, o.open, o.open));
    return ResultCode::Ok;
  }

  // A price change loses priority: the order leaves the book and re-enters as an incoming order at
  // the new price, trading at resting prices if it now crosses.
  OrderState o = remove(c.order_id);
  o.price = new_price;
  o.open = new_open;
  o.visible = 0;
  out.push_back(order_event(EventType::Replaced, symbol_, c.timestamp, o, o.open, o.open));
  run_incoming(o, c.timestamp, out);
  run_triggered(c.timestamp, out);
  return ResultCode::Ok;
}

bool ReferenceBook::would_cross(Side side, Price price) const {
  const Levels& contra = levels(opposite(side));
  if (contra.empty()) return false;
  return crosses(side, price, contra.begin()->second.front().price);
}

// How much of `o` an immediate sweep could fill, following exactly what match() will do: a self order
// stops the sweep under CancelNewest/CancelBoth (after the visible quantity queued ahead of it, since
// iceberg refills re-queue behind it) and is skipped under CancelOldest.
Quantity ReferenceBook::fillable(const OrderState& o) const {
  const bool self_blocks = o.stp == StpMode::CancelNewest || o.stp == StpMode::CancelBoth;
  Quantity total = 0;
  for (const auto& [key, queue] : levels(opposite(o.side))) {
    if (!crosses(o.side, o.price, queue.front().price)) break;
    Quantity level_open = 0;
    Quantity visible_ahead = 0;
    for (const OrderState& r : queue) {
      const bool self = o.stp != StpMode::None && r.account == o.account;
      if (self && self_blocks) return total + visible_ahead;
      if (!self) {
        level_open += r.open;
        visible_ahead += r.visible;
      }
    }
    total += level_open;
    if (total >= o.open) return total;
  }
  return total;
}

void ReferenceBook::run_incoming(OrderState o, Timestamp ts, std::vector<Event>& out) {
  TradedRange traded;
  const bool alive = match(o, ts, out, traded);
  if (alive && o.open > 0) {
    if (o.type == OrderType::Market) {
      out.push_back(order_event(EventType::Cancelled, symbol_, ts, o, o.open, 0, ResultCode::BookNoLiquidity));
    } else if (!is_resting_tif(o.tif)) {
      out.push_back(order_event(EventType::Cancelled, symbol_, ts, o, o.open, 0, ResultCode::BookIocRemainderCancelled));
    } else {
      rest(o);
    }
  }
  collect_triggered(traded);
}

// Sweeps the opposite side in price-time order. Returns false when self-trade prevention cancelled the
// incoming order (its events are already emitted).
bool ReferenceBook::match(OrderState& o, Timestamp ts, std::vector<Event>& out, TradedRange& traded) {
  Levels& contra = levels(opposite(o.side));
  while (o.open > 0 && !contra.empty()) {
    auto level = contra.begin();
    Queue& queue = level->second;
    const Price price = queue.front().price;
    if (!crosses(o.side, o.price, price)) break;
    while (o.open > 0 && !queue.empty()) {
      OrderState& r = queue.front();
      if (o.stp != StpMode::None && r.account == o.account) {
        const OrderState resting = r;
        if (o.stp == StpMode::CancelOldest || o.stp == StpMode::CancelBoth) {
          out.push_back(stp_cancel_event(symbol_, ts, r, o));
          if (r.tif == TimeInForce::GTD) gtd_.erase({r.expire_at, r.id});
          index_.erase(r.id);
          queue.pop_front();
        }
        if (o.stp == StpMode::CancelNewest || o.stp == StpMode::CancelBoth) {
          out.push_back(stp_cancel_event(symbol_, ts, o, resting));
          o.open = 0;
          if (queue.empty()) contra.erase(level);
          return false;
        }
        continue;
      }
      const Quantity q = std::min(o.open, r.visible);
      o.open -= q;
      r.open -= q;
      r.visible -= q;
      last_trade_ = price;
      if (!traded.any) traded = {true, price, price};
      traded.low = std::min(traded.low, price);
      traded.high = std::max(traded.high, price);
      out.push_back(trade_event(symbol_, ts, o, r.id, r.account, r.open, price, q));
      if (r.visible == 0) {
        if (r.open > 0) {
          // Iceberg refill: a new peak joins the back of the level.
          r.visible = std::min(r.display, r.open);
          queue.splice(queue.end(), queue, queue.begin());
        } else {
          if (r.tif == TimeInForce::GTD) gtd_.erase({r.expire_at, r.id});
          index_.erase(r.id);
          queue.pop_front();
        }
      }
    }
    if (queue.empty()) contra.erase(level);
  }
  return true;
}

void ReferenceBook::rest(OrderState o) {
  o.visible = o.display > 0 ? std::min(o.display, o.open) : o.open;
  Queue& queue = levels(o.side)[level_key(o.side, o.price)];
  queue.push_back(o);
  Location loc;
  loc.order = std::prev(queue.end());
  index_[o.id] = loc;
  if (o.tif == TimeInForce::GTD) gtd_.insert({o.expire_at, o.id});
}

void ReferenceBook::add_stop(const OrderState& o) {
  Location loc;
  loc.stop = true;
  loc.stop_order = stops(o.side).emplace(stop_key(o.side, o.stop_price), o);
  index_[o.id] = loc;
  if (o.tif == TimeInForce::GTD) gtd_.insert({o.expire_at, o.id});
}

// Elects every stop the traded range reached: buy stops first (ascending stop price), then sell stops
// (descending), FIFO within a stop price.
void ReferenceBook::collect_triggered(const TradedRange& traded) {
  if (!traded.any) return;
  for (Side side : {Side::Buy, Side::Sell}) {
    Stops& s = stops(side);
    const Price trade = side == Side::Buy ? traded.high : traded.low;
    auto end = s.upper_bound(stop_key(side, trade));
    for (auto it = s.begin(); it != end; ++it) {
      if (it->second.tif == TimeInForce::GTD) gtd_.erase({it->second.expire_at, it->second.id});
      index_.erase(it->second.id);
      triggered_.push_back(it->second);
    }
    s.erase(s.begin(), end);
  }
}

void ReferenceBook::run_triggered(Timestamp ts, std::vector<Event>& out) {
  while (!triggered_.empty()) {
    OrderState o = triggered_.front();
    triggered_.pop_front();
    out.push_back(triggered_event(symbol_, ts, o));
    o.type = o.type == OrderType::Stop ? OrderType::Market : OrderType::Limit;
    if (o.tif == TimeInForce::FOK && fillable(o) < o.open) {
      out.push_back(order_event(EventType::Cancelled, symbol_, ts, o, o.open, 0, ResultCode::BookFokNotFillable));
      continue;
    }
    run_incoming(o, ts, out);
  }
}

OrderState ReferenceBook::remove(OrderId id) {
  auto it = index_.find(id);
  const Location loc = it->second;
  index_.erase(it);
  OrderState o;
  if (loc.stop) {
    o = loc.stop_order->second;
    stops(o.side).erase(loc.stop_order);
  } else {
    o = *loc.order;
    Levels& side = levels(o.side);
    auto level = side.find(level_key(o.side, o.price));
    level->second.erase(loc.order);
    if (level->second.empty()) side.erase(level);
  }
  if (o.tif == TimeInForce::GTD) gtd_.erase({o.expire_at, o.id});
  return o;
}

void ReferenceBook::expire_until(Timestamp now, std::vector<Event>& out) {
  while (!gtd_.empty() && gtd_.begin()->first <= now) {
    OrderState o = remove(gtd_.begin()->second);
    out.push_back(order_event(EventType::Expired, symbol_, now, o, o.open, 0));
  }
}

Timestamp ReferenceBook::next_expiry() const noexcept {
  return gtd_.empty() ? std::numeric_limits<Timestamp>::max() : gtd_.begin()->first;
}

void ReferenceBook::end_session(Timestamp now, std::vector<Event>& out) {
  std::vector<OrderId> day;
  for (const auto& [id, loc] : index_) {
    const OrderState& o = loc.stop ? loc.stop_order->second : *loc.order;
    if (o.tif == TimeInForce::DAY) day.push_back(id);
  }
  std::sort(day.begin(), day.end());
  for (OrderId id : day) {
    OrderState o = remove(id);
    out.push_back(order_event(EventType::Expired, symbol_, now, o, o.open, 0));
  }
}

std::optional<OrderView> ReferenceBook::find_order(OrderId id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  if (it->second.stop) return OrderView{it->second.stop_order->second, OrderStatus::PendingStop};
  return OrderView{*it->second.order, OrderStatus::Resting};
}

TopOfBook ReferenceBook::top_of_book() const {
  TopOfBook top;
  std::vector<LevelView> level;
  depth(Side::Buy, 1, level);
  if (!level.empty()) top.has_bid = true, top.bid_price = level[0].price, top.bid_quantity = level[0].quantity;
  level.clear();
  depth(Side::Sell, 1, level);
  if (!level.empty()) top.has_ask = true, top.ask_price = level[0].price, top.ask_quantity = level[0].quantity;
  return top;
}

void ReferenceBook::depth(Side side, std::size_t count, std::vector<LevelView>& out) const {
  for (const auto& [key, queue] : levels(side)) {
    if (count-- == 0) break;
    LevelView level;
    level.price = queue.front().price;
    for (const OrderState& o : queue) {
      level.quantity += o.visible;
      ++level.order_count;
    }
    out.push_back(level);
  }
}

void ReferenceBook::level_orders(Side side, Price price, std::vector<OrderView>& out) const {
  auto it = levels(side).find(level_key(side, price));
  if (it == levels(side).end()) return;
  for (const OrderState& o : it->second) out.push_back({o, OrderStatus::Resting});
}

void ReferenceBook::open_orders(std::vector<OrderView>& out) const {
  const BookState s = export_state();
  for (const auto* list : {&s.bids, &s.asks}) {
    for (const OrderState& o : *list) out.push_back({o, OrderStatus::Resting});
  }
  for (const auto* list : {&s.buy_stops, &s.sell_stops}) {
    for (const OrderState& o : *list) out.push_back({o, OrderStatus::PendingStop});
  }
}

BookState ReferenceBook::export_state() const {
  BookState s;
  s.symbol = symbol_;
  s.halted = halted_;
  s.last_trade_price = last_trade_;
  for (Side side : {Side::Buy, Side::Sell}) {
    auto& list = side == Side::Buy ? s.bids : s.asks;
    for (const auto& [key, queue] : levels(side)) list.insert(list.end(), queue.begin(), queue.end());
    auto& stop_list = side == Side::Buy ? s.buy_stops : s.sell_stops;
    for (const auto& [key, o] : stops_[static_cast<int>(side)]) stop_list.push_back(o);
  }
  return s;
}

void ReferenceBook::import_state(const BookState& s) {
  *this = ReferenceBook(s.symbol);
  halted_ = s.halted;
  last_trade_ = s.last_trade_price;
  for (const auto* list : {&s.bids, &s.asks}) {
    for (const OrderState& o : *list) {
      Queue& queue = levels(o.side)[level_key(o.side, o.price)];
      queue.push_back(o);
      Location loc;
      loc.order = std::prev(queue.end());
      index_[o.id] = loc;
      if (o.tif == TimeInForce::GTD) gtd_.insert({o.expire_at, o.id});
    }
  }
  for (const auto* list : {&s.buy_stops, &s.sell_stops}) {
    for (const OrderState& o : *list) add_stop(o);
  }
}

bool ReferenceBook::validate_internal_state(std::string* error) const {
  auto fail = [&](const std::string& why) {
    if (error != nullptr) *error = "symbol " + std::to_string(symbol_) + ": " + why;
    return false;
  };
  std::size_t live = 0;
  std::size_t gtd = 0;
  for (Side side : {Side::Buy, Side::Sell}) {
    for (const auto& [key, queue] : levels(side)) {
      if (queue.empty()) return fail("empty level");
      for (auto it = queue.begin(); it != queue.end(); ++it) {
        const OrderState& o = *it;
        ++live;
        if (o.side != side || level_key(side, o.price) != key) return fail("order in the wrong level");
        if (o.open <= 0 || o.visible <= 0 || o.visible > o.open) return fail("bad open/visible quantity");
        if (o.display == 0 ? o.visible != o.open : o.visible > o.display) return fail("bad iceberg peak");
        auto idx = index_.find(o.id);
        if (idx == index_.end() || idx->second.stop || idx->second.order != it) return fail("index mismatch");
        if (o.tif == TimeInForce::GTD) {
          ++gtd;
          if (gtd_.count({o.expire_at, o.id}) == 0) return fail("GTD order missing from expiry set");
        }
      }
    }
    for (auto it = stops_[static_cast<int>(side)].begin(); it != stops_[static_cast<int>(side)].end(); ++it) {
      ++live;
      auto idx = index_.find(it->second.id);
      if (idx == index_.end() || !idx->second.stop || idx->second.stop_order != it) return fail("stop index mismatch");
      if (it->second.tif == TimeInForce::GTD) ++gtd;
    }
  }
  if (live != index_.size()) return fail("index holds orders that are not in the book");
  if (gtd != gtd_.size()) return fail("expiry set holds orders that are not live GTD orders");
  const TopOfBook top = top_of_book();
  if (top.has_bid && top.has_ask && top.bid_price >= top.ask_price) return fail("book is crossed");
  if (!triggered_.empty()) return fail("triggered stops left over after a command");
  return true;
}

}  // namespace kestrel::engine
