// Ordered map from a price key to a level index for the fast book. Keys inside a 2^14-tick window are
// held in a direct array with a two-level occupancy bitmap (O(1) lookup, a few word scans to find the
// next occupied key); keys outside the window fall back to a std::map, so any price is correct and only
// far-away prices are slower. The window re-centres on the next insert whenever it becomes empty, which
// follows a drifting market without copying.
// Invariants: a key lives in exactly one of the window or the fallback map; bit i of bits_ is set iff
// slots_[i] holds a level; summary bit w is set iff bits_[w] != 0.
// Known limits: memory is 64 KiB of slots + 2 KiB of bitmap per ladder once used (two per book).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace kestrel::engine {

/** Price key -> level index with in-order traversal from the smallest key. */
class PriceLadder {
 public:
  /** Returned for "no such key". */
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  /** log2 of the window width in keys. */
  static constexpr unsigned kWindowBits = 14;
  /** Window width in keys. */
  static constexpr std::uint64_t kWindow = std::uint64_t{1} << kWindowBits;

  /** The value stored for `key`, or kNone. */
  std::uint32_t find(std::uint64_t key) const noexcept {
    const std::uint64_t off = key - base_;
    if (key >= base_ && off < kWindow && !slots_.empty()) return slots_[off];
    auto it = outside_.find(key);
    return it == outside_.end() ? kNone : it->second;
  }

  /** Stores a key that is not present. */
  void insert(std::uint64_t key, std::uint32_t value);
  /** Removes a present key. */
  void erase(std::uint64_t key);
  /** Smallest key and its value; kNone when empty. */
  std::uint32_t min(std::uint64_t* key) const;
  /** Smallest key greater than `key` and its value; kNone when there is none. */
  std::uint32_t next_after(std::uint64_t key, std::uint64_t* next_key) const;
  /** Number of keys. */
  std::size_t size() const noexcept { return window_count_ + outside_.size(); }
  /** Removes every key. */
  void clear();

 private:
  static constexpr std::size_t kWords = kWindow / 64;
  static constexpr std::size_t kSummaryWords = (kWords + 63) / 64;

  bool in_window(std::uint64_t key) const noexcept { return !slots_.empty() && key >= base_ && key - base_ < kWindow; }
  std::uint64_t first_set_from(std::uint64_t pos) const noexcept;
  void set_bit(std::uint64_t pos) noexcept;
  void clear_bit(std::uint64_t pos) noexcept;
  void rebase(std::uint64_t key);

  std::uint64_t base_ = 0;
  std::size_t window_count_ = 0;
  std::vector<std::uint32_t> slots_;  // empty until the first insert
  std::vector<std::uint64_t> bits_;
  std::array<std::uint64_t, kSummaryWords> summary_{};
  std::map<std::uint64_t, std::uint32_t> outside_;
};

}  // namespace kestrel::engine
