// Journal record framing and the pure, buffer-level scan that decides where a segment's valid data
// ends. Record layout (little-endian, kJournalRecordSize = 92 bytes in format version 1):
//   u32 payload length (= 84)   u32 CRC-32C over the length field and the payload
//   payload: u64 sequence, then a 76-byte entry whose first byte says what it is: a book command
//   (codec_command.h) or a control record (codec_control.h: risk configuration, routing outcomes)
// Covering the length with the CRC means a damaged length is caught even when it still happens to
// equal 84. Scan rules: records must carry consecutive sequence numbers; the first bad record ends
// the valid data. If no well-formed record (right length, matching CRC) starts anywhere after it, the
// bad bytes are a torn tail from a crash mid-write and may be truncated; if one does, the file is
// corrupt in the middle and the scan reports JournalCorrupt instead of silently skipping records.
// A record whose CRC matches but whose sequence or command is invalid is never a torn write, so it is
// reported as corruption (or BookUnknownCommand for a command type this version does not know).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kestrel/engine/codec_command.h"
#include "kestrel/engine/codec_control.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Bytes before the payload: length + CRC. */
inline constexpr std::size_t kJournalRecordHeaderSize = 8;
/** Payload bytes: sequence + encoded command. */
inline constexpr std::size_t kJournalRecordPayloadSize = 8 + kCommandEncodedSize;
/** Total bytes of one record. */
inline constexpr std::size_t kJournalRecordSize = kJournalRecordHeaderSize + kJournalRecordPayloadSize;

/** What a journal entry holds. */
enum class JournalEntryKind : std::uint8_t { Command = 0, Control = 1 };

/** One journaled entry with its sequence number: a book command or a control record. */
struct JournalRecord {
  Sequence sequence = 0;
  JournalEntryKind kind = JournalEntryKind::Command;
  Command command{};        // when kind == Command
  ControlRecord control{};  // when kind == Control
};

/** Appends the framed record for (`sequence`, `command`) to `out`. */
void append_journal_record(std::string& out, Sequence sequence, const Command& command);

/** Appends the framed record for (`sequence`, `control`) to `out`. */
void append_journal_record(std::string& out, Sequence sequence, const ControlRecord& control);

/** Appends the framed record for `record` (its kind, entry and sequence) to `out`. */
void append_journal_record(std::string& out, const JournalRecord& record);

/** How the bytes at the start of a buffer look as a record. */
enum class RecordStatus : std::uint8_t {
  Ok,         // a complete record with a matching CRC and a decodable command
  Truncated,  // the buffer ends before the record does
  BadFrame,   // wrong length field or CRC mismatch: damaged or never completely written
  BadPayload  // CRC matches but the entry does not decode (`code` says why)
};

/** Result of parse_journal_record. */
struct RecordParse {
  RecordStatus status = RecordStatus::Truncated;
  ResultCode code = ResultCode::Ok;  // for BadPayload: JournalCorrupt or BookUnknownCommand
  JournalRecord record{};
};

/** Parses the record at the start of `bytes` (never reads past it). */
RecordParse parse_journal_record(std::string_view bytes) noexcept;

/** Where a buffer of records stops being valid and why. */
struct RecordScan {
  ResultCode code = ResultCode::Ok;  // Ok (possibly with a torn tail), JournalCorrupt, BookUnknownCommand
  std::size_t valid_bytes = 0;       // length of the prefix made of complete valid records
  std::size_t torn_bytes = 0;        // bytes after valid_bytes that are a torn tail (0 unless code Ok)
  std::uint64_t records = 0;         // valid records in the prefix
  Sequence next_sequence = 0;        // sequence the next record would need
  std::size_t error_offset = 0;      // offset of the offending record when code != Ok
};

/** Scans records that must start at `first_sequence`; see the file comment for the rules. */
RecordScan scan_journal_records(std::string_view bytes, Sequence first_sequence) noexcept;

}  // namespace kestrel::engine
