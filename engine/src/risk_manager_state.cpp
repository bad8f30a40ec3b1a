// RiskManager state serialisation. Format (little-endian): "KRSK", u8 version (1), then in order:
// default limits, global limits, account limits, reference prices, last prices, default breaker,
// per-symbol breaker configs, breaker windows, global kill switch, account kill switches, open orders,
// positions, unrealised-at-day-start per account. Everything is written in ascending key order (hash
// maps are sorted on the way out) and restore requires strictly ascending keys, so every state has exactly one encoding and
// serialize(restore(bytes)) == bytes. Derived totals are recomputed, not stored.
#include <algorithm>
#include <limits>
#include <map>
#include <vector>

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/risk_manager.h"

namespace kestrel::engine {
namespace {

constexpr std::string_view kMagic = "KRSK";
constexpr std::uint8_t kVersion = 1;

void write_limits(ByteWriter& writer, const RiskLimits& limits) {
  const std::optional<std::int64_t> fields[] = {limits.max_order_quantity, limits.max_order_notional,
                                                limits.max_position,       limits.max_open_orders,
                                                limits.max_daily_loss,     limits.price_collar_bps};
  std::uint8_t present = 0;
  for (int i = 0; i < 6; ++i) {
    if (fields[i]) present = static_cast<std::uint8_t>(present | (1u << i));
  }
  writer.u8(present);
  for (const auto& field : fields) {
    if (field) writer.i64(*field);
  }
}

bool read_limits(ByteReader& reader, RiskLimits& limits) {
  const std::uint8_t present = reader.u8();
  if ((present & ~0x3Fu) != 0) return false;
  std::optional<std::int64_t> fields[6];
  for (int i = 0; i < 6; ++i) {
    if ((present & (1u << i)) == 0) continue;
    fields[i] = reader.i64();
    if (*fields[i] < 0) return false;
  }
  limits = RiskLimits{fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]};
  return reader.ok();
}

void write_breaker_config(ByteWriter& writer, const CircuitBreakerConfig& config) {
  writer.i64(config.move_bps);
  writer.i64(config.window_ns);
  writer.i64(config.cooldown_ns);
}

bool read_breaker_config(ByteReader& reader, CircuitBreakerConfig& config) {
  config.move_bps = reader.i64();
  config.window_ns = reader.i64();
  config.cooldown_ns = reader.i64();
  return reader.ok() && config.move_bps > 0 && config.window_ns > 0 && config.cooldown_ns > 0;
}

void write_points(ByteWriter& writer, const std::deque<PricePoint>& points) {
  writer.u32(static_cast<std::uint32_t>(points.size()));
  for (const PricePoint& point : points) {
    writer.i64(point.timestamp);
    writer.i64(point.price);
  }
}

// `increasing`: prices strictly increase front to back (minima) or strictly decrease (maxima), and
// timestamps never decrease — the shape CircuitBreaker::on_trade maintains.
bool read_points(ByteReader& reader, std::deque<PricePoint>& points, bool increasing) {
  const std::uint32_t count = reader.u32();
  if (!reader.ok() || count > reader.remaining() / 16) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    const PricePoint point{reader.i64(), reader.i64()};
    if (point.price <= 0) return false;
    if (!points.empty()) {
      const PricePoint& last = points.back();
      if (point.timestamp < last.timestamp) return false;
      if (increasing ? point.price <= last.price : point.price >= last.price) return false;
    }
    points.push_back(point);
  }
  return reader.ok();
}

// Values outside +-kInt128Max are never produced (arithmetic saturates there) and could not be negated.
bool in_range(Int128 value) { return value >= -kInt128Max; }

// Reads a u32 element count and checks it against the bytes left, so a corrupt count can never make
// restore allocate or loop beyond the input size.
bool read_count(ByteReader& reader, std::size_t element_size, std::uint32_t& count) {
  count = reader.u32();
  return reader.ok() && count <= reader.remaining() / element_size;
}

// Appends to a map whose keys must arrive strictly ascending (canonical encoding, no duplicates).
template <typename Map, typename Key, typename Value>
bool append_ascending(Map& map, const Key& key, Value value) {
  if (!map.empty() && !(map.rbegin()->first < key)) return false;
  map.emplace_hint(map.end(), key, std::move(value));
  return true;
}

template <typename Map>
bool read_price_map(ByteReader& reader, Map& prices) {
  std::uint32_t count = 0;
  if (!read_count(reader, 12, count)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    const SymbolId symbol = reader.u32();
    const Price price = reader.i64();
    if (!reader.ok() || price <= 0 || !append_ascending(prices, symbol, price)) return false;
  }
  return true;
}

