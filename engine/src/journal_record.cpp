// Journal record framing, parsing and the torn-tail versus mid-file-corruption scan.
#include "kestrel/engine/journal_record.h"

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/crc32c.h"

namespace kestrel::engine {

namespace {

// Frames the entry that `encode_entry` appends: length, CRC placeholder, sequence, entry, then the CRC.
template <class EncodeEntry>
void append_framed(std::string& out, Sequence sequence, EncodeEntry encode_entry) {
  const std::size_t start = out.size();
  out.reserve(start + kJournalRecordSize);
  ByteWriter writer(out);
  writer.u32(static_cast<std::uint32_t>(kJournalRecordPayloadSize));
  writer.u32(0);  // CRC placeholder, patched below once the payload is in place
  writer.u64(sequence);
  encode_entry(out);
  std::uint32_t crc = crc32c_extend(0, out.data() + start, 4);
  crc = crc32c_extend(crc, out.data() + start + kJournalRecordHeaderSize, kJournalRecordPayloadSize);
  for (int i = 0; i < 4; ++i) out[start + 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xFFu);
}

}  // namespace

void append_journal_record(std::string& out, Sequence sequence, const Command& command) {
  append_framed(out, sequence, [&command](std::string& bytes) { encode_command(command, bytes); });
}

void append_journal_record(std::string& out, Sequence sequence, const ControlRecord& control) {
  append_framed(out, sequence, [&control](std::string& bytes) { encode_control(control, bytes); });
}

void append_journal_record(std::string& out, const JournalRecord& record) {
  if (record.kind == JournalEntryKind::Control) {
    append_journal_record(out, record.sequence, record.control);
  } else {
    append_journal_record(out, record.sequence, record.command);
  }
}

RecordParse parse_journal_record(std::string_view bytes) noexcept {
  RecordParse parse;
  ByteReader header(bytes);
  const std::uint32_t length = header.u32();
  const std::uint32_t stored_crc = header.u32();
  if (!header.ok()) return parse;  // Truncated
  if (length != kJournalRecordPayloadSize) {
    parse.status = RecordStatus::BadFrame;
    return parse;
  }
  if (bytes.size() < kJournalRecordSize) return parse;  // Truncated
  std::uint32_t crc = crc32c_extend(0, bytes.data(), 4);
  crc = crc32c_extend(crc, bytes.data() + kJournalRecordHeaderSize, kJournalRecordPayloadSize);
  if (crc != stored_crc) {
    parse.status = RecordStatus::BadFrame;
    return parse;
  }
  ByteReader payload(bytes.substr(kJournalRecordHeaderSize, kJournalRecordPayloadSize));
  parse.record.sequence = payload.u64();
  const std::string_view entry = payload.bytes(kCommandEncodedSize);
  if (!entry.empty() && static_cast<std::uint8_t>(entry[0]) == kControlEntryFormat) {
    const ControlDecodeResult decoded = decode_control(entry);
    if (!decoded.ok()) {
      parse.status = RecordStatus::BadPayload;
      parse.code = decoded.code;
      return parse;
    }
    parse.status = RecordStatus::Ok;
    parse.record.kind = JournalEntryKind::Control;
    parse.record.control = decoded.record;
    return parse;
  }
  const CommandDecodeResult decoded = decode_command(entry);
  if (!decoded.ok()) {
    parse.status = RecordStatus::BadPayload;
    parse.code = decoded.code;
    return parse;
  }
  parse.status = RecordStatus::Ok;
  parse.record.command = decoded.command;
  return parse;
}

namespace {

// True when a frame-valid record (right length, matching CRC) starts anywhere in `bytes`. Only
// offsets whose length field matches pay for a CRC, so scanning a zero-filled tail is cheap.
bool frame_valid_record_follows(std::string_view bytes) noexcept {
  for (std::size_t offset = 0; offset + kJournalRecordSize <= bytes.size(); ++offset) {
    const RecordStatus status = parse_journal_record(bytes.substr(offset, kJournalRecordSize)).status;
    if (status == RecordStatus::Ok || status == RecordStatus::BadPayload) return true;
  }
  return false;
}

}  // namespace

RecordScan scan_journal_records(std::string_view bytes, Sequence first_sequence) noexcept {
  RecordScan scan;
  scan.next_sequence = first_sequence;
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    const RecordParse parse = parse_journal_record(bytes.substr(offset));
    if (parse.status == RecordStatus::Ok && parse.record.sequence == scan.next_sequence) {
      offset += kJournalRecordSize;
      ++scan.records;
      ++scan.next_sequence;
      continue;
    }
    scan.valid_bytes = offset;
    if (parse.status == RecordStatus::Ok || parse.status == RecordStatus::BadPayload) {
      // The CRC proves these bytes were written as a whole: this is not a torn write.
      scan.code = parse.status == RecordStatus::Ok ? ResultCode::JournalCorrupt : parse.code;
      scan.error_offset = offset;
      return scan;
    }
    if (frame_valid_record_follows(bytes.substr(offset + 1))) {
      scan.code = ResultCode::JournalCorrupt;
      scan.error_offset = offset;
      return scan;
    }
    scan.torn_bytes = bytes.size() - offset;
    return scan;
  }
  scan.valid_bytes = offset;
  return scan;
}

}  // namespace kestrel::engine
