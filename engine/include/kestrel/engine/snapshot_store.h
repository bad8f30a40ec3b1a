// A directory of snapshot files named `snapshot-<20-digit sequence>.snap`: save, find the newest
// valid one, prune old ones. Loading falls back to an older valid snapshot when newer ones are
// corrupt; that is safe because journal replay refuses a gap between the snapshot and the journal.
// Invariant: files are only ever created through write_snapshot_file (atomic), so a crash while
// saving leaves at most a `.tmp` file, which load ignores and save overwrites.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/engine/snapshot_file.h"

namespace kestrel::engine {

/** File name for the snapshot covering `sequence`. */
std::string snapshot_file_name(Sequence sequence);

/** The sequence encoded in a snapshot file name, or nullopt for any other name. */
std::optional<Sequence> parse_snapshot_file_name(std::string_view name) noexcept;

/** Creates `directory` if needed and atomically writes the snapshot for `sequence` into it. */
ResultCode save_snapshot(const std::string& directory, Sequence sequence, std::string_view payload,
                         std::string* detail = nullptr);

/** Result of load_latest_snapshot. */
struct SnapshotLoadResult {
  SnapshotReadResult snapshot;  // code SnapshotNotFound when no valid snapshot exists
  std::vector<std::string> skipped;  // newer snapshot files that failed validation, newest first
};

/** Loads the newest snapshot in `directory` that passes validation. */
SnapshotLoadResult load_latest_snapshot(const std::string& directory);

/** Deletes all but the newest `keep` snapshot files (at least one is kept); the count goes to `removed`. */
ResultCode prune_snapshots(const std::string& directory, std::size_t keep, std::size_t* removed = nullptr);

}  // namespace kestrel::engine
