// Tagged sections inside a snapshot payload, so independent components (matching engine, risk
// manager, router) each serialise their own state and restore only their own bytes.
// Layout (little-endian): u32 section count, then per section u32 tag, u64 length, bytes.
// Invariants: tags are unique; parsing consumes the payload exactly or fails with SnapshotCorrupt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kestrel/engine/result_code.h"

namespace kestrel::engine {

/** Well-known section tags (new components append new tags; numbers never change). */
inline constexpr std::uint32_t kSnapshotSectionMatching = 1;
inline constexpr std::uint32_t kSnapshotSectionRisk = 2;
inline constexpr std::uint32_t kSnapshotSectionRouter = 3;

/** Section tag + bytes, as written or parsed. */
using SnapshotSection = std::pair<std::uint32_t, std::string_view>;

/** Encodes `sections` (tags must be unique; a duplicate makes the payload unreadable by design). */
std::string encode_snapshot_sections(const std::vector<SnapshotSection>& sections);

/** Parsed sections; views point into the parsed payload. */
struct SnapshotSections {
  ResultCode code = ResultCode::Ok;  // Ok or SnapshotCorrupt
  std::vector<SnapshotSection> sections;
  /** The bytes of section `tag`, if present. */
  std::optional<std::string_view> find(std::uint32_t tag) const noexcept {
    for (const auto& section : sections) {
      if (section.first == tag) return section.second;
    }
    return std::nullopt;
  }
};

/** Parses a payload produced by encode_snapshot_sections. */
SnapshotSections parse_snapshot_sections(std::string_view payload);

}  // namespace kestrel::engine
