// Byte encoding of EngineState; see state_serialization.h for the layout.
#include "kestrel/engine/state_serialization.h"

#include <cstring>

namespace kestrel::engine {

namespace {

constexpr char kMagic[4] = {'K', 'S', 'T', 'E'};
constexpr std::size_t kOrderRecordSize = 8 + 8 + 5 + 6 * 8;
constexpr std::size_t kBookHeaderSize = 4 + 1 + 8 + 4 * 4;

std::uint64_t fnv1a(std::string_view bytes) noexcept {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

void put_u8(std::string& out, std::uint8_t v) { out.push_back(static_cast<char>(v)); }

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void put_order(std::string& out, const OrderState& o) {
  put_u64(out, o.id);
  put_u64(out, o.account);
  put_u8(out, static_cast<std::uint8_t>(o.side));
  put_u8(out, static_cast<std::uint8_t>(o.type));
  put_u8(out, static_cast<std::uint8_t>(o.tif));
  put_u8(out, static_cast<std::uint8_t>(o.stp));
  put_u8(out, o.flags);
  put_u64(out, static_cast<std::uint64_t>(o.price));
  put_u64(out, static_cast<std::uint64_t>(o.stop_price));
  put_u64(out, static_cast<std::uint64_t>(o.open));
  put_u64(out, static_cast<std::uint64_t>(o.visible));
  put_u64(out, static_cast<std::uint64_t>(o.display));
  put_u64(out, static_cast<std::uint64_t>(o.expire_at));
}

// Bounds-checked little-endian reader; once it fails every further read fails too.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool u8(std::uint8_t& v) {
    if (!need(1)) return false;
    v = static_cast<std::uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (!need(4)) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes_[pos_++])) << (8 * i);
    return true;
  }
  bool u64(std::uint64_t& v) {
    if (!need(8)) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(bytes_[pos_++])) << (8 * i);
    return true;
  }
  bool i64(std::int64_t& v) {
    std::uint64_t u = 0;
    if (!u64(u)) return false;
    v = static_cast<std::int64_t>(u);
    return true;
  }
  bool order(OrderState& o) {
    std::uint8_t side = 0, type = 0, tif = 0, stp = 0;
    if (!u64(o.id) || !u64(o.account) || !u8(side) || !u8(type) || !u8(tif) || !u8(stp) || !u8(o.flags) ||
        !i64(o.price) || !i64(o.stop_price) || !i64(o.open) || !i64(o.visible) || !i64(o.display) ||
        !i64(o.expire_at)) {
      return false;
    }
    // Range checks of the enum values happen in validate_engine_state; casting first is safe because
    // every enum has a fixed uint8_t underlying type.
    o.side = static_cast<Side>(side);
    o.type = static_cast<OrderType>(type);
    o.tif = static_cast<TimeInForce>(tif);
    o.stp = static_cast<StpMode>(stp);
    return true;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  bool need(std::size_t n) { return ok_ = ok_ && bytes_.size() - pos_ >= n; }
  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

StateResult corrupt(std::string message) { return {ResultCode::BookStateCorrupt, std::move(message)}; }

bool read_orders(Reader& r, std::uint32_t count, std::vector<OrderState>& out) {
  // The count is untrusted: never reserve more than the bytes present could hold.
  if (static_cast<std::uint64_t>(count) * kOrderRecordSize > r.remaining()) return false;
  out.resize(count);
  for (auto& o : out) {
    if (!r.order(o)) return false;
  }
  return true;
}

}  // namespace

void encode_engine_state(const EngineState& state, std::string& out) {
  const std::size_t start = out.size();
  out.append(kMagic, sizeof kMagic);
  put_u8(out, kStateFormatVersion);
  put_u64(out, state.sequence);
  put_u32(out, static_cast<std::uint32_t>(state.books.size()));
  for (const BookState& b : state.books) {
    put_u32(out, b.symbol);
    put_u8(out, b.halted ? 1 : 0);
    put_u64(out, static_cast<std::uint64_t>(b.last_trade_price));
    for (const auto* list : {&b.bids, &b.asks, &b.buy_stops, &b.sell_stops}) {
      put_u32(out, static_cast<std::uint32_t>(list->size()));
    }
    for (const auto* list : {&b.bids, &b.asks, &b.buy_stops, &b.sell_stops}) {
      for (const OrderState& o : *list) put_order(out, o);
    }
  }
  put_u64(out, fnv1a(std::string_view(out).substr(start)));
}

StateResult decode_engine_state(std::string_view bytes, EngineState& out) {
  constexpr std::size_t kHeader = sizeof kMagic + 1 + 8 + 4;
  if (bytes.size() < kHeader + 8) return corrupt("state truncated: " + std::to_string(bytes.size()) + " bytes");
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return corrupt("not an engine state (bad magic)");
  const auto version = static_cast<std::uint8_t>(bytes[sizeof kMagic]);
  if (version != kStateFormatVersion) {
    return corrupt("unsupported state format version " + std::to_string(version) + " (expected " +
                   std::to_string(kStateFormatVersion) + ")");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  Reader trailer(bytes.substr(bytes.size() - 8));
  std::uint64_t checksum = 0;
  trailer.u64(checksum);
  if (checksum != fnv1a(body)) return corrupt("state checksum mismatch");

  Reader r(body.substr(sizeof kMagic + 1));
  std::uint32_t book_count = 0;
  r.u64(out.sequence);
  r.u32(book_count);
  // Each book needs at least its header, which bounds an absurd count before allocating.
  if (static_cast<std::uint64_t>(book_count) * kBookHeaderSize > r.remaining()) return corrupt("state truncated in book list");
  out.books.assign(book_count, BookState{});
  for (BookState& b : out.books) {
    std::uint8_t halted = 0;
    std::uint32_t counts[4] = {};
    if (!r.u32(b.symbol) || !r.u8(halted) || !r.i64(b.last_trade_price) || !r.u32(counts[0]) ||
        !r.u32(counts[1]) || !r.u32(counts[2]) || !r.u32(counts[3])) {
      return corrupt("state truncated in book header");
    }
    if (halted > 1) return corrupt("symbol " + std::to_string(b.symbol) + ": halted flag out of range");
    b.halted = halted == 1;
    if (!read_orders(r, counts[0], b.bids) || !read_orders(r, counts[1], b.asks) ||
        !read_orders(r, counts[2], b.buy_stops) || !read_orders(r, counts[3], b.sell_stops)) {
      return corrupt("symbol " + std::to_string(b.symbol) + ": state truncated in order list");
    }
  }
  if (r.remaining() != 0) return corrupt("trailing bytes after the last book");
  return validate_engine_state(out);
}

}  // namespace kestrel::engine
