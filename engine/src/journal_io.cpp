// POSIX implementation of the durability file layer. EINTR is retried everywhere except close(2),
// which on Linux releases the descriptor even when interrupted (retrying could close a reused fd).
#include "kestrel/engine/journal_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace kestrel::engine {
namespace {

int sync_full(int fd) noexcept {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
}

}  // namespace

int write_all(int fd, std::string_view data) noexcept {
  const char* cursor = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, cursor, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (written == 0) return EIO;  // no progress and no error: treat as a device failure, never spin
    cursor += written;
    left -= static_cast<std::size_t>(written);
  }
  return 0;
}

int sync_file_data(int fd) noexcept {
#if defined(__APPLE__)
  return sync_full(fd);
#else
  while (::fdatasync(fd) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
#endif
}

int sync_directory(const std::string& directory) noexcept {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int error = sync_full(fd);
  ::close(fd);
  return error;
}

std::string parent_directory(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

int write_file_atomically(const std::string& path, std::string_view contents) noexcept {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  int error = write_all(fd, contents);
  if (error == 0) error = sync_full(fd);
  if (::close(fd) != 0 && error == 0 && errno != EINTR) error = errno;
  if (error == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    return error;
  }
  return sync_directory(parent_directory(path));
}

int ensure_directory(const std::string& directory) noexcept {
  if (::mkdir(directory.c_str(), 0755) == 0) return sync_directory(parent_directory(directory));
  if (errno != EEXIST) return errno;
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) return errno;
  return S_ISDIR(info.st_mode) ? 0 : ENOTDIR;
}

int list_directory(const std::string& directory, std::vector<std::string>& names) {
  names.clear();
  DIR* handle = ::opendir(directory.c_str());
  if (handle == nullptr) return errno;
  errno = 0;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
    errno = 0;
  }
  const int error = errno;
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  return error;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    reset();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::reset() noexcept {
  if (data_ != nullptr) ::munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

int MappedFile::open(const std::string& path) noexcept {
  reset();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    return error;
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size > 0) {
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
      const int error = errno;
      ::close(fd);
      return error;
    }
    data_ = data;
    size_ = size;
  }
  ::close(fd);  // the mapping stays valid after the descriptor is closed
  return 0;
}

}  // namespace kestrel::engine