template <typename Map>
void write_price_map(ByteWriter& writer, const Map& prices) {
  writer.u32(static_cast<std::uint32_t>(prices.size()));
  for (const auto& [symbol, price] : prices) {
    writer.u32(symbol);
    writer.i64(price);
  }
}

}  // namespace

void RiskManager::serialize(std::string& out) const {
  ByteWriter writer(out);
  writer.bytes(kMagic);
  writer.u8(kVersion);
  write_limits(writer, defaults_);
  write_limits(writer, global_);
  writer.u32(static_cast<std::uint32_t>(account_limits_.size()));
  for (const auto& [account, limits] : account_limits_) {
    writer.u64(account);
    write_limits(writer, limits);
  }
  std::map<SymbolId, Price> configured;
  std::map<SymbolId, Price> last;
  for (const auto& [symbol, instrument] : instruments_) {
    if (instrument.configured_reference) configured.emplace(symbol, *instrument.configured_reference);
    if (instrument.last_price) last.emplace(symbol, *instrument.last_price);
  }
  write_price_map(writer, configured);
  write_price_map(writer, last);
  writer.u8(default_breaker_ ? 1 : 0);
  if (default_breaker_) write_breaker_config(writer, *default_breaker_);
  writer.u32(static_cast<std::uint32_t>(breaker_configs_.size()));
  for (const auto& [symbol, config] : breaker_configs_) {
    writer.u32(symbol);
    write_breaker_config(writer, config);
  }
  writer.u32(static_cast<std::uint32_t>(breakers_.size()));
  for (const auto& [symbol, breaker] : breakers_) {
    writer.u32(symbol);
    writer.i64(breaker.halted_until());
    writer.i64(breaker.trip_move_bps());
    write_points(writer, breaker.minima());
    write_points(writer, breaker.maxima());
  }
  writer.u8(static_cast<std::uint8_t>(global_kill_));
  writer.u32(static_cast<std::uint32_t>(kill_switches_.size()));
  for (const auto& [account, mode] : kill_switches_) {
    writer.u64(account);
    writer.u8(static_cast<std::uint8_t>(mode));
  }
  std::vector<OrderId> ids;
  ids.reserve(orders_.size());
  for (const auto& entry : orders_) ids.push_back(entry.first);
  std::sort(ids.begin(), ids.end());
  writer.u32(static_cast<std::uint32_t>(ids.size()));
  for (const OrderId id : ids) {
    const OpenOrder& order = orders_.at(id);
    writer.u64(id);
    writer.u64(order.account);
    writer.u32(order.symbol);
    writer.u8(static_cast<std::uint8_t>(order.side));
    writer.i64(order.price);
    writer.i64(order.open);
  }
  std::vector<AccountId> accounts;
  accounts.reserve(accounts_.size());
  for (const auto& entry : accounts_) accounts.push_back(entry.first);
  std::sort(accounts.begin(), accounts.end());
  std::uint32_t positions = 0;
  std::uint32_t day_starts = 0;
  for (const auto& [id, account] : accounts_) {
    for (const Holding& held : account.holdings) positions += held.filled ? 1 : 0;
    day_starts += account.unrealized_day_start ? 1 : 0;
  }
  writer.u32(positions);
  for (const AccountId id : accounts) {
    for (const Holding& held : accounts_.at(id).holdings) {  // holdings ascend by symbol
      if (!held.filled) continue;
      writer.u64(id);
      writer.u32(held.symbol);
      writer.i128(held.position.quantity);
      writer.i128(held.position.cost);
      writer.i128(held.position.realized);
      writer.i128(held.position.realized_today);
    }
  }
  writer.u32(day_starts);
  for (const AccountId id : accounts) {
    const Account& account = accounts_.at(id);
    if (!account.unrealized_day_start) continue;
    writer.u64(id);
    writer.i128(*account.unrealized_day_start);
  }
}

