// Journal writer: recovery on open, appends with write(2), the three fsync policies and rotation.
#include "kestrel/engine/journal_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>
#include <vector>

#include "kestrel/engine/journal_io.h"

namespace kestrel::engine {
namespace {

constexpr std::string_view kLockName = "journal.lock";
constexpr std::string_view kTemporarySuffix = ".tmp";

std::string describe(const std::string& what, int error) { return what + ": " + std::strerror(error); }

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Truncates a torn tail and makes the surviving bytes durable before anything is appended after them.
int truncate_segment(const std::string& path, std::uint64_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  int error = 0;
  while (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    if (errno != EINTR) {
      error = errno;
      break;
    }
  }
  if (error == 0) error = sync_file_data(fd);
  ::close(fd);
  return error;
}

}  // namespace

JournalWriter::JournalWriter(std::string directory, JournalOptions options)
    : directory_(std::move(directory)), options_(std::move(options)) {}

JournalWriter::~JournalWriter() {
  if (segment_fd_ >= 0) {
    if (!failed_ && unsynced_ > 0) sync();
    ::close(segment_fd_);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing releases the flock
}

JournalOpenResult JournalWriter::open(const std::string& directory, JournalOptions options) {
  JournalOpenResult result;
  auto refuse = [&result](ResultCode code, std::string detail) {
    result.code = code;
    result.writer.reset();
    result.detail = std::move(detail);
    return std::move(result);
  };
  const Sequence covered = options.covered_sequence;
  std::unique_ptr<JournalWriter> writer(new JournalWriter(directory, std::move(options)));

  if (const int error = ensure_directory(directory); error != 0) {
    return refuse(ResultCode::JournalWriteFailed, describe("cannot create journal directory " + directory, error));
  }
  const std::string lock_path = directory + "/" + std::string(kLockName);
  writer->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (writer->lock_fd_ < 0) {
    return refuse(ResultCode::JournalWriteFailed, describe("cannot open " + lock_path, errno));
  }
  if (::flock(writer->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return refuse(ResultCode::JournalWriteFailed,
                  describe("journal " + directory + " is locked by another writer", errno));
  }

  std::vector<std::string> names;
  if (const int error = list_directory(directory, names); error != 0) {
    return refuse(ResultCode::JournalReadFailed, describe("cannot list " + directory, error));
  }
  for (const std::string& name : names) {
    // Leftovers of a crash during segment creation; the rename never happened, so nothing refers to them.
    if (ends_with(name, kTemporarySuffix) &&
        parse_journal_segment_name(std::string_view(name).substr(0, name.size() - kTemporarySuffix.size()))) {
      ::unlink((directory + "/" + name).c_str());
    }
  }

  const JournalDirectoryScan scan = scan_journal_directory(directory);
  if (scan.code != ResultCode::Ok) return refuse(scan.code, scan.detail);
  result.recovery.segments = scan.segments.size();
  for (const JournalSegmentInfo& segment : scan.segments) result.recovery.records += segment.records;

  if (!scan.segments.empty() && scan.segments.front().first_sequence > covered + 1) {
    return refuse(ResultCode::JournalCorrupt,
                  "journal starts at sequence " + std::to_string(scan.segments.front().first_sequence) +
                      " but the snapshot covers only up to " + std::to_string(covered) + ": records are missing");
  }
  if (!scan.segments.empty() && scan.next_sequence <= covered) {
    // Every record is inside the snapshot (e.g. the journal was not synced when the snapshot was
    // written and an OS crash lost its tail): the journal must continue after the snapshot instead.
    for (const JournalSegmentInfo& segment : scan.segments) {
      if (::unlink(segment.path.c_str()) != 0) {
        return refuse(ResultCode::JournalWriteFailed, describe("cannot remove covered segment " + segment.path, errno));
      }
    }
    result.recovery.retired_segments = scan.segments.size();
    if (const int error = sync_directory(directory); error != 0) {
      return refuse(ResultCode::JournalWriteFailed, describe("cannot sync " + directory, error));
    }
  }

  ResultCode code = ResultCode::Ok;
  if (scan.segments.empty() || result.recovery.retired_segments > 0) {
    code = writer->open_segment(covered + 1, true);
    writer->next_sequence_ = covered + 1;
  } else {
    const JournalSegmentInfo& newest = scan.segments.back();
    if (scan.torn_bytes > 0) {
      if (const int error = truncate_segment(newest.path, newest.valid_size); error != 0) {
        return refuse(ResultCode::JournalWriteFailed, describe("cannot truncate torn tail of " + newest.path, error));
      }
      result.recovery.truncated_bytes = scan.torn_bytes;
    }
    code = writer->open_segment(newest.first_sequence, false);
    writer->segment_size_ = newest.valid_size;
    writer->next_sequence_ = scan.next_sequence;
    // Records that survived a process crash may still sit only in the page cache: make them durable
    // before reporting them as such.
    if (code == ResultCode::Ok) {
      if (const int error = sync_file_data(writer->segment_fd_); error != 0) {
        code = writer->fail("cannot sync " + newest.path, error);
      }
    }
  }
  if (code != ResultCode::Ok) return refuse(code, writer->last_error_);
  writer->durable_sequence_ = writer->next_sequence_ - 1;
  result.writer = std::move(writer);
  return result;
}

ResultCode JournalWriter::open_segment(Sequence first_sequence, bool create) {
  const std::string path = directory_ + "/" + journal_segment_name(first_sequence);
  if (create) {
    if (const int error = write_file_atomically(path, encode_journal_segment_header(first_sequence)); error != 0) {
      return fail("cannot create segment " + path, error);
    }
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return fail("cannot open segment " + path, errno);
  if (segment_fd_ >= 0) ::close(segment_fd_);
  segment_fd_ = fd;
  segment_first_ = first_sequence;
  segment_size_ = kJournalSegmentHeaderSize;
  return ResultCode::Ok;
}

JournalAppendResult JournalWriter::append(const Command& command) {
  if (const ResultCode code = prepare_append(1); code != ResultCode::Ok) return {code, 0};
  append_journal_record(buffer_, next_sequence_, command);
  return write_buffered(1);
}

JournalAppendResult JournalWriter::append(const ControlRecord& control) {
  if (const ResultCode code = prepare_append(1); code != ResultCode::Ok) return {code, 0};
  append_journal_record(buffer_, next_sequence_, control);
  return write_buffered(1);
}

JournalAppendResult JournalWriter::append_records(const JournalRecord* records, std::size_t count) {
  if (count == 0) return {failed_ ? ResultCode::JournalWriteFailed : ResultCode::Ok, next_sequence_ - 1};
  if (const ResultCode code = prepare_append(count); code != ResultCode::Ok) return {code, 0};
  for (std::size_t i = 0; i < count; ++i) {
    if (records[i].kind == JournalEntryKind::Control) {
      append_journal_record(buffer_, next_sequence_ + i, records[i].control);
    } else {
      append_journal_record(buffer_, next_sequence_ + i, records[i].command);
    }
  }
  return write_buffered(count);
}

// Refuses on a poisoned writer, rotates when `records` more would overflow the segment size limit
// (never splitting them), and empties the write buffer.
ResultCode JournalWriter::prepare_append(std::uint64_t records) {
  if (failed_) return ResultCode::JournalWriteFailed;
  if (options_.segment_max_bytes > 0 && next_sequence_ > segment_first_ &&
      segment_size_ + kJournalRecordSize * records > options_.segment_max_bytes) {
    if (const ResultCode code = rotate(); code != ResultCode::Ok) return code;
  }
  buffer_.clear();
  return ResultCode::Ok;
}

// Writes buffer_ (holding `records` framed records starting at next_sequence_) and applies the policy.
JournalAppendResult JournalWriter::write_buffered(std::uint64_t records) {
  if (const int error = write_all(segment_fd_, buffer_); error != 0) {
    // Best effort: cut a partial record so the file stays clean; recovery would treat it as torn anyway.
    (void)::ftruncate(segment_fd_, static_cast<off_t>(segment_size_));
    return {fail("write to journal segment failed", error), 0};
  }
  next_sequence_ += records;
  const Sequence sequence = next_sequence_ - 1;
  segment_size_ += buffer_.size();
  stats_.bytes += buffer_.size();
  stats_.appends += records;
  if (unsynced_ == 0 && options_.fsync == FsyncPolicy::Group && options_.group_delay_ns > 0) {
    oldest_unsynced_at_ = now();
  }
  unsynced_ += records;
  ResultCode code = ResultCode::Ok;
  switch (options_.fsync) {
    case FsyncPolicy::EveryRecord:
      code = sync();
      break;
    case FsyncPolicy::Group: {
      const bool count_due = options_.group_records > 0 && unsynced_ >= options_.group_records;
      const bool time_due = options_.group_delay_ns > 0 && now() - oldest_unsynced_at_ >= options_.group_delay_ns;
      if (count_due || time_due) code = sync();
      break;
    }
    case FsyncPolicy::None:
      break;
  }
  if (code != ResultCode::Ok) return {code, 0};
  return {ResultCode::Ok, sequence};
}

ResultCode JournalWriter::flush() {
  if (failed_) return ResultCode::JournalWriteFailed;
  return unsynced_ > 0 ? sync() : ResultCode::Ok;
}

ResultCode JournalWriter::poll() {
  if (failed_) return ResultCode::JournalWriteFailed;
  if (unsynced_ == 0 || options_.fsync != FsyncPolicy::Group || options_.group_delay_ns <= 0) return ResultCode::Ok;
  return now() - oldest_unsynced_at_ >= options_.group_delay_ns ? sync() : ResultCode::Ok;
}

ResultCode JournalWriter::rotate() {
  if (failed_) return ResultCode::JournalWriteFailed;
  if (next_sequence_ == segment_first_) return ResultCode::Ok;
  // The closed segment must be complete on disk before a newer one exists: recovery treats a damaged
  // tail in any segment but the newest as corruption.
  if (const ResultCode code = flush(); code != ResultCode::Ok) return code;
  if (const ResultCode code = open_segment(next_sequence_, true); code != ResultCode::Ok) return code;
  ++stats_.rotations;
  return ResultCode::Ok;
}

ResultCode JournalWriter::discard_from(Sequence first) {
  if (failed_) return ResultCode::JournalWriteFailed;
  if (first < segment_first_ || first > next_sequence_) {
    last_error_ = "cannot discard from sequence " + std::to_string(first) + ": the active segment holds " +
                  std::to_string(segment_first_) + ".." + std::to_string(next_sequence_ - 1);
    return ResultCode::JournalCorrupt;
  }
  if (first == next_sequence_) return ResultCode::Ok;
  const std::uint64_t size = kJournalSegmentHeaderSize + (first - segment_first_) * kJournalRecordSize;
  while (::ftruncate(segment_fd_, static_cast<off_t>(size)) != 0) {
    if (errno != EINTR) return fail("cannot truncate journal segment", errno);
  }
  if (const int error = sync_file_data(segment_fd_); error != 0) return fail("cannot sync journal segment", error);
  ++stats_.syncs;
  segment_size_ = size;
  next_sequence_ = first;
  unsynced_ = 0;
  durable_sequence_ = first - 1;
  return ResultCode::Ok;
}

ResultCode JournalWriter::remove_segments_covered_by(Sequence covered, std::size_t* removed) {
  if (removed != nullptr) *removed = 0;
  if (failed_) return ResultCode::JournalWriteFailed;
  std::vector<std::string> names;
  if (const int error = list_directory(directory_, names); error != 0) {
    last_error_ = describe("cannot list " + directory_, error);
    return ResultCode::JournalReadFailed;
  }
  std::vector<Sequence> firsts;
  for (const std::string& name : names) {
    if (const auto first = parse_journal_segment_name(name)) firsts.push_back(*first);
  }
  std::size_t count = 0;
  // A closed segment ends right before the next one starts; the active segment is always kept.
  for (std::size_t index = 0; index + 1 < firsts.size(); ++index) {
    if (firsts[index] >= segment_first_ || firsts[index + 1] - 1 > covered) break;
    const std::string path = directory_ + "/" + journal_segment_name(firsts[index]);
    if (::unlink(path.c_str()) != 0) {
      last_error_ = describe("cannot remove " + path, errno);
      return ResultCode::JournalWriteFailed;
    }
    ++count;
  }
  if (count > 0) {
    if (const int error = sync_directory(directory_); error != 0) {
      last_error_ = describe("cannot sync " + directory_, error);
      return ResultCode::JournalWriteFailed;
    }
  }
  if (removed != nullptr) *removed = count;
  return ResultCode::Ok;
}

ResultCode JournalWriter::sync() {
  if (const int error = sync_file_data(segment_fd_); error != 0) {
    return fail("fdatasync of journal segment failed", error);
  }
  ++stats_.syncs;
  unsynced_ = 0;
  durable_sequence_ = next_sequence_ - 1;
  return ResultCode::Ok;
}

ResultCode JournalWriter::fail(const std::string& what, int error) {
  failed_ = true;
  last_error_ = describe(what, error);
  return ResultCode::JournalWriteFailed;
}

std::int64_t JournalWriter::now() const {
  if (options_.monotonic_clock) return options_.monotonic_clock();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace kestrel::engine
