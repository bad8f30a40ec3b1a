// Append-only command journal writer (write-ahead log). Every accepted command is appended here before
// it is acknowledged; restart = snapshot + replay_journal (journal_reader.h) from the snapshot's
// sequence. Opening recovers the directory: it validates every segment, truncates a torn tail of the
// newest one (crash mid-write) and refuses mid-file corruption with JournalCorrupt.
// Fsync policies: EveryRecord (fdatasync per append), Group (fdatasync once `group_records` records
// are unsynced or the oldest unsynced record is `group_delay_ns` old, checked on append and poll()),
// None (the OS decides; flush() forces it). durable_sequence() tells the caller which appends are on
// stable storage, so it can hold acknowledgements until then under Group.
// Invariants: one writer per directory (flock on `journal.lock`); sequences are consecutive; after any
// write or sync error the writer is poisoned and every later call returns JournalWriteFailed, because
// the file state after a failed fdatasync is unknown (re-open to recover).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kestrel/engine/journal_record.h"
#include "kestrel/engine/journal_segment.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** When appended records are forced to stable storage. */
enum class FsyncPolicy : std::uint8_t { EveryRecord = 0, Group = 1, None = 2 };

/** Journal writer configuration. */
struct JournalOptions {
  FsyncPolicy fsync = FsyncPolicy::EveryRecord;
  std::uint32_t group_records = 64;          // Group: sync at this many unsynced records (0 = off)
  std::int64_t group_delay_ns = 2'000'000;   // Group: sync when the oldest unsynced record is this old (0 = off)
  std::uint64_t segment_max_bytes = 0;       // rotate automatically past this segment size (0 = only rotate())
  /**
   * Sequence covered by the snapshot the caller restored (0 = none). The journal continues at
   * covered_sequence + 1 when it is empty or ends before that (its records are then all covered and
   * are removed); a journal that starts after covered_sequence + 1 is missing records: JournalCorrupt.
   */
  Sequence covered_sequence = 0;
  std::function<std::int64_t()> monotonic_clock;  // ns; empty = std::chrono::steady_clock
};

/** What opening did to the directory. */
struct JournalRecovery {
  std::size_t segments = 0;           // segments found
  std::uint64_t records = 0;          // valid records found
  std::uint64_t truncated_bytes = 0;  // torn tail removed from the newest segment
  std::size_t retired_segments = 0;   // segments removed because covered_sequence covered them
};

/** Counters for monitoring and tests. */
struct JournalStats {
  std::uint64_t appends = 0;
  std::uint64_t syncs = 0;  // successful fdatasync calls on segments
  std::uint64_t bytes = 0;  // record bytes appended by this writer
  std::uint64_t rotations = 0;
};

class JournalWriter;

/** Result of JournalWriter::open. */
struct JournalOpenResult {
  ResultCode code = ResultCode::Ok;
  std::unique_ptr<JournalWriter> writer;  // set only when code is Ok
  JournalRecovery recovery{};
  std::string detail;  // why, when code != Ok
};

/** Result of JournalWriter::append. */
struct JournalAppendResult {
  ResultCode code = ResultCode::Ok;
  Sequence sequence = 0;  // the record's sequence when code is Ok
};

/** The single writer of a journal directory. Not thread-safe: the engine shard thread owns it. */
class JournalWriter {
 public:
  /** Recovers `directory` (created if missing) and opens its newest segment for appending. */
  static JournalOpenResult open(const std::string& directory, JournalOptions options);

  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;
  /** Syncs unsynced records (best effort; call flush() first to see errors) and releases the lock. */
  ~JournalWriter();

  /** Appends `command` as the next record and applies the fsync policy. */
  JournalAppendResult append(const Command& command);
  /** Appends a control record (codec_control.h) as the next record and applies the fsync policy. */
  JournalAppendResult append(const ControlRecord& control);
  /**
   * Appends `count` entries (their `sequence` fields are ignored: they get the next consecutive
   * sequences) with a single write(2), so a group that belongs together is never split by a rotation
   * and is torn, if at all, only by a crash in the middle of that one write. Returns the last sequence.
   */
  JournalAppendResult append_records(const JournalRecord* records, std::size_t count);
  /** Forces every appended record to stable storage. */
  ResultCode flush();
  /** Group policy timer: syncs if the oldest unsynced record is at least group_delay_ns old. */
  ResultCode poll();
  /** Starts a new segment at next_sequence() (no-op while the current segment has no records). */
  ResultCode rotate();
  /**
   * Removes records `first` .. next_sequence() - 1 from the active segment and syncs it: recovery
   * drops a record group that a crash cut short. JournalCorrupt (nothing changed) when `first` lies
   * outside the active segment's records.
   */
  ResultCode discard_from(Sequence first);
  /** Deletes closed segments whose records are all <= `covered` (after a snapshot); never the active one. */
  ResultCode remove_segments_covered_by(Sequence covered, std::size_t* removed = nullptr);

  /** Sequence the next append will get. */
  Sequence next_sequence() const noexcept { return next_sequence_; }
  /** Highest sequence known to be on stable storage (covered_sequence when nothing was synced yet). */
  Sequence durable_sequence() const noexcept { return durable_sequence_; }
  /** False once an I/O error poisoned the writer. */
  bool healthy() const noexcept { return !failed_; }
  /** Human-readable reason of the error that poisoned the writer. */
  const std::string& last_error() const noexcept { return last_error_; }
  const JournalStats& stats() const noexcept { return stats_; }

 private:
  JournalWriter(std::string directory, JournalOptions options);

  ResultCode prepare_append(std::uint64_t records);
  JournalAppendResult write_buffered(std::uint64_t records);
  ResultCode sync();
  ResultCode fail(const std::string& what, int error);
  ResultCode open_segment(Sequence first_sequence, bool create);
  std::int64_t now() const;

  std::string directory_;
  JournalOptions options_;
  int lock_fd_ = -1;
  int segment_fd_ = -1;
  Sequence segment_first_ = 0;
  std::uint64_t segment_size_ = 0;
  Sequence next_sequence_ = 1;
  Sequence durable_sequence_ = 0;
  std::uint64_t unsynced_ = 0;
  std::int64_t oldest_unsynced_at_ = 0;
  bool failed_ = false;
  std::string last_error_;
  std::string buffer_;
  JournalStats stats_{};
};

}  // namespace kestrel::engine
