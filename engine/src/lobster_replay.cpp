// LOBSTER parsing and the one-step check; see lobster_replay.h for the method.
#include "kestrel/engine/lobster_replay.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string_view>

#include "kestrel/engine/matching_engine.h"

namespace kestrel::engine {

namespace {

constexpr std::int64_t kDummyPrice = 9'999'999'999;  // LOBSTER's padding for unoccupied levels
constexpr SymbolId kSymbol = 1;
constexpr AccountId kSyntheticAccount = 1;
constexpr AccountId kRealAccount = 2;
constexpr AccountId kAggressorAccount = 3;
constexpr OrderId kSyntheticIdBase = OrderId{1} << 62;  // far above NASDAQ order reference numbers
constexpr OrderId kAggressorIdBase = OrderId{3} << 61;

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// Calls f(line_number, line) for each non-empty line; tolerates a missing final newline and CRLF.
template <class F>
bool for_each_line(std::string_view text, F&& f) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!f(line_no, line)) return false;
  }
  return true;
}

bool parse_int(std::string_view s, std::int64_t& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

// "34200.004241176" -> 34200004241176 ns. Digits beyond nanoseconds are truncated.
bool parse_time(std::string_view s, Timestamp& ns) {
  const std::size_t dot = s.find('.');
  std::int64_t seconds = 0;
  if (!parse_int(s.substr(0, dot), seconds) || seconds < 0) return false;
  std::int64_t frac = 0;
  if (dot != std::string_view::npos) {
    const std::string_view digits = s.substr(dot + 1);
    if (digits.empty()) return false;
    int used = 0;
    for (char ch : digits) {
      if (ch < '0' || ch > '9') return false;
      if (used < 9) frac = frac * 10 + (ch - '0'), ++used;
    }
    for (; used < 9; ++used) frac *= 10;
  }
  ns = seconds * 1'000'000'000 + frac;
  return true;
}

// Splits on ',' into at most `max` fields; returns the count (max + 1 if there were more).
std::size_t split(std::string_view line, std::string_view* fields, std::size_t max) {
  std::size_t n = 0;
  for (;;) {
    const std::size_t comma = line.find(',');
    if (n == max) return max + 1;
    fields[n++] = line.substr(0, comma);
    if (comma == std::string_view::npos) return n;
    line.remove_prefix(comma + 1);
  }
}

struct TruthLevel {
  Price price = 0;
  Quantity size = 0;
};

// One side of one orderbook row, in tick units.
struct TruthSide {
  std::vector<TruthLevel> levels;
  bool full = false;  // all L levels occupied: deeper levels exist but are not shown

  bool has(Price p) const {
    return std::any_of(levels.begin(), levels.end(), [p](const TruthLevel& l) { return l.price == p; });
  }
};

class OneStepCheck {
 public:
  OneStepCheck(const LobsterData& data, std::int64_t tick, LobsterReport& report)
      : data_(data), tick_(tick), report_(report) {}

  void run() {
    const std::size_t rows = data_.messages.size();
    for (std::size_t k = 1; k < rows; ++k) {
      reconcile(k - 1);
      apply(data_.messages[k]);
      compare(k);
    }
    report_.steps = rows == 0 ? 0 : rows - 1;
    report_.engine_commands = commands_.size();
  }

  const std::vector<Command>& commands() const { return commands_; }
  std::uint64_t final_hash() const { return engine_.state_hash(); }

 private:
  TruthSide truth(std::size_t row, Side side) const {
    TruthSide t;
    const std::int64_t* r = &data_.book[row * 4 * data_.levels];
    for (std::size_t i = 0; i < data_.levels; ++i) {
      const std::int64_t price = r[4 * i + (side == Side::Sell ? 0 : 2)];
      const std::int64_t size = r[4 * i + (side == Side::Sell ? 1 : 3)];
      if (price >= kDummyPrice || price <= -kDummyPrice || size <= 0) break;
      t.levels.push_back({price / tick_, size});
    }
    t.full = t.levels.size() == data_.levels;
    return t;
  }

  void issue(const Command& c) {
    commands_.push_back(c);
    events_.clear();
    engine_.process(c, events_);
  }

  Command base(CommandType type, OrderId id, AccountId account) const {
    Command c;
    c.type = type;
    c.symbol = kSymbol;
    c.timestamp = now_;
    c.order_id = id;
    c.account = account;
    return c;
  }

  void add(OrderId id, AccountId account, Side side, Price price, Quantity qty, TimeInForce tif = TimeInForce::GTC) {
    Command c = base(CommandType::NewOrder, id, account);
    c.side = side;
    c.price = price;
    c.quantity = qty;
    c.tif = tif;
    issue(c);
  }

  // Takes `qty` off a resting order: Replace keeps its priority; Cancel when nothing would be left.
  void reduce(const OrderState& o, Quantity qty) {
    if (qty >= o.open) {
      issue(base(CommandType::Cancel, o.id, o.account));
    } else {
      Command c = base(CommandType::Replace, o.id, o.account);
      c.quantity = o.open - qty;
      issue(c);
    }
  }

  // Removes `qty` from a level, synthetic volume first (newest first), then real orders (newest first).
  void reduce_level(Side side, Price price, Quantity qty, std::size_t* counter) {
    const auto orders = engine_.level_orders(kSymbol, side, price);
    for (bool synthetic_pass : {true, false}) {
      for (auto it = orders.rbegin(); it != orders.rend() && qty > 0; ++it) {
        if ((it->order.account == kSyntheticAccount) != synthetic_pass) continue;
        const Quantity take = std::min(qty, it->order.open);
        reduce(it->order, take);
        qty -= take;
        if (counter != nullptr) ++*counter;
      }
    }
  }

  // Makes the book equal orderbook row `row` on every level that row determines.
  void reconcile(std::size_t row) {
    const TruthSide sides[2] = {truth(row, Side::Buy), truth(row, Side::Sell)};
    // Remove levels the row proves empty on both sides before adding volume, so a stale level can
    // never cross an added one.
    for (Side side : {Side::Buy, Side::Sell}) {
      const TruthSide& t = sides[static_cast<int>(side)];
      for (const LevelView& l : known_levels(side, t)) {
        if (t.has(l.price)) continue;
        for (const OrderView& v : engine_.level_orders(kSymbol, side, l.price)) {
          issue(base(CommandType::Cancel, v.order.id, v.order.account));
          ++report_.reconcile_commands;
        }
      }
    }
    for (Side side : {Side::Buy, Side::Sell}) {
      for (const TruthLevel& l : sides[static_cast<int>(side)].levels) {
        if (scrolled_in(side, l.price)) {
          // The level was out of view, where the file reports nothing: what we hold there may include
          // orders that were cancelled unseen. Rebuild it as one synthetic order of the shown size.
          for (const OrderView& v : engine_.level_orders(kSymbol, side, l.price)) {
            issue(base(CommandType::Cancel, v.order.id, v.order.account));
            ++report_.reconcile_commands;
          }
          add(next_synthetic_++, kSyntheticAccount, side, l.price, l.size);
          ++report_.reconcile_commands;
          continue;
        }
        const Quantity ours = level_size(side, l.price);
        if (ours < l.size) {
          add(next_synthetic_++, kSyntheticAccount, side, l.price, l.size - ours);
          ++report_.reconcile_commands;
        } else if (ours > l.size) {
          reduce_level(side, l.price, ours - l.size, &report_.reconcile_commands);
        }
      }
    }
  }

  // Our levels that fall inside the range a truth side determines: all of them when the side was not
  // full, otherwise those at or better than its worst shown price.
  std::vector<LevelView> known_levels(Side side, const TruthSide& t) const {
    std::size_t want = data_.levels * 2 + 8;
    for (;;) {
      auto levels = engine_.depth(kSymbol, side, want);
      if (t.full) {
        const Price worst = t.levels.back().price;
        auto beyond = std::find_if(levels.begin(), levels.end(), [&](const LevelView& l) {
          return side == Side::Buy ? l.price < worst : l.price > worst;
        });
        if (beyond != levels.end()) {
          levels.erase(beyond, levels.end());
          return levels;
        }
      }
      if (levels.size() < want) return levels;
      want *= 2;
    }
  }

  Quantity level_size(Side side, Price price) const {
    Quantity total = 0;
    for (const OrderView& v : engine_.level_orders(kSymbol, side, price)) total += v.order.visible;
    return total;
  }

  void apply(const LobsterMessage& m) {
    now_ = m.time;
    const Side side = m.direction == 1 ? Side::Buy : Side::Sell;
    const Price price = m.price / tick_;
    // The order a cancel/delete/execution refers to, when the file added it (else it is synthetic volume).
    const OrderState* live = nullptr;
    OrderState found;
    if (m.type >= 2 && m.type <= 4) {
      if (const auto view = engine_.find_order(kSymbol, m.order_id)) {
        found = view->order;
        live = &found;
      }
    }
    switch (m.type) {
      case 1:
        add(m.order_id, kRealAccount, side, price, m.size);
        break;
      case 2:
      case 3:
        if (live != nullptr) {
          reduce(*live, m.type == 3 ? live->open : m.size);
        } else {
          reduce_level(side, price, m.size, nullptr);
        }
        break;
      case 4:
        execute(m, side, price, live);
        break;
      case 7:
        issue(base(m.price == -1 ? CommandType::HaltSymbol : CommandType::ResumeSymbol, 0, 0));
        break;
      default:  // 5 hidden execution, 6 cross trade: the visible book does not change
        break;
    }
  }

  void execute(const LobsterMessage& m, Side side, Price price, const OrderState* live) {
    const TopOfBook top = engine_.top_of_book(kSymbol);
    const bool at_best = side == Side::Buy ? top.has_bid && top.bid_price == price : top.has_ask && top.ask_price == price;
    const auto queue = engine_.level_orders(kSymbol, side, price);
    const bool front_matches = !queue.empty() && queue.front().order.open >= m.size &&
                               (live != nullptr ? queue.front().order.id == live->id
                                     : queue.front().order.account == kSyntheticAccount);
    if (at_best && front_matches) {
      // The executed order is first in time priority: send the aggressor that hit it.
      add(next_aggressor_++, kAggressorAccount, opposite(side), price, m.size, TimeInForce::IOC);
      ++report_.executions_matched;
    } else if (live != nullptr) {
      reduce(*live, m.size);
      ++report_.executions_direct;
    } else {
      reduce_level(side, price, m.size, nullptr);
      ++report_.executions_direct;
    }
  }

  void compare(std::size_t row) {
    const LobsterMessage& m = data_.messages[row];
    const Side msg_side = m.direction == 1 ? Side::Buy : Side::Sell;
    const bool touches = m.type >= 1 && m.type <= 4;
    bool mismatch = false;
    std::string why;
    scrolled_in_[0].clear();
    scrolled_in_[1].clear();
    for (Side side : {Side::Buy, Side::Sell}) {
      const TruthSide before = truth(row - 1, side);
      const TruthSide now = truth(row, side);
      const auto ours = engine_.depth(kSymbol, side, data_.levels);
      for (std::size_t i = 0; i < data_.levels; ++i) {
        if (i >= now.levels.size()) {
          // The side has fewer levels now. Known only if every level was already visible before.
          if (before.full) {
            ++report_.levels_unknown;
          } else if (ours.size() > i) {
            mismatch = true;
            why = describe(row, side, i, nullptr, &ours[i]);
          }
          break;
        }
        const TruthLevel& t = now.levels[i];
        if (!known(before, side, t.price, m, touches, msg_side)) {
          // This and every deeper level scrolled into view: not comparable now, rebuilt before the next
          // message.
          for (std::size_t j = i; j < now.levels.size(); ++j) {
            if (!known(before, side, now.levels[j].price, m, touches, msg_side)) {
              scrolled_in_[static_cast<int>(side)].push_back(now.levels[j].price);
            }
          }
          report_.levels_unknown += now.levels.size() - i;
          break;
        }
        ++report_.levels_compared;
        if (i >= ours.size() || ours[i].price != t.price || ours[i].quantity != t.size) {
          mismatch = true;
          why = describe(row, side, i, &t, i < ours.size() ? &ours[i] : nullptr);
          break;
        }
      }
    }
    if (mismatch) {
      ++report_.mismatches;
      if (report_.first_mismatches.size() < 5) report_.first_mismatches.push_back(why);
    }
  }

  // A level of the current row is known when the previous row showed its price (or showed the whole
  // side), or when the current message created or touched it.
  bool known(const TruthSide& before, Side side, Price price, const LobsterMessage& m, bool touches, Side msg_side) const {
    return !before.full || before.has(price) || (touches && side == msg_side && price == m.price / tick_);
  }

  bool scrolled_in(Side side, Price price) const {
    const auto& prices = scrolled_in_[static_cast<int>(side)];
    return std::find(prices.begin(), prices.end(), price) != prices.end();
  }

  std::string describe(std::size_t row, Side side, std::size_t level, const TruthLevel* want, const LevelView* got) const {
    const LobsterMessage& m = data_.messages[row];
    std::ostringstream s;
    s << "row " << row + 1 << " (type " << m.type << " id " << m.order_id << " size " << m.size << " price " << m.price
      << "): " << (side == Side::Buy ? "bid" : "ask") << " level " << level + 1 << " expected ";
    if (want) s << want->price * tick_ << "x" << want->size; else s << "none";
    s << " got ";
    if (got) s << got->price * tick_ << "x" << got->quantity; else s << "none";
    return s.str();
  }

  const LobsterData& data_;
  const std::int64_t tick_;
  LobsterReport& report_;
  MatchingEngine engine_;
  std::vector<Command> commands_;
  std::vector<Event> events_;
  Timestamp now_ = 0;
  std::vector<Price> scrolled_in_[2];  // levels of the last compared row that were not yet known
  OrderId next_synthetic_ = kSyntheticIdBase;
  OrderId next_aggressor_ = kAggressorIdBase;
};

std::int64_t detect_tick(const LobsterData& data) {
  std::int64_t g = 0;
  for (const LobsterMessage& m : data.messages) {
    if (m.type >= 1 && m.type <= 4) g = std::gcd(g, m.price);
  }
  for (std::size_t i = 0; i < data.book.size(); i += 2) {
    const std::int64_t p = data.book[i];
    if (p < kDummyPrice && p > -kDummyPrice) g = std::gcd(g, p);
  }
  return g == 0 ? 1 : g;
}

// Best time of at least `runs` replays, repeating until 0.2 s have been spent so short files still
// give a stable figure.
template <class E>
double time_replay(const std::vector<Command>& commands, int runs, std::uint64_t* hash) {
  double best = 0;
  double spent = 0;
  std::vector<Event> events;
  events.reserve(64);
  for (int run = 0; run < runs || (spent < 0.2 && run < 10'000); ++run) {
    E engine;
    const auto start = std::chrono::steady_clock::now();
    for (const Command& c : commands) {
      events.clear();
      engine.process(c, events);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run == 0 || seconds < best) best = seconds;
    spent += seconds;
    if (hash != nullptr) *hash = engine.state_hash();
  }
  return best;
}

}  // namespace

std::string load_lobster(const std::string& message_path, const std::string& orderbook_path, LobsterData& out) {
  std::string text;
  if (!read_file(message_path, text)) return message_path + ": cannot read file";
  out = LobsterData{};
  std::string error;
  std::string_view fields[7];
  for_each_line(text, [&](std::size_t line_no, std::string_view line) {
    auto fail = [&](const std::string& why) {
      error = message_path + ":" + std::to_string(line_no) + ": " + why;
      return false;
    };
    if (split(line, fields, 6) != 6) return fail("expected 6 fields");
    LobsterMessage m;
    std::int64_t type = 0, id = 0, direction = 0;
    if (!parse_time(fields[0], m.time)) return fail("bad time '" + std::string(fields[0]) + "'");
    if (!parse_int(fields[1], type) || type < 1 || type > 7) return fail("bad event type");
    if (!parse_int(fields[2], id) || id < 0) return fail("bad order id");
    if (!parse_int(fields[3], m.size) || m.size < 0) return fail("bad size");
    if (!parse_int(fields[4], m.price)) return fail("bad price");
    if (!parse_int(fields[5], direction) || (direction != 1 && direction != -1)) return fail("bad direction");
    if (type >= 1 && type <= 4 && (m.size <= 0 || m.price <= 0)) return fail("non-positive size or price");
    m.type = static_cast<int>(type);
    m.order_id = static_cast<std::uint64_t>(id);
    m.direction = static_cast<int>(direction);
    out.messages.push_back(m);
    return true;
  });
  if (!error.empty()) return error;

  if (!read_file(orderbook_path, text)) return orderbook_path + ": cannot read file";
  std::vector<std::string_view> row;
  for_each_line(text, [&](std::size_t line_no, std::string_view line) {
    auto fail = [&](const std::string& why) {
      error = orderbook_path + ":" + std::to_string(line_no) + ": " + why;
      return false;
    };
    row.clear();
    for (std::size_t start = 0;;) {
      const std::size_t comma = line.find(',', start);
      row.push_back(line.substr(start, comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (row.size() % 4 != 0 || row.empty()) return fail("column count is not a multiple of 4");
    if (out.levels == 0) out.levels = row.size() / 4;
    if (row.size() != out.levels * 4) return fail("column count differs from the first row");
    for (std::string_view f : row) {
      std::int64_t v = 0;
      if (!parse_int(f, v)) return fail("bad number '" + std::string(f) + "'");
      out.book.push_back(v);
    }
    return true;
  });
  if (!error.empty()) return error;
  const std::size_t book_rows = out.levels == 0 ? 0 : out.book.size() / (4 * out.levels);
  if (book_rows != out.messages.size()) {
    return "row count mismatch: " + std::to_string(out.messages.size()) + " messages vs " +
           std::to_string(book_rows) + " orderbook rows";
  }
  if (out.messages.empty()) return message_path + ": no messages";
  return {};
}

LobsterReport replay_lobster(const LobsterData& data, int timing_runs) {
  LobsterReport report;
  report.tick = detect_tick(data);
  OneStepCheck check(data, report.tick, report);
  const auto start = std::chrono::steady_clock::now();
  check.run();
  report.check_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (timing_runs > 0) {
    std::uint64_t replay_hash = 0;
    report.apply_seconds = time_replay<MatchingEngine>(check.commands(), timing_runs, &replay_hash);
    report.reference_apply_seconds = time_replay<ReferenceMatchingEngine>(check.commands(), 1, nullptr);
    // The timed replay must end in exactly the state the check reached, or it timed something else.
    if (replay_hash != check.final_hash()) {
      ++report.mismatches;
      report.first_mismatches.push_back("timed replay diverged from the checked run (state hash differs)");
    }
  }
  return report;
}

}  // namespace kestrel::engine
