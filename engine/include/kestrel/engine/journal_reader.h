// Read-only journal replay: validates the whole directory first (journal_segment.h rules) and only
// then hands records to the caller, so a corrupt journal is reported before any state is mutated.
// A torn tail of the newest segment is not an error: replay stops before it (the writer truncates it
// on open). Never modifies files, so it is safe on a copy or while diagnosing a damaged journal.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "kestrel/engine/journal_record.h"
#include "kestrel/engine/types.h"

namespace kestrel::engine {

/** Outcome of replay_journal. */
struct JournalReplayResult {
  ResultCode code = ResultCode::Ok;  // Ok, JournalCorrupt, BookUnknownCommand or JournalReadFailed
  std::uint64_t replayed = 0;        // records passed to the visitor
  Sequence next_sequence = 0;        // sequence after the last valid record (after_sequence + 1 when empty)
  std::uint64_t torn_bytes = 0;      // ignored torn tail of the newest segment
  std::string detail;                // why, when code != Ok
};

/** Receives one record; records arrive in sequence order. */
using JournalVisitor = std::function<void(const JournalRecord& record)>;

/**
 * Calls `visit` for every record with sequence > `after_sequence` (the snapshot's covered sequence;
 * 0 replays everything). JournalCorrupt when the journal starts after after_sequence + 1 (records
 * between the snapshot and the journal are missing). A missing directory replays nothing.
 */
JournalReplayResult replay_journal(const std::string& directory, Sequence after_sequence, const JournalVisitor& visit);

}  // namespace kestrel::engine
