// Fast order book; see fast_book.h. The rules are those of ReferenceBook (docs/engine.md, "Matching");
// every decision point below mirrors the reference so that the event streams stay identical.
#include "kestrel/engine/fast_book.h"

#include <algorithm>
#include <functional>
#include <limits>

#include "kestrel/engine/book_events.h"
#include "kestrel/engine/order_validation.h"

namespace kestrel::engine {

namespace {

using HeapEntry = std::pair<Timestamp, OrderId>;
constexpr std::greater<HeapEntry> kHeapOrder{};

}  // namespace

FastBook::FastBook(SymbolId symbol) : symbol_(symbol) {
  nodes_.reserve(1024);
  levels_.reserve(256);
}

std::uint32_t FastBook::alloc_node() {
  if (!free_nodes_.empty()) {
    const std::uint32_t n = free_nodes_.back();
    free_nodes_.pop_back();
    return n;
  }
  nodes_.emplace_back();
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void FastBook::free_node(std::uint32_t n) noexcept { free_nodes_.push_back(n); }

std::uint32_t FastBook::level_for(Side side, Price price) {
  const std::uint64_t key = level_key(side, price);
  std::uint32_t li = ladder_[idx(side)].find(key);
  if (li != PriceLadder::kNone) return li;
  if (!free_levels_.empty()) {
    li = free_levels_.back();
    free_levels_.pop_back();
  } else {
    levels_.emplace_back();
    li = static_cast<std::uint32_t>(levels_.size() - 1);
  }
  levels_[li] = Level{};
  levels_[li].price = price;
  ladder_[idx(side)].insert(key, li);
  std::uint32_t& best = best_[idx(side)];
  if (best == kNil || level_key(side, levels_[best].price) > key) best = li;
  return li;
}

void FastBook::remove_level(Side side, std::uint32_t li) noexcept {
  PriceLadder& ladder = ladder_[idx(side)];
  ladder.erase(level_key(side, levels_[li].price));
  free_levels_.push_back(li);
  if (best_[idx(side)] == li) {
    std::uint64_t key = 0;
    const std::uint32_t next = ladder.min(&key);
    best_[idx(side)] = next == PriceLadder::kNone ? kNil : next;
  }
}

std::uint32_t FastBook::next_level(Side side, std::uint32_t li) const noexcept {
  std::uint64_t key = 0;
  const std::uint32_t next = ladder_[idx(side)].next_after(level_key(side, levels_[li].price), &key);
  return next == PriceLadder::kNone ? kNil : next;
}

void FastBook::unlink(Level& level, std::uint32_t n) noexcept {
  Node& node = nodes_[n];
  if (node.prev != kNil) nodes_[node.prev].next = node.next; else level.head = node.next;
  if (node.next != kNil) nodes_[node.next].prev = node.prev; else level.tail = node.prev;
  level.visible -= node.o.visible;
  --level.count;
}

void FastBook::append(Level& level, std::uint32_t li, std::uint32_t n) noexcept {
  Node& node = nodes_[n];
  node.level = li;
  node.next = kNil;
  node.prev = level.tail;
  if (level.tail != kNil) nodes_[level.tail].next = n; else level.head = n;
  level.tail = n;
  level.visible += node.o.visible;
  ++level.count;
}

void FastBook::push_gtd(const OrderState& o) {
  gtd_heap_.emplace_back(o.expire_at, o.id);
  std::push_heap(gtd_heap_.begin(), gtd_heap_.end(), kHeapOrder);
  ++gtd_live_;
}

ResultCode FastBook::apply(const Command& c, std::vector<Event>& out) {
  switch (c.type) {
    case CommandType::NewOrder: return on_new(c, out);
    case CommandType::Cancel: return on_cancel(c, out);
    case CommandType::Replace: return on_replace(c, out);
    default: break;
  }
  out.push_back(rejected_event(symbol_, c, ResultCode::BookUnknownCommand));
  return ResultCode::BookUnknownCommand;
}

ResultCode FastBook::on_new(const Command& c, std::vector<Event>& out) {
  auto reject = [&](ResultCode code) {
    out.push_back(rejected_event(symbol_, c, code));
    return code;
  };
  if (halted_) return reject(ResultCode::BookSymbolHalted);
  if (ResultCode code = validate_new_order(c); code != ResultCode::Ok) return reject(code);
  if (ids_.find(c.order_id) != OrderIdMap::kNone) return reject(ResultCode::BookDuplicateOrderId);
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
  if (!triggered_.empty()) run_triggered(c.timestamp, out);
  return ResultCode::Ok;
}

ResultCode FastBook::on_cancel(const Command& c, std::vector<Event>& out) {
  const std::uint32_t n = ids_.find(c.order_id);
  if (n == OrderIdMap::kNone) {
    out.push_back(rejected_event(symbol_, c, ResultCode::BookUnknownOrder));
    return ResultCode::BookUnknownOrder;
  }
  if (nodes_[n].o.account != c.account) {
    out.push_back(rejected_event(symbol_, c, ResultCode::BookWrongOwner));
    return ResultCode::BookWrongOwner;
  }
  const OrderState o = remove(c.order_id, n);
  out.push_back(order_event(EventType::Cancelled, symbol_, c.timestamp, o, o.open, 0, ResultCode::BookUserCancelled));
  return ResultCode::Ok;
}

ResultCode FastBook::on_replace(const Command& c, std::vector<Event>& out) {
  auto reject = [&](ResultCode code) {
    out.push_back(rejected_event(symbol_, c, code));
    return code;
  };
  if (halted_) return reject(ResultCode::BookSymbolHalted);
  const std::uint32_t n = ids_.find(c.order_id);
  if (n == OrderIdMap::kNone) return reject(ResultCode::BookUnknownOrder);
  Node& node = nodes_[n];
  if (node.o.account != c.account) return reject(ResultCode::BookWrongOwner);
  if (node.level == kNil) return reject(ResultCode::BookUnsupportedOrder);
  if (c.price < 0 || c.price > kMaxPrice) return reject(ResultCode::BookInvalidPrice);
  if (c.quantity < 0 || c.quantity > kMaxQuantity) return reject(ResultCode::BookInvalidQuantity);
  const Price new_price = c.price == 0 ? node.o.price : c.price;
  const Quantity new_open = c.quantity == 0 ? node.o.open : c.quantity;
  const bool price_changed = new_price != node.o.price;
  if (price_changed && (node.o.flags & kFlagPostOnly) != 0 && would_cross(node.o.side, new_price)) {
    return reject(ResultCode::BookPostOnlyWouldCross);
  }

  if (!price_changed) {
    Level& level = levels_[node.level];
    if (new_open <= node.o.open) {
      // A reduction keeps time priority.
      const Quantity visible = std::min(node.o.visible, new_open);
      level.visible -= node.o.visible - visible;
      node.o.visible = visible;
      node.o.open = new_open;
    } else {
      // An increase loses time priority: back of the level.
      const std::uint32_t li = node.level;
      unlink(level, n);
      node.o.open = new_open;
      if (node.o.display == 0) node.o.visible = new_open;
      append(level, li, n);
    }
    out.push_back(order_event(EventType::Replaced, symbol_, c.timestamp, node.o, node.o.open, node.o.open));
    return ResultCode::Ok;
  }

  OrderState o = remove(c.order_id, n);
  o.price = new_price;
  o.open = new_open;
  o.visible = 0;
  out.push_back(order_event(EventType::Replaced, symbol_, c.timestamp, o, o.open, o.open));
  run_incoming(o, c.timestamp, out);
  if (!triggered_.empty()) run_triggered(c.timestamp, out);
  return ResultCode::Ok;
}

bool FastBook::would_cross(Side side, Price price) const noexcept {
  const std::uint32_t best = best_[idx(opposite(side))];
  return best != kNil && crosses(side, price, levels_[best].price);
}

// Mirrors ReferenceBook::fillable: what match() would fill, honouring self-trade prevention.
Quantity FastBook::fillable(const OrderState& o) const {
  const Side contra = opposite(o.side);
  const bool self_blocks = o.stp == StpMode::CancelNewest || o.stp == StpMode::CancelBoth;
  Quantity total = 0;
  for (std::uint32_t li = best_[idx(contra)]; li != kNil; li = next_level(contra, li)) {
    const Level& level = levels_[li];
    if (!crosses(o.side, o.price, level.price)) break;
    Quantity level_open = 0;
    Quantity visible_ahead = 0;
    for (std::uint32_t n = level.head; n != kNil; n = nodes_[n].next) {
      const OrderState& r = nodes_[n].o;
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

void FastBook::run_incoming(OrderState& o, Timestamp ts, std::vector<Event>& out) {
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
  if (traded.any) collect_triggered(traded);
}

bool FastBook::match(OrderState& o, Timestamp ts, std::vector<Event>& out, TradedRange& traded) {
  const Side contra = opposite(o.side);
  std::uint32_t& best = best_[idx(contra)];
  while (o.open > 0 && best != kNil) {
    const std::uint32_t li = best;
    Level& level = levels_[li];
    const Price price = level.price;
    if (!crosses(o.side, o.price, price)) break;
    while (o.open > 0 && level.head != kNil) {
      const std::uint32_t rn = level.head;
      Node& r = nodes_[rn];
      if (o.stp != StpMode::None && r.o.account == o.account) {
        const OrderState resting = r.o;
        bool level_gone = false;
        if (o.stp == StpMode::CancelOldest || o.stp == StpMode::CancelBoth) {
          out.push_back(stp_cancel_event(symbol_, ts, resting, o));
          remove(resting.id, rn);  // frees the level when it was the last order
          level_gone = best != li;
        }
        if (o.stp == StpMode::CancelNewest || o.stp == StpMode::CancelBoth) {
          out.push_back(stp_cancel_event(symbol_, ts, o, resting));
          o.open = 0;
          return false;
        }
        if (level_gone) break;
        continue;
      }
      const Quantity q = std::min(o.open, r.o.visible);
      o.open -= q;
      r.o.open -= q;
      r.o.visible -= q;
      level.visible -= q;
      last_trade_ = price;
      if (!traded.any) {
        traded = {true, price, price};
      } else {
        traded.low = std::min(traded.low, price);
        traded.high = std::max(traded.high, price);
      }
      out.push_back(trade_event(symbol_, ts, o, r.o.id, r.o.account, r.o.open, price, q));
      if (r.o.visible == 0) {
        if (r.o.open > 0) {
          // Iceberg refill: the new peak joins the back of the level.
          unlink(level, rn);
          r.o.visible = std::min(r.o.display, r.o.open);
          append(level, li, rn);
        } else {
          unlink(level, rn);
          ids_.erase(r.o.id);
          if (r.o.tif == TimeInForce::GTD) --gtd_live_;
          free_node(rn);
        }
      }
    }
    if (level.head == kNil && best == li) remove_level(contra, li);
  }
  return true;
}

void FastBook::rest(const OrderState& o) {
  const std::uint32_t n = alloc_node();
  const std::uint32_t li = level_for(o.side, o.price);
  Node& node = nodes_[n];
  node.o = o;
  node.o.visible = o.display > 0 ? std::min(o.display, o.open) : o.open;
  append(levels_[li], li, n);
  ids_.insert(o.id, n);
  if (o.tif == TimeInForce::GTD) push_gtd(o);
}

void FastBook::add_stop(const OrderState& o) {
  const std::uint32_t n = alloc_node();
  Node& node = nodes_[n];
  node.o = o;
  node.level = kNil;
  node.next = kNil;
  StopQueue& q = stops_[idx(o.side)][stop_key(o.side, o.stop_price)];
  node.prev = q.tail;
  if (q.tail != kNil) nodes_[q.tail].next = n; else q.head = n;
  q.tail = n;
  ids_.insert(o.id, n);
  if (o.tif == TimeInForce::GTD) push_gtd(o);
}

void FastBook::collect_triggered(const TradedRange& traded) {
  for (Side side : {Side::Buy, Side::Sell}) {
    auto& stops = stops_[idx(side)];
    if (stops.empty()) continue;
    const Price trade = side == Side::Buy ? traded.high : traded.low;
    auto end = stops.upper_bound(stop_key(side, trade));
    for (auto it = stops.begin(); it != end; ++it) {
      for (std::uint32_t n = it->second.head; n != kNil;) {
        const std::uint32_t next = nodes_[n].next;
        const OrderState& o = nodes_[n].o;
        triggered_.push_back(o);
        ids_.erase(o.id);
        if (o.tif == TimeInForce::GTD) --gtd_live_;
        free_node(n);
        n = next;
      }
    }
    stops.erase(stops.begin(), end);
  }
}

void FastBook::run_triggered(Timestamp ts, std::vector<Event>& out) {
  // Runs may append further elected stops, so index rather than iterate.
  while (triggered_head_ < triggered_.size()) {
    OrderState o = triggered_[triggered_head_++];
    out.push_back(triggered_event(symbol_, ts, o));
    o.type = o.type == OrderType::Stop ? OrderType::Market : OrderType::Limit;
    if (o.tif == TimeInForce::FOK && fillable(o) < o.open) {
      out.push_back(order_event(EventType::Cancelled, symbol_, ts, o, o.open, 0, ResultCode::BookFokNotFillable));
      continue;
    }
    run_incoming(o, ts, out);
  }
  triggered_.clear();
  triggered_head_ = 0;
}

OrderState FastBook::remove(OrderId id, std::uint32_t n) {
  Node& node = nodes_[n];
  const OrderState o = node.o;
  if (node.level != kNil) {
    const std::uint32_t li = node.level;
    Level& level = levels_[li];
    unlink(level, n);
    if (level.head == kNil) remove_level(o.side, li);
  } else {
    auto& stops = stops_[idx(o.side)];
    auto it = stops.find(stop_key(o.side, o.stop_price));
    StopQueue& q = it->second;
    if (node.prev != kNil) nodes_[node.prev].next = node.next; else q.head = node.next;
    if (node.next != kNil) nodes_[node.next].prev = node.prev; else q.tail = node.prev;
    if (q.head == kNil) stops.erase(it);
  }
  ids_.erase(id);
  if (o.tif == TimeInForce::GTD) --gtd_live_;
  free_node(n);
  return o;
}

void FastBook::expire_until(Timestamp now, std::vector<Event>& out) {
  while (!gtd_heap_.empty() && gtd_heap_.front().first <= now) {
    const HeapEntry top = gtd_heap_.front();
    std::pop_heap(gtd_heap_.begin(), gtd_heap_.end(), kHeapOrder);
    gtd_heap_.pop_back();
    const std::uint32_t n = ids_.find(top.second);
    // Skip entries of orders that are gone or of a later order that reused the id.
    if (n == OrderIdMap::kNone || nodes_[n].o.tif != TimeInForce::GTD || nodes_[n].o.expire_at != top.first) continue;
    const OrderState o = remove(top.second, n);
    out.push_back(order_event(EventType::Expired, symbol_, now, o, o.open, 0));
  }
  // Entries of cancelled and filled orders linger until they reach the top; rebuild when they dominate.
  if (gtd_heap_.size() > 2 * gtd_live_ + 64) {
    gtd_heap_.clear();
    ids_.for_each([&](std::uint64_t, std::uint32_t n) {
      if (nodes_[n].o.tif == TimeInForce::GTD) gtd_heap_.emplace_back(nodes_[n].o.expire_at, nodes_[n].o.id);
    });
    std::make_heap(gtd_heap_.begin(), gtd_heap_.end(), kHeapOrder);
  }
}

Timestamp FastBook::next_expiry() const noexcept {
  return gtd_heap_.empty() ? std::numeric_limits<Timestamp>::max() : gtd_heap_.front().first;
}

void FastBook::end_session(Timestamp now, std::vector<Event>& out) {
  std::vector<OrderId> day;
  ids_.for_each([&](std::uint64_t id, std::uint32_t n) {
    if (nodes_[n].o.tif == TimeInForce::DAY) day.push_back(id);
  });
  std::sort(day.begin(), day.end());
  for (OrderId id : day) {
    const OrderState o = remove(id, ids_.find(id));
    out.push_back(order_event(EventType::Expired, symbol_, now, o, o.open, 0));
  }
}

std::optional<OrderView> FastBook::find_order(OrderId id) const {
  const std::uint32_t n = ids_.find(id);
  if (n == OrderIdMap::kNone) return std::nullopt;
  return OrderView{nodes_[n].o, nodes_[n].level == kNil ? OrderStatus::PendingStop : OrderStatus::Resting};
}

TopOfBook FastBook::top_of_book() const {
  TopOfBook top;
  if (best_[0] != kNil) {
    top.has_bid = true;
    top.bid_price = levels_[best_[0]].price;
    top.bid_quantity = levels_[best_[0]].visible;
  }
  if (best_[1] != kNil) {
    top.has_ask = true;
    top.ask_price = levels_[best_[1]].price;
    top.ask_quantity = levels_[best_[1]].visible;
  }
  return top;
}

void FastBook::depth(Side side, std::size_t count, std::vector<LevelView>& out) const {
  for (std::uint32_t li = best_[idx(side)]; li != kNil && count > 0; li = next_level(side, li), --count) {
    out.push_back({levels_[li].price, levels_[li].visible, levels_[li].count});
  }
}

void FastBook::level_orders(Side side, Price price, std::vector<OrderView>& out) const {
  if (price <= 0 || price > kMaxPrice) return;
  const std::uint32_t li = ladder_[idx(side)].find(level_key(side, price));
  if (li == PriceLadder::kNone) return;
  for (std::uint32_t n = levels_[li].head; n != kNil; n = nodes_[n].next) out.push_back({nodes_[n].o, OrderStatus::Resting});
}

void FastBook::open_orders(std::vector<OrderView>& out) const {
  const BookState s = export_state();
  for (const auto* list : {&s.bids, &s.asks}) {
    for (const OrderState& o : *list) out.push_back({o, OrderStatus::Resting});
  }
  for (const auto* list : {&s.buy_stops, &s.sell_stops}) {
    for (const OrderState& o : *list) out.push_back({o, OrderStatus::PendingStop});
  }
}

BookState FastBook::export_state() const {
  BookState s;
  s.symbol = symbol_;
  s.halted = halted_;
  s.last_trade_price = last_trade_;
  for (Side side : {Side::Buy, Side::Sell}) {
    auto& list = side == Side::Buy ? s.bids : s.asks;
    for (std::uint32_t li = best_[idx(side)]; li != kNil; li = next_level(side, li)) {
      for (std::uint32_t n = levels_[li].head; n != kNil; n = nodes_[n].next) list.push_back(nodes_[n].o);
    }
    auto& stop_list = side == Side::Buy ? s.buy_stops : s.sell_stops;
    for (const auto& [key, q] : stops_[idx(side)]) {
      for (std::uint32_t n = q.head; n != kNil; n = nodes_[n].next) stop_list.push_back(nodes_[n].o);
    }
  }
  return s;
}

void FastBook::import_state(const BookState& s) {
  *this = FastBook(s.symbol);
  halted_ = s.halted;
  last_trade_ = s.last_trade_price;
  for (const auto* list : {&s.bids, &s.asks}) {
    for (const OrderState& o : *list) {
      const std::uint32_t n = alloc_node();
      const std::uint32_t li = level_for(o.side, o.price);
      nodes_[n].o = o;
      append(levels_[li], li, n);
      ids_.insert(o.id, n);
      if (o.tif == TimeInForce::GTD) push_gtd(o);
    }
  }
  for (const auto* list : {&s.buy_stops, &s.sell_stops}) {
    for (const OrderState& o : *list) add_stop(o);
  }
}

bool FastBook::validate_internal_state(std::string* error) const {
  auto fail = [&](const std::string& why) {
    if (error != nullptr) *error = "symbol " + std::to_string(symbol_) + ": " + why;
    return false;
  };
  std::size_t live = 0;
  std::size_t gtd = 0;
  std::vector<HeapEntry> live_gtd;
  for (Side side : {Side::Buy, Side::Sell}) {
    std::uint64_t min_key = 0;
    const std::uint32_t min = ladder_[idx(side)].min(&min_key);
    if ((min == PriceLadder::kNone ? kNil : min) != best_[idx(side)]) return fail("cached best level is not the best");
    std::size_t level_count = 0;
    Price previous = 0;
    for (std::uint32_t li = best_[idx(side)]; li != kNil; li = next_level(side, li)) {
      const Level& level = levels_[li];
      ++level_count;
      if (level_count > 1 && (side == Side::Buy ? level.price >= previous : level.price <= previous)) {
        return fail("levels out of price order");
      }
      previous = level.price;
      if (level.head == kNil) return fail("empty level");
      Quantity visible = 0;
      std::uint32_t count = 0;
      std::uint32_t prev = kNil;
      for (std::uint32_t n = level.head; n != kNil; prev = n, n = nodes_[n].next) {
        const Node& node = nodes_[n];
        const OrderState& o = node.o;
        ++count;
        ++live;
        if (node.prev != prev || node.level != li) return fail("broken level links");
        if (o.side != side || o.price != level.price) return fail("order in the wrong level");
        if (o.open <= 0 || o.visible <= 0 || o.visible > o.open) return fail("bad open/visible quantity");
        if (o.display == 0 ? o.visible != o.open : o.visible > o.display) return fail("bad iceberg peak");
        if (ids_.find(o.id) != n) return fail("index mismatch");
        if (o.tif == TimeInForce::GTD) ++gtd, live_gtd.emplace_back(o.expire_at, o.id);
        visible += o.visible;
      }
      if (prev != level.tail) return fail("level tail mismatch");
      if (visible != level.visible) return fail("level size differs from the sum of its orders");
      if (count != level.count) return fail("level order count mismatch");
    }
    if (level_count != ladder_[idx(side)].size()) return fail("ladder holds levels that are not reachable");
    for (const auto& [key, q] : stops_[idx(side)]) {
      if (q.head == kNil) return fail("empty stop queue");
      for (std::uint32_t n = q.head; n != kNil; n = nodes_[n].next) {
        const OrderState& o = nodes_[n].o;
        ++live;
        if (nodes_[n].level != kNil || stop_key(side, o.stop_price) != key) return fail("stop in the wrong queue");
        if (ids_.find(o.id) != n) return fail("stop index mismatch");
        if (o.tif == TimeInForce::GTD) ++gtd, live_gtd.emplace_back(o.expire_at, o.id);
      }
    }
  }
  if (live != ids_.size()) return fail("index holds orders that are not in the book");
  if (gtd != gtd_live_) return fail("GTD count mismatch");
  std::vector<HeapEntry> heap = gtd_heap_;
  std::sort(heap.begin(), heap.end());
  for (const HeapEntry& e : live_gtd) {
    if (!std::binary_search(heap.begin(), heap.end(), e)) return fail("GTD order missing from the expiry heap");
  }
  const TopOfBook top = top_of_book();
  if (top.has_bid && top.has_ask && top.bid_price >= top.ask_price) return fail("book is crossed");
  if (!triggered_.empty()) return fail("triggered stops left over after a command");
  return true;
}

}  // namespace kestrel::engine
