// Open-addressing hash map from order id to a pool index, used by the fast book for O(1) lookup and
// cancel. Linear probing with backward-shift deletion (no tombstones, so probe lengths never decay),
// Fibonacci hashing of the id, load factor kept at or below 1/2.
// Invariants: key 0 marks an empty slot, so order id 0 cannot be stored (the books reject it anyway);
// every stored key sits between its home slot and the first empty slot after it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kestrel::engine {

/** Order id -> 32-bit index. */
class OrderIdMap {
 public:
  /** Returned by find() for an absent id. */
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  OrderIdMap() { reset(64); }

  /** The index stored for `id`, or kNone. */
  std::uint32_t find(std::uint64_t id) const noexcept {
    std::size_t i = home(id);
    for (;;) {
      const Slot& s = slots_[i];
      if (s.key == id) return s.value;
      if (s.key == 0) return kNone;
      i = (i + 1) & mask_;
    }
  }

  /** Stores `id` (non-zero, not present) -> `value`. */
  void insert(std::uint64_t id, std::uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(id, value);
    ++size_;
  }

  /** Removes `id` if present; returns whether it was. */
  bool erase(std::uint64_t id) noexcept {
    std::size_t i = home(id);
    for (;;) {
      if (slots_[i].key == id) break;
      if (slots_[i].key == 0) return false;
      i = (i + 1) & mask_;
    }
    // Backward shift: pull later entries of the probe run into the hole unless their home slot lies
    // cyclically after the hole (then moving them would put them before their home).
    std::size_t j = i;
    for (;;) {
      j = (j + 1) & mask_;
      if (slots_[j].key == 0) break;
      const std::size_t k = home(slots_[j].key);
      const bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!stays) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Slot{};
    --size_;
    return true;
  }

  /** Number of stored ids. */
  std::size_t size() const noexcept { return size_; }

  /** Removes everything (keeps the capacity). */
  void clear() noexcept {
    for (auto& s : slots_) s = Slot{};
    size_ = 0;
  }

  /** Calls f(id, value) for every entry, in unspecified order. */
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.key != 0) f(s.key, s.value);
    }
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
  };

  std::size_t home(std::uint64_t id) const noexcept {
    return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  void place(std::uint64_t id, std::uint32_t value) noexcept {
    std::size_t i = home(id);
    while (slots_[i].key != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{id, value};
  }

  void reset(std::size_t capacity) {
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    unsigned bits = 0;
    while ((std::size_t{1} << bits) < capacity) ++bits;
    shift_ = 64 - bits;
  }

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    reset(old.size() * 2);
    for (const Slot& s : old) {
      if (s.key != 0) place(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace kestrel::engine
