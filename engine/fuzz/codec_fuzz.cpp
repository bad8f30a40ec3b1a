// libFuzzer harness for every byte decoder of the durability layer. The input is decoded as a
// command, a control record, a journal record, a journal segment body, a snapshot file, a snapshot section payload,
// risk-manager state and router state; none may crash, and every decoder that accepts the bytes must
// reproduce them exactly when re-encoding (accepted input is canonical: decode(encode(x)) == x).
// A structured pass also builds a valid journal from the input, flips one bit, and checks that the
// scan keeps exactly the records before the damage and calls the damage torn only at the tail.
// Property violations call __builtin_trap() so libFuzzer records a crash with the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/codec_command.h"
#include "kestrel/engine/codec_control.h"
#include "kestrel/engine/journal_record.h"
#include "kestrel/engine/risk_manager.h"
#include "kestrel/engine/router.h"
#include "kestrel/engine/snapshot_file.h"
#include "kestrel/engine/snapshot_sections.h"

namespace {

using namespace kestrel::engine;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

void check_command(std::string_view bytes) {
  const CommandDecodeResult decoded = decode_command(bytes);
  if (!decoded.ok()) return;
  const std::string encoded = encode_command(decoded.command);
  require(encoded == bytes);
  const CommandDecodeResult again = decode_command(encoded);
  require(again.ok() && same_command(again.command, decoded.command));
}

void check_control(std::string_view bytes) {
  const ControlDecodeResult decoded = decode_control(bytes);
  if (!decoded.ok()) return;
  const std::string encoded = encode_control(decoded.record);
  require(encoded == bytes);
  const ControlDecodeResult again = decode_control(encoded);
  require(again.ok() && same_control(again.record, decoded.record));
}

void check_record(std::string_view bytes) {
  const RecordParse parse = parse_journal_record(bytes);
  if (parse.status != RecordStatus::Ok) return;
  std::string encoded;
  append_journal_record(encoded, parse.record);
  require(encoded == bytes.substr(0, kJournalRecordSize));
}

void check_scan(std::string_view bytes, Sequence first) {
  const RecordScan scan = scan_journal_records(bytes, first);
  require(scan.valid_bytes == scan.records * kJournalRecordSize);
  require(scan.valid_bytes + scan.torn_bytes <= bytes.size());
  require(scan.next_sequence == first + scan.records);
  if (scan.code == ResultCode::Ok) require(scan.valid_bytes + scan.torn_bytes == bytes.size());
  for (std::uint64_t i = 0; i < scan.records; ++i) {
    const RecordParse parse = parse_journal_record(bytes.substr(i * kJournalRecordSize, kJournalRecordSize));
    require(parse.status == RecordStatus::Ok && parse.record.sequence == first + i);
  }
}

void check_snapshot(std::string_view bytes) {
  const SnapshotView view = decode_snapshot(bytes);
  if (view.code == ResultCode::Ok) require(encode_snapshot(view.sequence, view.payload) == bytes);
  const SnapshotSections sections = parse_snapshot_sections(bytes);
  if (sections.code == ResultCode::Ok) require(encode_snapshot_sections(sections.sections) == bytes);
}

void check_state(std::string_view bytes) {
  RiskManager risk;
  if (risk.restore(bytes) == ResultCode::Ok) {
    std::string again;
    risk.serialize(again);
    require(again == bytes);
  }
  OrderRouter router(RouterOptions{0, 64});
  if (router.restore(bytes) == ResultCode::Ok) {
    std::string again;
    router.serialize(again);
    require(again == bytes);
  }
}

// Builds 1..8 valid records from the input, damages one bit, and checks the torn/corrupt verdict.
void check_damaged_journal(std::string_view bytes) {
  ByteReader reader(bytes);
  const std::size_t count = 1 + reader.u8() % 8;
  const std::uint32_t damage = reader.u32();
  const Sequence first = reader.u64() >> 1;
  std::string journal;
  for (std::size_t i = 0; i < count; ++i) {
    Command c;
    c.type = static_cast<CommandType>(1 + reader.u8() % 7);
    c.order_type = static_cast<OrderType>(reader.u8() % 4);
    c.tif = static_cast<TimeInForce>(reader.u8() % 5);
    c.side = static_cast<Side>(reader.u8() % 2);
    c.stp = static_cast<StpMode>(reader.u8() % 4);
    c.flags = static_cast<std::uint8_t>(reader.u8() % 4);
    c.symbol = reader.u32();
    c.timestamp = reader.i64();
    c.order_id = reader.u64();
    c.account = reader.u64();
    c.price = reader.i64();
    c.quantity = reader.i64();
    append_journal_record(journal, first + i, c);
  }
  const RecordScan clean = scan_journal_records(journal, first);
  require(clean.code == ResultCode::Ok && clean.records == count && clean.torn_bytes == 0);
  const std::size_t bit = damage % (journal.size() * 8);
  journal[bit / 8] = static_cast<char>(journal[bit / 8] ^ (1 << (bit % 8)));
  const std::size_t damaged_record = bit / 8 / kJournalRecordSize;
  const RecordScan scan = scan_journal_records(journal, first);
  require(scan.records == damaged_record);
  if (damaged_record + 1 == count) {
    require(scan.code == ResultCode::Ok && scan.torn_bytes == kJournalRecordSize);
  } else {
    require(scan.code == ResultCode::JournalCorrupt);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check_command(bytes);
  if (bytes.size() >= kCommandEncodedSize) check_command(bytes.substr(0, kCommandEncodedSize));
  check_control(bytes);
  if (bytes.size() >= kCommandEncodedSize) {
    // Control records start with their format byte; force it so the fuzzer reaches the type rules.
    std::string control(bytes.substr(0, kCommandEncodedSize));
    control[0] = static_cast<char>(kControlEntryFormat);
    check_control(control);
  }
  check_record(bytes);
  check_scan(bytes, size > 0 ? data[0] : 0);
  check_snapshot(bytes);
  check_state(bytes);
  check_damaged_journal(bytes);
  return 0;
}
