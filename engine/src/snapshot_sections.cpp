// Snapshot section container codec.
#include "kestrel/engine/snapshot_sections.h"

#include "kestrel/engine/codec_bytes.h"

namespace kestrel::engine {

std::string encode_snapshot_sections(const std::vector<SnapshotSection>& sections) {
  std::string out;
  ByteWriter writer(out);
  writer.u32(static_cast<std::uint32_t>(sections.size()));
  for (const auto& [tag, bytes] : sections) {
    writer.u32(tag);
    writer.u64(bytes.size());
    writer.bytes(bytes);
  }
  return out;
}

SnapshotSections parse_snapshot_sections(std::string_view payload) {
  SnapshotSections parsed;
  ByteReader reader(payload);
  const std::uint32_t count = reader.u32();
  // Each section needs at least 12 header bytes, which bounds `count` before anything is reserved.
  if (!reader.ok() || count > reader.remaining() / 12) {
    parsed.code = ResultCode::SnapshotCorrupt;
    return parsed;
  }
  for (std::uint32_t index = 0; index < count; ++index) {
    const std::uint32_t tag = reader.u32();
    const std::uint64_t length = reader.u64();
    if (!reader.ok() || length > reader.remaining() || parsed.find(tag)) {
      parsed.code = ResultCode::SnapshotCorrupt;
      parsed.sections.clear();
      return parsed;
    }
    parsed.sections.emplace_back(tag, reader.bytes(static_cast<std::size_t>(length)));
  }
  if (reader.remaining() != 0) {
    parsed.code = ResultCode::SnapshotCorrupt;
    parsed.sections.clear();
  }
  return parsed;
}

}  // namespace kestrel::engine
