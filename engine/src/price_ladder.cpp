// Windowed bitmap price ladder; see price_ladder.h.
#include "kestrel/engine/price_ladder.h"

namespace kestrel::engine {

std::uint64_t PriceLadder::first_set_from(std::uint64_t pos) const noexcept {
  if (slots_.empty() || pos >= kWindow) return kWindow;
  std::size_t word = static_cast<std::size_t>(pos >> 6);
  const std::uint64_t m = bits_[word] & (~std::uint64_t{0} << (pos & 63));
  if (m != 0) return (word << 6) | static_cast<std::uint64_t>(__builtin_ctzll(m));
  std::size_t next = word + 1;
  while (next < kWords) {
    const std::size_t s = next >> 6;
    const std::uint64_t sm = summary_[s] & (~std::uint64_t{0} << (next & 63));
    if (sm != 0) {
      const std::size_t w = (s << 6) | static_cast<std::size_t>(__builtin_ctzll(sm));
      return (w << 6) | static_cast<std::uint64_t>(__builtin_ctzll(bits_[w]));
    }
    next = (s + 1) << 6;
  }
  return kWindow;
}

void PriceLadder::set_bit(std::uint64_t pos) noexcept {
  const std::size_t w = static_cast<std::size_t>(pos >> 6);
  bits_[w] |= std::uint64_t{1} << (pos & 63);
  summary_[w >> 6] |= std::uint64_t{1} << (w & 63);
}

void PriceLadder::clear_bit(std::uint64_t pos) noexcept {
  const std::size_t w = static_cast<std::size_t>(pos >> 6);
  bits_[w] &= ~(std::uint64_t{1} << (pos & 63));
  if (bits_[w] == 0) summary_[w >> 6] &= ~(std::uint64_t{1} << (w & 63));
}

void PriceLadder::rebase(std::uint64_t key) {
  if (slots_.empty()) {
    slots_.assign(kWindow, kNone);
    bits_.assign(kWords, 0);
  }
  base_ = key >= kWindow / 2 ? key - kWindow / 2 : 0;
  // The window is empty here, so only fallback keys that now fall inside it have to move.
  auto it = outside_.lower_bound(base_);
  while (it != outside_.end() && it->first - base_ < kWindow) {
    slots_[it->first - base_] = it->second;
    set_bit(it->first - base_);
    ++window_count_;
    it = outside_.erase(it);
  }
}

void PriceLadder::insert(std::uint64_t key, std::uint32_t value) {
  if (!in_window(key) && window_count_ == 0) rebase(key);
  if (in_window(key)) {
    slots_[key - base_] = value;
    set_bit(key - base_);
    ++window_count_;
  } else {
    outside_.emplace(key, value);
  }
}

void PriceLadder::erase(std::uint64_t key) {
  if (in_window(key)) {
    slots_[key - base_] = kNone;
    clear_bit(key - base_);
    --window_count_;
  } else {
    outside_.erase(key);
  }
}

std::uint32_t PriceLadder::min(std::uint64_t* key) const {
  if (!outside_.empty() && (slots_.empty() || outside_.begin()->first < base_)) {
    *key = outside_.begin()->first;
    return outside_.begin()->second;
  }
  const std::uint64_t pos = first_set_from(0);
  if (pos < kWindow) {
    *key = base_ + pos;
    return slots_[pos];
  }
  if (!outside_.empty()) {
    *key = outside_.begin()->first;
    return outside_.begin()->second;
  }
  return kNone;
}

std::uint32_t PriceLadder::next_after(std::uint64_t key, std::uint64_t* next_key) const {
  std::uint64_t pos = kWindow;
  if (slots_.empty() || key < base_) {
    auto it = outside_.upper_bound(key);
    if (it != outside_.end() && (slots_.empty() || it->first < base_)) {
      *next_key = it->first;
      return it->second;
    }
    pos = first_set_from(0);
  } else if (key - base_ < kWindow) {
    pos = first_set_from(key - base_ + 1);
  }
  if (pos < kWindow) {
    *next_key = base_ + pos;
    return slots_[pos];
  }
  const std::uint64_t window_last = slots_.empty() ? key : base_ + kWindow - 1;
  auto it = outside_.upper_bound(key > window_last ? key : window_last);
  if (it == outside_.end()) return kNone;
  *next_key = it->first;
  return it->second;
}

void PriceLadder::clear() {
  if (!slots_.empty()) {
    slots_.assign(kWindow, kNone);
    bits_.assign(kWords, 0);
  }
  summary_.fill(0);
  window_count_ = 0;
  outside_.clear();
}

}  // namespace kestrel::engine
