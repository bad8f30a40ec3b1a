// Little-endian field-by-field byte writer and bounds-checked reader shared by every durable format
// (command codec, journal records, snapshot files, risk-manager state). Values are assembled from
// bytes with shifts, so the output never depends on host endianness, struct padding or alignment.
// Invariant: ByteReader never reads past its input; after the first short read it stays failed and
// returns zeros, so a decoder checks `ok()` once at the end instead of after every field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kestrel/engine/codec_int128.h"

namespace kestrel::engine {

/** Appends little-endian integers to a caller-owned string. */
class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) noexcept : out_(out) {}

  void u8(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void u16(std::uint16_t value) { put(value, 2); }
  void u32(std::uint32_t value) { put(value, 4); }
  void u64(std::uint64_t value) { put(value, 8); }
  void i64(std::int64_t value) { put(static_cast<std::uint64_t>(value), 8); }
  /** A signed 128-bit value as low then high 64-bit halves (two's complement). */
  void i128(Int128 value) {
    const Int128 high = value >> 64;  // arithmetic shift keeps the sign in the high half
    u64(static_cast<std::uint64_t>(value));
    u64(static_cast<std::uint64_t>(high));
  }
  void bytes(std::string_view value) { out_.append(value.data(), value.size()); }

 private:
  void put(std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) out_.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
  }

  std::string& out_;
};

/** Reads little-endian integers from a byte view; sticky failure on any out-of-bounds read. */
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) noexcept : in_(in) {}

  std::uint8_t u8() noexcept { return static_cast<std::uint8_t>(get(1)); }
  std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(get(2)); }
  std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(get(4)); }
  std::uint64_t u64() noexcept { return get(8); }
  std::int64_t i64() noexcept { return static_cast<std::int64_t>(get(8)); }
  Int128 i128() noexcept {
    const std::uint64_t low = get(8);
    const auto high = static_cast<std::int64_t>(get(8));
    return static_cast<Int128>(high) * (Int128{1} << 64) + static_cast<Int128>(low);
  }
  /** The next `size` bytes as a view into the input (empty view on failure). */
  std::string_view bytes(std::size_t size) noexcept {
    if (!ok_ || in_.size() - pos_ < size) {
      ok_ = false;
      return {};
    }
    const std::string_view view = in_.substr(pos_, size);
    pos_ += size;
    return view;
  }

  /** True while every read so far was in bounds. */
  bool ok() const noexcept { return ok_; }
  /** Bytes not yet consumed. */
  std::size_t remaining() const noexcept { return in_.size() - pos_; }
  std::size_t position() const noexcept { return pos_; }

 private:
  std::uint64_t get(std::size_t width) noexcept {
    if (!ok_ || in_.size() - pos_ < width) {
      ok_ = false;
      return 0;
    }
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      value |= std::uint64_t{static_cast<unsigned char>(in_[pos_ + i])} << (8 * i);
    }
    pos_ += width;
    return value;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace kestrel::engine
