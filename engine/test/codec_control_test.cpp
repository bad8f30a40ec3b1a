// Control-record codec: exact layout, round trips of every type, the canonical-form rule (a non-zero
// unused byte or bit is refused), and journal compatibility — control records live in ordinary
// journal records next to commands, and a journal written before they existed still replays.
#include "kestrel/engine/codec_control.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "journal_test_util.h"
#include "kestrel/engine/codec_command.h"
#include "kestrel/engine/journal_reader.h"
#include "kestrel/engine/journal_record.h"
#include "kestrel/engine/journal_writer.h"

namespace kestrel::engine {
namespace {

std::vector<ControlRecord> one_of_each() {
  std::vector<ControlRecord> records;
  ControlRecord r;
  r.timestamp = 1'700'000'000'123'456'789;
  r.type = ControlType::SetDefaultLimits;
  r.limits.max_order_quantity = 100;
  r.limits.price_collar_bps = 0;  // present and zero differs from absent
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::SetAccountLimits;
  r.account = 0xFFFF'FFFF'FFFF'FFFFull;
  r.limits.max_order_notional = 9'000'000'000'000'000'000;
  r.limits.max_position = 5;
  r.limits.max_open_orders = 7;
  r.limits.max_daily_loss = 1;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::ClearAccountLimits;
  r.account = 42;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::SetGlobalLimits;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::SetReferencePrice;
  r.symbol = 0xFFFF'FFFFu;
  r.price = 1'000'000'000'000'000;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::ClearReferencePrice;
  r.symbol = 3;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::SetDefaultCircuitBreaker;
  r.breaker = CircuitBreakerConfig{500, 1'000'000'000, 60'000'000'000};
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::SetCircuitBreaker;
  r.symbol = 9;  // no breaker: back to the default
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::SetKillSwitch;
  r.account = 7;
  r.kill_switch = KillSwitchMode::CancelAll;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::SetGlobalKillSwitch;
  r.kill_switch = KillSwitchMode::ReduceOnly;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::StartNewDay;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::RouteBegin;
  r.order_id = 77;
  r.count = 3;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::RouteChild;
  r.order_id = (OrderId{1} << 63) + 5;
  r.venue = 4;
  r.child_kind = ChildKind::Forward;
  r.price = 10'050;
  r.quantity = 30;
  r.effective_price = -100'500'000;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::ExternalFill;
  r.order_id = (OrderId{1} << 63) + 5;
  r.price = 10'049;
  r.quantity = 12;
  records.push_back(r);
  r = ControlRecord{};
  r.type = ControlType::ExternalDone;
  r.order_id = (OrderId{1} << 63) + 5;
  records.push_back(r);
  return records;
}

TEST(ControlCodec, LayoutIsExplicitLittleEndian) {
  ControlRecord r;
  r.type = ControlType::SetAccountLimits;
  r.timestamp = 0x1112131415161718;
  r.account = 0x2122232425262728u;
  r.limits.max_order_notional = 0x3132333435363738;  // slot 1
  const std::string bytes = encode_control(r);
  ASSERT_EQ(bytes.size(), kCommandEncodedSize);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x02\x02\x02\x00\x00\x00\x00\x00", 8));
  EXPECT_EQ(bytes.substr(8, 8), std::string("\x18\x17\x16\x15\x14\x13\x12\x11", 8));
  EXPECT_EQ(bytes.substr(16, 8), std::string("\x28\x27\x26\x25\x24\x23\x22\x21", 8));
  EXPECT_EQ(bytes.substr(24, 8), std::string(8, '\0'));
  EXPECT_EQ(bytes.substr(32, 8), std::string("\x38\x37\x36\x35\x34\x33\x32\x31", 8));
  EXPECT_EQ(bytes.substr(40), std::string(36, '\0'));
}

TEST(ControlCodec, EveryTypeRoundTrips) {
  for (const ControlRecord& record : one_of_each()) {
    const std::string bytes = encode_control(record);
    const ControlDecodeResult decoded = decode_control(bytes);
    ASSERT_TRUE(decoded.ok()) << control_type_name(record.type);
    EXPECT_TRUE(same_control(decoded.record, record)) << control_type_name(record.type);
    EXPECT_EQ(encode_control(decoded.record), bytes);
    EXPECT_NE(control_type_name(record.type), "unknown");
  }
}

TEST(ControlCodec, PresentZeroLimitDiffersFromAbsent) {
  ControlRecord a;
  a.type = ControlType::SetGlobalLimits;
  ControlRecord b = a;
  b.limits.max_position = 0;
  EXPECT_NE(encode_control(a), encode_control(b));
  EXPECT_EQ(decode_control(encode_control(b)).record.limits.max_position, std::optional<std::int64_t>(0));
  EXPECT_FALSE(decode_control(encode_control(a)).record.limits.max_position.has_value());
}

TEST(ControlCodec, FieldsATypeDoesNotUseAreNotEncoded) {
  ControlRecord r;
  r.type = ControlType::StartNewDay;
  r.account = 9;
  r.price = 5;
  r.limits.max_position = 1;
  ControlRecord clean;
  clean.type = ControlType::StartNewDay;
  EXPECT_EQ(encode_control(r), encode_control(clean));
}

TEST(ControlCodec, RefusesEveryNonCanonicalByte) {
  // Flipping any bit of any byte must either be refused or decode to a record that encodes to the
  // flipped bytes exactly (never silently dropped).
  for (const ControlRecord& record : one_of_each()) {
    const std::string bytes = encode_control(record);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string flipped = bytes;
        flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
        const ControlDecodeResult decoded = decode_control(flipped);
        if (decoded.ok()) {
          EXPECT_EQ(encode_control(decoded.record), flipped) << "byte " << i << " bit " << bit;
        }
      }
    }
  }
}

