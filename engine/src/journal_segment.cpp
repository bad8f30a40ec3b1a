// Segment naming, header codec and whole-directory validation.
#include "kestrel/engine/journal_segment.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/crc32c.h"
#include "kestrel/engine/journal_io.h"
#include "kestrel/engine/journal_record.h"

namespace kestrel::engine {
namespace {

constexpr std::string_view kMagic = "KESTJRNL";
constexpr std::string_view kPrefix = "journal-";
constexpr std::string_view kSuffix = ".log";
constexpr std::size_t kDigits = 20;

}  // namespace

std::string journal_segment_name(Sequence first_sequence) {
  char digits[kDigits + 1];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(first_sequence));
  return std::string(kPrefix) + digits + std::string(kSuffix);
}

std::optional<Sequence> parse_journal_segment_name(std::string_view name) noexcept {
  if (name.size() != kPrefix.size() + kDigits + kSuffix.size() || name.substr(0, kPrefix.size()) != kPrefix ||
      name.substr(kPrefix.size() + kDigits) != kSuffix) {
    return std::nullopt;
  }
  Sequence value = 0;
  for (const char digit : name.substr(kPrefix.size(), kDigits)) {
    if (digit < '0' || digit > '9') return std::nullopt;
    const auto next = static_cast<Sequence>(digit - '0');
    // 20 decimal digits can exceed 2^64 - 1: reject instead of wrapping.
    if (value > (std::numeric_limits<Sequence>::max() - next) / 10) return std::nullopt;
    value = value * 10 + next;
  }
  return value;
}

std::string encode_journal_segment_header(Sequence first_sequence) {
  std::string out;
  ByteWriter writer(out);
  writer.bytes(kMagic);
  writer.u32(kJournalFormatVersion);
  writer.u32(0);
  writer.u64(first_sequence);
  writer.u32(0);
  writer.u32(crc32c(out));
  return out;
}

std::optional<Sequence> decode_journal_segment_header(std::string_view bytes) noexcept {
  if (bytes.size() < kJournalSegmentHeaderSize) return std::nullopt;
  ByteReader reader(bytes);
  const std::string_view magic = reader.bytes(kMagic.size());
  const std::uint32_t version = reader.u32();
  const std::uint32_t flags = reader.u32();
  const Sequence first_sequence = reader.u64();
  const std::uint32_t reserved = reader.u32();
  const std::uint32_t stored_crc = reader.u32();
  if (magic != kMagic || version != kJournalFormatVersion || flags != 0 || reserved != 0 ||
      stored_crc != crc32c(bytes.substr(0, kJournalSegmentHeaderSize - 4))) {
    return std::nullopt;
  }
  return first_sequence;
}

JournalDirectoryScan scan_journal_directory(const std::string& directory) {
  JournalDirectoryScan scan;
  std::vector<std::string> names;
  if (const int error = list_directory(directory, names); error != 0) {
    if (error == ENOENT) return scan;
    scan.code = ResultCode::JournalReadFailed;
    scan.detail = "cannot list journal directory " + directory + ": " + std::strerror(error);
    return scan;
  }
  for (const std::string& name : names) {
    if (const auto first = parse_journal_segment_name(name)) {
      scan.segments.push_back(JournalSegmentInfo{directory + "/" + name, *first, 0, 0, 0});
    }
  }
  // Zero-padded names sort lexicographically in sequence order.
  for (std::size_t index = 0; index < scan.segments.size(); ++index) {
    JournalSegmentInfo& segment = scan.segments[index];
    const bool newest = index + 1 == scan.segments.size();
    MappedFile file;
    if (const int error = file.open(segment.path); error != 0) {
      scan.code = ResultCode::JournalReadFailed;
      scan.detail = "cannot read " + segment.path + ": " + std::strerror(error);
      return scan;
    }
    const std::string_view bytes = file.bytes();
    segment.file_size = bytes.size();
    const auto header_sequence = decode_journal_segment_header(bytes);
    if (!header_sequence || *header_sequence != segment.first_sequence) {
      scan.code = ResultCode::JournalCorrupt;
      scan.detail = "bad segment header in " + segment.path;
      return scan;
    }
    if (index > 0 && segment.first_sequence != scan.next_sequence) {
      scan.code = ResultCode::JournalCorrupt;
      scan.detail = "sequence gap: " + segment.path + " starts at " + std::to_string(segment.first_sequence) +
                    " but the previous segment ends before " + std::to_string(scan.next_sequence);
      return scan;
    }
    const RecordScan records =
        scan_journal_records(bytes.substr(kJournalSegmentHeaderSize), segment.first_sequence);
    segment.records = records.records;
    segment.valid_size = kJournalSegmentHeaderSize + records.valid_bytes;
    scan.next_sequence = records.next_sequence;
    if (records.code != ResultCode::Ok) {
      scan.code = records.code;
      scan.detail = std::string(result_code_name(records.code)) + " in " + segment.path + " at byte " +
                    std::to_string(kJournalSegmentHeaderSize + records.error_offset);
      return scan;
    }
    if (records.torn_bytes > 0) {
      if (!newest) {
        scan.code = ResultCode::JournalCorrupt;
        scan.detail = "damaged tail in " + segment.path + " which is not the newest segment";
        return scan;
      }
      scan.torn_bytes = records.torn_bytes;
    }
  }
  return scan;
}

}  // namespace kestrel::engine
