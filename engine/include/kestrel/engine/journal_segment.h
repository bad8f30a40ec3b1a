// Journal segments: files named `journal-<20-digit first sequence>.log`, each a 32-byte header
// followed by records (journal_record.h). Header (little-endian):
//   8 bytes magic "KESTJRNL"  u32 format version (1)  u32 flags (0)  u64 first sequence
//   u32 reserved (0)          u32 CRC-32C of the preceding 28 bytes
// Segments are created atomically (temp file + fsync + rename + directory fsync), so a header is
// never torn. Invariants checked by scan_journal_directory: the file name and header agree, segment
// N+1 starts right after the last record of segment N, and only the newest segment may end in a torn
// tail; anything else is JournalCorrupt. Scanning never modifies files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/engine/result_code.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Size of the segment header that precedes the first record. */
inline constexpr std::size_t kJournalSegmentHeaderSize = 32;
/** Journal format version written in segment headers. */
inline constexpr std::uint32_t kJournalFormatVersion = 1;

/** File name of the segment whose first record is `first_sequence`. */
std::string journal_segment_name(Sequence first_sequence);

/** The first sequence encoded in a segment file name, or nullopt for any other name. */
std::optional<Sequence> parse_journal_segment_name(std::string_view name) noexcept;

/** The header bytes of a segment starting at `first_sequence`. */
std::string encode_journal_segment_header(Sequence first_sequence);

/** The first sequence of a valid header, or nullopt (bad magic, version, flags or CRC, or too short). */
std::optional<Sequence> decode_journal_segment_header(std::string_view bytes) noexcept;

/** What a directory scan learned about one segment. */
struct JournalSegmentInfo {
  std::string path;
  Sequence first_sequence = 0;
  std::uint64_t records = 0;
  std::uint64_t valid_size = 0;  // header + complete valid records: the size to truncate a torn tail to
  std::uint64_t file_size = 0;
};

/** Result of validating every segment of a journal directory. */
struct JournalDirectoryScan {
  ResultCode code = ResultCode::Ok;  // Ok, JournalCorrupt, BookUnknownCommand or JournalReadFailed
  std::vector<JournalSegmentInfo> segments;  // ordered by first sequence
  std::uint64_t torn_bytes = 0;              // torn tail of the newest segment (only when code is Ok)
  Sequence next_sequence = 0;                // sequence after the last valid record (0 with no segments)
  std::string detail;                        // human-readable reason when code != Ok
};

/** Validates all segments in `directory` (see the file comment). A missing directory has no segments. */
JournalDirectoryScan scan_journal_directory(const std::string& directory);

}  // namespace kestrel::engine
