// Two-pass replay: scan_journal_directory validates every byte, then the valid prefixes are decoded
// again and delivered. Re-checking each record on the second pass catches a file changed in between.
#include "kestrel/engine/journal_reader.h"

#include <cstring>

#include "kestrel/engine/journal_io.h"
#include "kestrel/engine/journal_segment.h"

namespace kestrel::engine {

JournalReplayResult replay_journal(const std::string& directory, Sequence after_sequence, const JournalVisitor& visit) {
  JournalReplayResult result;
  result.next_sequence = after_sequence + 1;
  const JournalDirectoryScan scan = scan_journal_directory(directory);
  if (scan.code != ResultCode::Ok) {
    result.code = scan.code;
    result.detail = scan.detail;
    return result;
  }
  if (scan.segments.empty()) return result;
  if (scan.segments.front().first_sequence > after_sequence + 1) {
    result.code = ResultCode::JournalCorrupt;
    result.detail = "journal starts at sequence " + std::to_string(scan.segments.front().first_sequence) +
                    " but replay needs " + std::to_string(after_sequence + 1) + ": records are missing";
    return result;
  }
  result.torn_bytes = scan.torn_bytes;
  if (scan.next_sequence > result.next_sequence) result.next_sequence = scan.next_sequence;
  for (const JournalSegmentInfo& segment : scan.segments) {
    if (segment.first_sequence + segment.records <= after_sequence + 1) continue;  // entirely covered
    MappedFile file;
    if (const int error = file.open(segment.path); error != 0) {
      result.code = ResultCode::JournalReadFailed;
      result.detail = "cannot read " + segment.path + ": " + std::strerror(error);
      return result;
    }
    const std::string_view bytes = file.bytes();
    if (bytes.size() < segment.valid_size) {
      result.code = ResultCode::JournalReadFailed;
      result.detail = segment.path + " shrank during replay";
      return result;
    }
    for (std::uint64_t index = 0; index < segment.records; ++index) {
      const std::size_t offset = kJournalSegmentHeaderSize + index * kJournalRecordSize;
      const RecordParse parse = parse_journal_record(bytes.substr(offset, kJournalRecordSize));
      if (parse.status != RecordStatus::Ok || parse.record.sequence != segment.first_sequence + index) {
        result.code = ResultCode::JournalReadFailed;
        result.detail = segment.path + " changed during replay";
        return result;
      }
      if (parse.record.sequence <= after_sequence) continue;
      visit(parse.record);
      ++result.replayed;
    }
  }
  return result;
}

}  // namespace kestrel::engine
