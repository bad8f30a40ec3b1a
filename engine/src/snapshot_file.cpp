// Snapshot container codec and atomic file I/O.
#include "kestrel/engine/snapshot_file.h"

#include <cerrno>
#include <cstring>

#include "kestrel/engine/codec_bytes.h"
#include "kestrel/engine/crc32c.h"
#include "kestrel/engine/journal_io.h"

namespace kestrel::engine {
namespace {

constexpr std::string_view kMagic = "KESTSNAP";
constexpr std::size_t kCrcOffset = kSnapshotHeaderSize - 4;

}  // namespace

std::string encode_snapshot(Sequence sequence, std::string_view payload) {
  std::string out;
  out.reserve(kSnapshotHeaderSize + payload.size());
  ByteWriter writer(out);
  writer.bytes(kMagic);
  writer.u32(kSnapshotFormatVersion);
  writer.u32(0);
  writer.u64(sequence);
  writer.u64(payload.size());
  const std::uint32_t crc = crc32c_extend(crc32c_extend(0, out.data(), kCrcOffset), payload.data(), payload.size());
  writer.u32(crc);
  writer.bytes(payload);
  return out;
}

SnapshotView decode_snapshot(std::string_view file) noexcept {
  SnapshotView view;
  view.code = ResultCode::SnapshotCorrupt;
  ByteReader reader(file);
  const std::string_view magic = reader.bytes(kMagic.size());
  const std::uint32_t version = reader.u32();
  const std::uint32_t flags = reader.u32();
  const Sequence sequence = reader.u64();
  const std::uint64_t length = reader.u64();
  const std::uint32_t stored_crc = reader.u32();
  if (!reader.ok() || magic != kMagic || version != kSnapshotFormatVersion || flags != 0 ||
      length != reader.remaining()) {
    return view;
  }
  const std::string_view payload = file.substr(kSnapshotHeaderSize);
  const std::uint32_t crc = crc32c_extend(crc32c_extend(0, file.data(), kCrcOffset), payload.data(), payload.size());
  if (crc != stored_crc) return view;
  view.code = ResultCode::Ok;
  view.sequence = sequence;
  view.payload = payload;
  return view;
}

ResultCode write_snapshot_file(const std::string& path, Sequence sequence, std::string_view payload,
                               std::string* detail) {
  if (const int error = write_file_atomically(path, encode_snapshot(sequence, payload)); error != 0) {
    if (detail != nullptr) *detail = "cannot write snapshot " + path + ": " + std::strerror(error);
    return ResultCode::SnapshotWriteFailed;
  }
  return ResultCode::Ok;
}

SnapshotReadResult read_snapshot_file(const std::string& path) {
  SnapshotReadResult result;
  MappedFile file;
  if (const int error = file.open(path); error != 0) {
    result.code = error == ENOENT ? ResultCode::SnapshotNotFound : ResultCode::SnapshotReadFailed;
    result.detail = "cannot read snapshot " + path + ": " + std::strerror(error);
    return result;
  }
  const SnapshotView view = decode_snapshot(file.bytes());
  if (view.code != ResultCode::Ok) {
    result.code = view.code;
    result.detail = "snapshot " + path + " failed validation (magic, version, length or CRC)";
    return result;
  }
  result.sequence = view.sequence;
  result.payload.assign(view.payload);
  return result;
}

}  // namespace kestrel::engine