TEST(ControlCodec, RefusesBadTypesModesLengthsAndFormat) {
  std::string bytes = encode_control(one_of_each()[8]);  // SetKillSwitch
  std::string bad = bytes;
  bad[3] = 4;  // kill switch mode out of range
  EXPECT_EQ(decode_control(bad).code, ResultCode::JournalCorrupt);
  bad = bytes;
  bad[1] = 12;  // between config and route types
  EXPECT_EQ(decode_control(bad).code, ResultCode::JournalCorrupt);
  bad = bytes;
  bad[1] = 36;
  EXPECT_EQ(decode_control(bad).code, ResultCode::JournalCorrupt);
  bad = bytes;
  bad[0] = 3;  // a future entry format
  EXPECT_EQ(decode_control(bad).code, ResultCode::JournalCorrupt);
  EXPECT_EQ(decode_control(bytes.substr(0, 75)).code, ResultCode::JournalCorrupt);
  EXPECT_EQ(decode_control(bytes + "x").code, ResultCode::JournalCorrupt);
  std::string child = encode_control(one_of_each()[12]);  // RouteChild
  child[3] = 2;  // ChildKind out of range
  EXPECT_EQ(decode_control(child).code, ResultCode::JournalCorrupt);
  // A control record is not a command, and a command is not a control record.
  EXPECT_FALSE(decode_command(bytes).ok());
  Command c;
  c.type = CommandType::Cancel;
  EXPECT_FALSE(decode_control(encode_command(c)).ok());
}

TEST(ControlCodec, RandomBytesAreCanonicalWhenAccepted) {
  std::mt19937_64 random(7);
  int accepted = 0;
  for (int i = 0; i < 200'000; ++i) {
    std::string bytes(kCommandEncodedSize, '\0');
    bytes[0] = static_cast<char>(kControlEntryFormat);
    bytes[1] = static_cast<char>(random() % 40);
    // Mostly zero bytes so that some records are valid.
    for (std::size_t j = 2; j < bytes.size(); ++j) {
      if (random() % 12 == 0) bytes[j] = static_cast<char>(random());
    }
    const ControlDecodeResult decoded = decode_control(bytes);
    if (!decoded.ok()) continue;
    ++accepted;
    ASSERT_EQ(encode_control(decoded.record), bytes);
  }
  EXPECT_GT(accepted, 300);  // enough accepted records for the property to mean something
}

TEST(ControlCodec, JournalRecordsCarryControlsNextToCommands) {
  testing::TempDir dir;
  Command command;
  command.type = CommandType::NewOrder;
  command.symbol = 1;
  command.order_id = 5;
  command.account = 2;
  command.price = 100;
  command.quantity = 3;
  const std::vector<ControlRecord> controls = one_of_each();
  {
    JournalOpenResult opened = JournalWriter::open(dir.path(), JournalOptions{});
    ASSERT_EQ(opened.code, ResultCode::Ok) << opened.detail;
    ASSERT_EQ(opened.writer->append(command).sequence, 1u);
    for (const ControlRecord& control : controls) ASSERT_EQ(opened.writer->append(control).code, ResultCode::Ok);
    std::vector<JournalRecord> group(3);
    group[0].command = command;
    group[1].kind = JournalEntryKind::Control;
    group[1].control = controls[0];
    group[2].command = command;
    const JournalAppendResult appended = opened.writer->append_records(group.data(), group.size());
    ASSERT_EQ(appended.code, ResultCode::Ok);
    EXPECT_EQ(appended.sequence, 1 + controls.size() + 3);
  }
  std::vector<JournalRecord> seen;
  const JournalReplayResult replay = replay_journal(dir.path(), 0, [&](const JournalRecord& r) { seen.push_back(r); });
  ASSERT_EQ(replay.code, ResultCode::Ok) << replay.detail;
  ASSERT_EQ(seen.size(), 1 + controls.size() + 3);
  EXPECT_EQ(seen[0].kind, JournalEntryKind::Command);
  EXPECT_TRUE(same_command(seen[0].command, command));
  for (std::size_t i = 0; i < controls.size(); ++i) {
    EXPECT_EQ(seen[1 + i].kind, JournalEntryKind::Control);
    EXPECT_TRUE(same_control(seen[1 + i].control, controls[i]));
    EXPECT_EQ(seen[1 + i].sequence, 2 + i);
  }
  EXPECT_EQ(seen[controls.size() + 2].kind, JournalEntryKind::Control);
}

TEST(ControlCodec, JournalRecordWrittenBeforeControlRecordsStillParses) {
  // A version-1 command record exactly as the journal has always framed it (captured bytes).
  Command c;
  c.type = CommandType::Replace;
  c.symbol = 2;
  c.timestamp = 1000;
  c.order_id = 9;
  c.account = 4;
  c.price = 101;
  std::string framed;
  append_journal_record(framed, 17, c);
  ASSERT_EQ(framed.size(), kJournalRecordSize);
  EXPECT_EQ(static_cast<unsigned char>(framed[16]), kCommandEntryFormat);  // byte 0 of the entry
  const RecordParse parse = parse_journal_record(framed);
  ASSERT_EQ(parse.status, RecordStatus::Ok);
  EXPECT_EQ(parse.record.kind, JournalEntryKind::Command);
  EXPECT_EQ(parse.record.sequence, 17u);
  EXPECT_TRUE(same_command(parse.record.command, c));
  std::string again;
  append_journal_record(again, parse.record);
  EXPECT_EQ(again, framed);
}

}  // namespace
}  // namespace kestrel::engine