ResultCode RiskManager::restore(std::string_view bytes) {
  constexpr ResultCode kCorrupt = ResultCode::SnapshotCorrupt;
  RiskManager next;  // built aside so a failed restore leaves this instance untouched
  ByteReader reader(bytes);
  if (reader.bytes(kMagic.size()) != kMagic || reader.u8() != kVersion) return kCorrupt;
  if (!read_limits(reader, next.defaults_) || !read_limits(reader, next.global_)) return kCorrupt;
  std::uint32_t count = 0;
  if (!read_count(reader, 9, count)) return kCorrupt;
  for (std::uint32_t i = 0; i < count; ++i) {
    const AccountId account = reader.u64();
    RiskLimits limits;
    if (!read_limits(reader, limits) || !append_ascending(next.account_limits_, account, limits)) return kCorrupt;
  }
  std::map<SymbolId, Price> configured;
  std::map<SymbolId, Price> last;
  if (!read_price_map(reader, configured) || !read_price_map(reader, last)) return kCorrupt;
  for (const auto& [symbol, price] : configured) next.instruments_[symbol].configured_reference = price;
  for (const auto& [symbol, price] : last) next.instruments_[symbol].last_price = price;
  const std::uint8_t has_default_breaker = reader.u8();
  if (has_default_breaker > 1) return kCorrupt;
  if (has_default_breaker == 1) {
    CircuitBreakerConfig config;
    if (!read_breaker_config(reader, config)) return kCorrupt;
    next.default_breaker_ = config;
  }
  if (!read_count(reader, 28, count)) return kCorrupt;
  for (std::uint32_t i = 0; i < count; ++i) {
    const SymbolId symbol = reader.u32();
    CircuitBreakerConfig config;
    if (!read_breaker_config(reader, config) || !append_ascending(next.breaker_configs_, symbol, config)) {
      return kCorrupt;
    }
  }
  if (!read_count(reader, 28, count)) return kCorrupt;
  for (std::uint32_t i = 0; i < count; ++i) {
    const SymbolId symbol = reader.u32();
    const Timestamp halted_until = reader.i64();
    const std::int64_t trip_move_bps = reader.i64();
    std::deque<PricePoint> minima;
    std::deque<PricePoint> maxima;
    if (!read_points(reader, minima, true) || !read_points(reader, maxima, false) || trip_move_bps < 0) return kCorrupt;
    CircuitBreaker breaker;
    breaker.restore(std::move(minima), std::move(maxima), halted_until, trip_move_bps);
    if (!append_ascending(next.breakers_, symbol, std::move(breaker))) return kCorrupt;
  }
  const std::uint8_t global_kill = reader.u8();
  if (global_kill > static_cast<std::uint8_t>(KillSwitchMode::CancelAll)) return kCorrupt;
  next.global_kill_ = static_cast<KillSwitchMode>(global_kill);
  if (!read_count(reader, 9, count)) return kCorrupt;
  for (std::uint32_t i = 0; i < count; ++i) {
    const AccountId account = reader.u64();
    const std::uint8_t mode = reader.u8();
    // Off is represented by absence, so a stored Off would be a second encoding of the same state.
    if (mode == 0 || mode > static_cast<std::uint8_t>(KillSwitchMode::CancelAll) ||
        !append_ascending(next.kill_switches_, account, static_cast<KillSwitchMode>(mode))) {
      return kCorrupt;
    }
  }
  if (!read_count(reader, 37, count)) return kCorrupt;
  OrderId previous_order = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const OrderId id = reader.u64();
    OpenOrder order;
    order.account = reader.u64();
    order.symbol = reader.u32();
    const std::uint8_t side = reader.u8();
    order.price = reader.i64();
    order.open = reader.i64();
    if (!reader.ok() || side > 1 || order.price < 0 || order.open <= 0) return kCorrupt;
    order.side = static_cast<Side>(side);
    if (i > 0 && id <= previous_order) return kCorrupt;
    previous_order = id;
    next.orders_.emplace(id, order);
  }
  if (!read_count(reader, 76, count)) return kCorrupt;
  std::pair<AccountId, SymbolId> previous_key;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::pair<AccountId, SymbolId> key{reader.u64(), reader.u32()};
    RiskPosition position;
    position.quantity = reader.i128();
    position.cost = reader.i128();
    position.realized = reader.i128();
    position.realized_today = reader.i128();
    if (!reader.ok() || (position.quantity == 0 && position.cost != 0) || !in_range(position.quantity) ||
        !in_range(position.cost) || !in_range(position.realized) || !in_range(position.realized_today) ||
        (i > 0 && !(previous_key < key))) {
      return kCorrupt;
    }
    previous_key = key;
    Holding held;  // keys ascend, so holdings are appended in symbol order
    held.symbol = key.second;
    held.filled = true;
    held.position = position;
    next.accounts_[key.first].holdings.push_back(held);
  }
  if (!read_count(reader, 24, count)) return kCorrupt;
  AccountId previous_account = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const AccountId account = reader.u64();
    const Int128 value = reader.i128();
    if (!reader.ok() || !in_range(value) || (i > 0 && account <= previous_account)) return kCorrupt;
    previous_account = account;
    next.accounts_[account].unrealized_day_start = value;
  }
  if (!reader.ok() || reader.remaining() != 0) return kCorrupt;
  next.rebuild_totals();
  *this = std::move(next);
  return ResultCode::Ok;
}

std::uint64_t RiskManager::state_hash() const {
  std::string bytes;
  serialize(bytes);
  std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
  for (const char byte : bytes) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace kestrel::engine
