// serve-stdin line protocol: every line kind round trips through its formatter, and malformed lines
// (bad hex, wrong length, engine-only route records, bad numbers, trailing tokens) are refused with
// a reason instead of being half-applied.
#include "kestrel/engine/text_protocol.h"

#include <gtest/gtest.h>

#include "kestrel/engine/codec_command.h"

namespace kestrel::engine {
namespace {

TEST(TextProtocol, EntriesRoundTrip) {
  Command c;
  c.type = CommandType::NewOrder;
  c.symbol = 3;
  c.order_id = 0xFFFF'FFFF'FFFF'FFFFull;
  c.account = 1;
  c.price = 1'000;
  c.quantity = 5;
  c.timestamp = 1'700'000'000'000'000'000;
  const ProtocolLine parsed = parse_protocol_line(command_line(c));
  ASSERT_EQ(parsed.kind, LineKind::Command) << parsed.error;
  EXPECT_TRUE(same_command(parsed.command, c));
  ControlRecord k;
  k.type = ControlType::SetKillSwitch;
  k.account = 5;
  k.kill_switch = KillSwitchMode::Halt;
  const ProtocolLine control = parse_protocol_line(control_line(k) + "\r");
  ASSERT_EQ(control.kind, LineKind::Control) << control.error;
  EXPECT_TRUE(same_control(control.control, k));
}

TEST(TextProtocol, VenueAndDepthRoundTrip) {
  const VenueConfig venue{4, "venue-4", FeeSchedule{3, -1, 250, 0}, 350'000, false};
  const ProtocolLine v = parse_protocol_line(venue_line(venue));
  ASSERT_EQ(v.kind, LineKind::Venue) << v.error;
  EXPECT_EQ(v.venue.id, 4u);
  EXPECT_EQ(v.venue.fees.maker_bps, -1);
  EXPECT_EQ(v.venue.fees.taker_per_lot, 250);
  EXPECT_EQ(v.venue.latency_ns, 350'000);
  const ProtocolLine d = parse_protocol_line(depth_line(4, 2, {{99, 5}, {98, 7}}, {}));
  ASSERT_EQ(d.kind, LineKind::Depth) << d.error;
  EXPECT_EQ(d.venue_id, 4u);
  EXPECT_EQ(d.symbol, 2u);
  ASSERT_EQ(d.bids.size(), 2u);
  EXPECT_EQ(d.bids[1].price, 98);
  EXPECT_EQ(d.bids[1].quantity, 7);
  EXPECT_TRUE(d.asks.empty());
  EXPECT_EQ(parse_protocol_line("hash").kind, LineKind::Hash);
  EXPECT_EQ(parse_protocol_line("snapshot").kind, LineKind::Snapshot);
  EXPECT_EQ(parse_protocol_line("commit").kind, LineKind::Commit);
  EXPECT_EQ(parse_protocol_line("").kind, LineKind::Empty);
}

TEST(TextProtocol, MalformedLinesAreRefusedWithAReason) {
  Command c;
  c.type = CommandType::Cancel;
  std::string line = command_line(c);
  ControlRecord begin;
  begin.type = ControlType::RouteBegin;
  begin.count = 1;
  for (const std::string& bad :
       {std::string("e"), line + "0", line.substr(0, line.size() - 2), line.substr(0, line.size() - 1) + "g",
        std::string("e ") + std::string(152, 'f'), control_line(begin), std::string("venue 1 2 3"),
        std::string("venue 1 2 3 4 5 x"), std::string("depth 1 2 1 99"), std::string("depth 1 2 0 0 extra"),
        std::string("depth 1 2 -1 0"), std::string("hash now"), std::string("launch"), std::string("e  ") + line.substr(2)}) {
    const ProtocolLine parsed = parse_protocol_line(bad);
    EXPECT_EQ(parsed.kind, LineKind::Invalid) << bad;
    EXPECT_FALSE(parsed.error.empty()) << bad;
  }
}

}  // namespace
}  // namespace kestrel::engine
