// Snapshot directory management on top of snapshot_file.
#include "kestrel/engine/snapshot_store.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "kestrel/engine/journal_io.h"

namespace kestrel::engine {
namespace {

constexpr std::string_view kPrefix = "snapshot-";
constexpr std::string_view kSuffix = ".snap";
constexpr std::size_t kDigits = 20;

// Snapshot sequences in `directory`, ascending; errno or 0.
int list_snapshots(const std::string& directory, std::vector<Sequence>& sequences) {
  std::vector<std::string> names;
  sequences.clear();
  if (const int error = list_directory(directory, names); error != 0) return error;
  for (const std::string& name : names) {
    if (const auto sequence = parse_snapshot_file_name(name)) sequences.push_back(*sequence);
  }
  std::sort(sequences.begin(), sequences.end());
  return 0;
}

}  // namespace

std::string snapshot_file_name(Sequence sequence) {
  char digits[kDigits + 1];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(sequence));
  return std::string(kPrefix) + digits + std::string(kSuffix);
}

std::optional<Sequence> parse_snapshot_file_name(std::string_view name) noexcept {
  if (name.size() != kPrefix.size() + kDigits + kSuffix.size() || name.substr(0, kPrefix.size()) != kPrefix ||
      name.substr(kPrefix.size() + kDigits) != kSuffix) {
    return std::nullopt;
  }
  Sequence value = 0;
  for (const char digit : name.substr(kPrefix.size(), kDigits)) {
    if (digit < '0' || digit > '9') return std::nullopt;
    const auto next = static_cast<Sequence>(digit - '0');
    if (value > (std::numeric_limits<Sequence>::max() - next) / 10) return std::nullopt;
    value = value * 10 + next;
  }
  return value;
}

ResultCode save_snapshot(const std::string& directory, Sequence sequence, std::string_view payload,
                         std::string* detail) {
  if (const int error = ensure_directory(directory); error != 0) {
    if (detail != nullptr) *detail = "cannot create snapshot directory " + directory + ": " + std::strerror(error);
    return ResultCode::SnapshotWriteFailed;
  }
  return write_snapshot_file(directory + "/" + snapshot_file_name(sequence), sequence, payload, detail);
}

SnapshotLoadResult load_latest_snapshot(const std::string& directory) {
  SnapshotLoadResult result;
  std::vector<Sequence> sequences;
  if (const int error = list_snapshots(directory, sequences); error != 0 && error != ENOENT) {
    result.snapshot.code = ResultCode::SnapshotReadFailed;
    result.snapshot.detail = "cannot list snapshot directory " + directory + ": " + std::strerror(error);
    return result;
  }
  for (auto it = sequences.rbegin(); it != sequences.rend(); ++it) {
    const std::string path = directory + "/" + snapshot_file_name(*it);
    SnapshotReadResult read = read_snapshot_file(path);
    if (read.code == ResultCode::Ok && read.sequence != *it) {
      read.code = ResultCode::SnapshotCorrupt;  // renamed or copied under the wrong name
      read.detail = path + " covers sequence " + std::to_string(read.sequence);
    }
    if (read.code == ResultCode::Ok) {
      result.snapshot = std::move(read);
      return result;
    }
    if (read.code == ResultCode::SnapshotReadFailed) {
      result.snapshot = std::move(read);  // an I/O error is not proof of damage: do not silently fall back
      return result;
    }
    result.skipped.push_back(path);
  }
  result.snapshot.code = ResultCode::SnapshotNotFound;
  result.snapshot.detail = "no valid snapshot in " + directory;
  return result;
}

ResultCode prune_snapshots(const std::string& directory, std::size_t keep, std::size_t* removed) {
  if (removed != nullptr) *removed = 0;
  if (keep == 0) keep = 1;  // the newest snapshot is the only way back after journal pruning
  std::vector<Sequence> sequences;
  if (const int error = list_snapshots(directory, sequences); error != 0) return ResultCode::SnapshotReadFailed;
  std::size_t count = 0;
  for (std::size_t index = 0; index + keep < sequences.size(); ++index) {
    if (::unlink((directory + "/" + snapshot_file_name(sequences[index])).c_str()) != 0) {
      return ResultCode::SnapshotWriteFailed;
    }
    ++count;
  }
  if (count > 0 && sync_directory(directory) != 0) return ResultCode::SnapshotWriteFailed;
  if (removed != nullptr) *removed = count;
  return ResultCode::Ok;
}

}  // namespace kestrel::engine
