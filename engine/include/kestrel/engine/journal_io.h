// Thin POSIX file layer for the durability code (journal segments and snapshot files): complete
// writes that survive EINTR and short writes, fdatasync/fsync that retry on EINTR, directory fsync,
// atomic whole-file replacement, read-only mappings and directory listing. Every function reports an
// errno value (0 = success) instead of throwing, so callers can turn failures into stable codes.
// Known limit: POSIX only (Linux, macOS); on macOS fdatasync maps to fsync, which does not force the
// drive cache (F_FULLFSYNC would).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kestrel::engine {

/** Writes all of `data` to `fd`, retrying on EINTR and continuing after short writes; returns errno or 0. */
int write_all(int fd, std::string_view data) noexcept;

/** fdatasync(fd), retried on EINTR; returns errno or 0. */
int sync_file_data(int fd) noexcept;

/** Opens `directory` and fsyncs it so a just-created/renamed/removed entry is durable; returns errno or 0. */
int sync_directory(const std::string& directory) noexcept;

/**
 * Atomically replaces `path` with `contents`: writes `path + ".tmp"`, fsyncs it, renames it over
 * `path` and fsyncs the parent directory. On failure the temporary file is removed and `path` is
 * untouched (either the old or the new contents are visible, never a mix). Returns errno or 0.
 */
int write_file_atomically(const std::string& path, std::string_view contents) noexcept;

/** The directory part of `path` ("." when it has none). */
std::string parent_directory(const std::string& path);

/** Creates `directory` (one level) unless it exists; returns errno or 0. */
int ensure_directory(const std::string& directory) noexcept;

/** Names of the entries in `directory` (no "." / ".."), sorted; returns errno or 0. */
int list_directory(const std::string& directory, std::vector<std::string>& names);

/** A read-only memory mapping of a whole file; empty files map to an empty view. Move-only. */
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  /** Maps `path`; returns errno or 0. */
  int open(const std::string& path) noexcept;
  /** The file's bytes as of mapping time. */
  std::string_view bytes() const noexcept { return {static_cast<const char*>(data_), size_}; }

 private:
  void reset() noexcept;

  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace kestrel::engine
