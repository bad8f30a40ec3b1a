// Snapshot files: one self-validating container per snapshot, written atomically.
// Layout (little-endian): 8 bytes magic "KESTSNAP", u32 format version (1), u32 flags (0),
// u64 sequence covered (last journal sequence applied to the state), u64 payload length,
// u32 CRC-32C over the 32 bytes before it followed by the payload, then the payload bytes
// (kSnapshotHeaderSize = 36). The payload is opaque here; snapshot_sections.h gives it structure.
// Invariants: a reader sees either the previous file or the complete new one (temp file, fsync,
// rename, directory fsync); any flipped, missing or extra byte is SnapshotCorrupt, never UB.
// Known limit: the payload is held in memory (snapshots are expected to be well below RAM size).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kestrel/engine/result_code.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Bytes before the payload. */
inline constexpr std::size_t kSnapshotHeaderSize = 36;
/** Snapshot container version written in the header. */
inline constexpr std::uint32_t kSnapshotFormatVersion = 1;

/** The complete file image for (`sequence`, `payload`). */
std::string encode_snapshot(Sequence sequence, std::string_view payload);

/** Result of decode_snapshot; `payload` views into the decoded buffer. */
struct SnapshotView {
  ResultCode code = ResultCode::Ok;  // Ok or SnapshotCorrupt
  Sequence sequence = 0;
  std::string_view payload;
};

/** Validates a whole file image (magic, version, flags, exact length, CRC). */
SnapshotView decode_snapshot(std::string_view file) noexcept;

/** Atomically writes a snapshot file; SnapshotWriteFailed (with `detail`) on any I/O error. */
ResultCode write_snapshot_file(const std::string& path, Sequence sequence, std::string_view payload,
                               std::string* detail = nullptr);

/** Result of read_snapshot_file. */
struct SnapshotReadResult {
  ResultCode code = ResultCode::Ok;  // Ok, SnapshotNotFound, SnapshotReadFailed or SnapshotCorrupt
  Sequence sequence = 0;
  std::string payload;
  std::string detail;
};

/** Reads and validates a snapshot file. */
SnapshotReadResult read_snapshot_file(const std::string& path);

}  // namespace kestrel::engine
