// libFuzzer harness for the order books: decodes arbitrary bytes into a command stream (every command
// type, small id/price/account domains so orders interact, a narrow or a very wide price grid, plus raw
// out-of-range values), runs it on
// the fast and the reference engine, and aborts unless both return the same codes and events, keep
// equal state hashes, and pass validate_internal_state after every command. At the end the state must
// survive a serialise/restore round trip into both implementations.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kestrel/engine/event_text.h"
#include "kestrel/engine/matching_engine.h"

namespace {

using namespace kestrel::engine;

// Reads bytes; yields zeros once the input is exhausted.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::int64_t i64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | u8();
    return static_cast<std::int64_t>(v);
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

[[noreturn]] void fail(const std::string& what, const Command& c, const std::vector<Event>& a, const std::vector<Event>& b) {
  std::fprintf(stderr, "book_fuzz: %s\ncommand: %s\nfast:\n", what.c_str(), to_string(c).c_str());
  for (const Event& e : a) std::fprintf(stderr, "  %s\n", to_string(e).c_str());
  std::fprintf(stderr, "reference:\n");
  for (const Event& e : b) std::fprintf(stderr, "  %s\n", to_string(e).c_str());
  std::abort();
}

// Price grid point n (0..8) around 100 ticks; with a wide step the levels spread far beyond the fast
// book's 16,384-tick bitmap window, so its fallback map and re-centring are exercised too.
Price grid(std::uint8_t n, Price step) { return step == 1 ? 96 + n % 9 : 1'000'000 + (n % 9) * step; }

Command decode(Bytes& in, Timestamp& now, Price step) {
  Command c;
  const std::uint8_t kind = in.u8();
  const std::uint8_t a = in.u8();
  const std::uint8_t b = in.u8();
  const std::uint8_t d = in.u8();
  now += in.u8() % 8;
  c.timestamp = now;
  c.symbol = 1 + (a >> 7);
  c.order_id = 1 + a % 24;
  c.account = 1 + b % 3;
  c.side = (b & 0x80) != 0 ? Side::Sell : Side::Buy;
  c.stp = static_cast<StpMode>((b >> 4) & 3);
  c.quantity = 1 + d % 12;
  switch (kind % 16) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: {
      c.type = CommandType::NewOrder;
      const std::uint8_t shape = in.u8();
      c.order_type = static_cast<OrderType>(shape % 4);
      c.tif = static_cast<TimeInForce>((shape >> 2) % 5);
      if (c.order_type == OrderType::Limit || c.order_type == OrderType::StopLimit) c.price = grid(in.u8(), step);
      if (c.order_type == OrderType::Stop || c.order_type == OrderType::StopLimit) c.stop_price = grid(in.u8(), step);
      if ((shape & 0x20) != 0) c.display_quantity = 1 + d % 4;
      if ((shape & 0x40) != 0) c.flags = kFlagPostOnly;
      if (c.tif == TimeInForce::GTD) c.expire_at = now + 1 + in.u8() % 32;
      break;
    }
    case 7:
      // Raw fields: enum values, prices and quantities straight from the input, mostly invalid.
      c.type = CommandType::NewOrder;
      c.order_type = static_cast<OrderType>(in.u8());
      c.tif = static_cast<TimeInForce>(in.u8());
      c.side = static_cast<Side>(in.u8());
      c.stp = static_cast<StpMode>(in.u8());
      c.flags = in.u8();
      c.price = in.i64();
      c.stop_price = in.i64();
      c.quantity = in.i64();
      c.display_quantity = in.i64();
      c.expire_at = in.i64();
      break;
    case 8: case 9:
      c.type = CommandType::Cancel;
      break;
    case 10: case 11: case 12:
      c.type = CommandType::Replace;
      c.price = (kind & 0x10) != 0 ? 0 : grid(in.u8(), step);
      c.quantity = (kind & 0x20) != 0 ? 0 : c.quantity;
      break;
    case 13:
      c.type = CommandType::AdvanceTime;
      now += in.u8();
      c.timestamp = now;
      break;
    case 14:
      c.type = CommandType::EndSession;
      c.symbol = a % 3;
      break;
    default:
      c.type = (kind & 0x10) != 0 ? CommandType::HaltSymbol
               : (kind & 0x20) != 0 ? static_cast<CommandType>(in.u8())
                                    : CommandType::ResumeSymbol;
      break;
  }
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  const Price step = (in.u8() & 1) != 0 ? 7'000 : 1;
  MatchingEngine fast;
  ReferenceMatchingEngine reference;
  std::vector<Event> a;
  std::vector<Event> b;
  std::string error;
  Timestamp now = 0;
  Command c;
  while (!in.empty()) {
    c = decode(in, now, step);
    a.clear();
    b.clear();
    const ResultCode code_a = fast.process(c, a);
    const ResultCode code_b = reference.process(c, b);
    if (code_a != code_b) fail("result codes differ", c, a, b);
    if (a.size() != b.size()) fail("event counts differ", c, a, b);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_event(a[i], b[i])) fail("events differ at " + std::to_string(i), c, a, b);
    }
    if (!fast.validate_internal_state(&error)) fail("fast book invalid: " + error, c, a, b);
    if (!reference.validate_internal_state(&error)) fail("reference book invalid: " + error, c, a, b);
    if (fast.state_hash() != reference.state_hash()) fail("state hashes differ", c, a, b);
  }
  std::string bytes;
  fast.serialize(bytes);
  MatchingEngine fast_copy;
  ReferenceMatchingEngine reference_copy;
  if (!fast_copy.restore(bytes).ok() || !reference_copy.restore(bytes).ok()) fail("restore of own state failed", c, a, b);
  if (fast_copy.state_hash() != fast.state_hash() || reference_copy.state_hash() != fast.state_hash()) {
    fail("restored state differs", c, a, b);
  }
  return 0;
}
