// Parent/child order tracking and its serialisation. Format (little-endian): "KRPT", u8 version 1,
// u32 parent count, per parent: u64 id, u64 account, u32 symbol, u8 side, i64 quantity, i64 filled,
// i128 notional, u32 child count, per child: u64 id, u32 venue, u8 kind, i64 limit price,
// i64 quantity, i64 effective price, i64 filled, u8 done. Parents ascend by id (canonical encoding).
#include "kestrel/engine/router_parent_tracker.h"

#include <utility>

#include "kestrel/engine/codec_bytes.h"

namespace kestrel::engine {
namespace {

constexpr std::string_view kMagic = "KRPT";
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kParentMinBytes = 8 + 8 + 4 + 1 + 8 + 8 + 16 + 4;
constexpr std::size_t kChildBytes = 8 + 4 + 1 + 8 + 8 + 8 + 8 + 1;

}  // namespace

ResultCode ParentOrderTracker::open(ParentOrder parent) {
  if (parents_.count(parent.parent_id) != 0) return ResultCode::RouteDuplicateOrder;
  // Children cover at most the parent, which keeps every fill sum inside the parent's int64 quantity.
  Int128 covered = 0;
  for (const ChildOrder& child : parent.children) {
    if (child.quantity <= 0 || child.filled < 0 || child.filled > child.quantity) return ResultCode::RouteInvalidOrder;
    covered += child.quantity;
  }
  if (parent.children.empty() || parent.quantity <= 0 || covered > parent.quantity) {
    return ResultCode::RouteInvalidOrder;
  }
  for (std::size_t i = 0; i < parent.children.size(); ++i) {
    const OrderId id = parent.children[i].child_id;
    if (child_to_parent_.count(id) != 0) return ResultCode::RouteDuplicateOrder;
    for (std::size_t j = 0; j < i; ++j) {
      if (parent.children[j].child_id == id) return ResultCode::RouteDuplicateOrder;
    }
  }
  for (const ChildOrder& child : parent.children) child_to_parent_.emplace(child.child_id, parent.parent_id);
  const OrderId id = parent.parent_id;
  parents_.emplace(id, std::move(parent));
  return ResultCode::Ok;
}

ChildUpdate ParentOrderTracker::on_child_fill(OrderId child_id, Price price, Quantity quantity) {
  ChildUpdate update;
  const auto link = child_to_parent_.find(child_id);
  if (link == child_to_parent_.end()) {
    update.code = ResultCode::RouteUnknownOrder;
    return update;
  }
  const auto parent = parents_.find(link->second);
  for (ChildOrder& child : parent->second.children) {
    if (child.child_id != child_id) continue;
    if (quantity <= 0 || price <= 0 || child.done || quantity > child.quantity - child.filled) {
      update.code = ResultCode::RouteInvalidOrder;
      update.parent_id = parent->first;
      update.parent_filled = parent->second.filled;
      return update;
    }
    child.filled += quantity;
    if (child.filled == child.quantity) child.done = true;
    parent->second.filled += quantity;
    parent->second.filled_notional = sat_add(parent->second.filled_notional, Int128{price} * quantity);
    break;
  }
  return finish_if_done(parent);
}

ChildUpdate ParentOrderTracker::on_child_done(OrderId child_id) {
  ChildUpdate update;
  const auto link = child_to_parent_.find(child_id);
  if (link == child_to_parent_.end()) {
    update.code = ResultCode::RouteUnknownOrder;
    return update;
  }
  const auto parent = parents_.find(link->second);
  for (ChildOrder& child : parent->second.children) {
    if (child.child_id == child_id) child.done = true;
  }
  return finish_if_done(parent);
}

ChildUpdate ParentOrderTracker::finish_if_done(std::map<OrderId, ParentOrder>::iterator parent) {
  ChildUpdate update;
  update.parent_id = parent->first;
  update.parent_filled = parent->second.filled;
  for (const ChildOrder& child : parent->second.children) {
    if (!child.done) return update;
  }
  for (const ChildOrder& child : parent->second.children) child_to_parent_.erase(child.child_id);
  update.parent_done = true;
  update.parent = std::move(parent->second);
  parents_.erase(parent);
  return update;
}

std::vector<ChildOrder> ParentOrderTracker::open_children(OrderId parent_id) const {
  std::vector<ChildOrder> open;
  if (const ParentOrder* parent = find(parent_id)) {
    for (const ChildOrder& child : parent->children) {
      if (!child.done) open.push_back(child);
    }
  }
  return open;
}

const ParentOrder* ParentOrderTracker::find(OrderId parent_id) const {
  const auto it = parents_.find(parent_id);
  return it == parents_.end() ? nullptr : &it->second;
}

std::vector<const ParentOrder*> ParentOrderTracker::parents() const {
  std::vector<const ParentOrder*> out;
  out.reserve(parents_.size());
  for (const auto& [id, parent] : parents_) out.push_back(&parent);
  return out;
}

std::optional<OrderId> ParentOrderTracker::parent_of(OrderId child_id) const {
  const auto it = child_to_parent_.find(child_id);
  if (it == child_to_parent_.end()) return std::nullopt;
  return it->second;
}

void ParentOrderTracker::serialize(std::string& out) const {
  ByteWriter writer(out);
  writer.bytes(kMagic);
  writer.u8(kVersion);
  writer.u32(static_cast<std::uint32_t>(parents_.size()));
  for (const auto& [id, parent] : parents_) {
    writer.u64(id);
    writer.u64(parent.account);
    writer.u32(parent.symbol);
    writer.u8(static_cast<std::uint8_t>(parent.side));
    writer.i64(parent.quantity);
    writer.i64(parent.filled);
    writer.i128(parent.filled_notional);
    writer.u32(static_cast<std::uint32_t>(parent.children.size()));
    for (const ChildOrder& child : parent.children) {
      writer.u64(child.child_id);
      writer.u32(child.venue);
      writer.u8(static_cast<std::uint8_t>(child.kind));
      writer.i64(child.limit_price);
      writer.i64(child.quantity);
      writer.i64(child.effective_price);
      writer.i64(child.filled);
      writer.u8(child.done ? 1 : 0);
    }
  }
}

ResultCode ParentOrderTracker::restore(std::string_view bytes) {
  constexpr ResultCode kCorrupt = ResultCode::SnapshotCorrupt;
  ParentOrderTracker next;
  ByteReader reader(bytes);
  if (reader.bytes(kMagic.size()) != kMagic || reader.u8() != kVersion) return kCorrupt;
  const std::uint32_t parents = reader.u32();
  if (!reader.ok() || parents > reader.remaining() / kParentMinBytes) return kCorrupt;
  OrderId previous = 0;
  for (std::uint32_t p = 0; p < parents; ++p) {
    ParentOrder parent;
    parent.parent_id = reader.u64();
    parent.account = reader.u64();
    parent.symbol = reader.u32();
    const std::uint8_t side = reader.u8();
    parent.quantity = reader.i64();
    parent.filled = reader.i64();
    parent.filled_notional = reader.i128();
    const std::uint32_t children = reader.u32();
    if (!reader.ok() || side > 1 || (p > 0 && parent.parent_id <= previous) || parent.quantity <= 0 ||
        parent.filled < 0 || children == 0 || children > reader.remaining() / kChildBytes) {
      return kCorrupt;
    }
    parent.side = static_cast<Side>(side);
    previous = parent.parent_id;
    Int128 filled_sum = 0;  // 128-bit: corrupt input must not overflow the sum
    bool all_done = true;
    for (std::uint32_t c = 0; c < children; ++c) {
      ChildOrder child;
      child.child_id = reader.u64();
      child.venue = reader.u32();
      const std::uint8_t kind = reader.u8();
      child.limit_price = reader.i64();
      child.quantity = reader.i64();
      child.effective_price = reader.i64();
      child.filled = reader.i64();
      const std::uint8_t done = reader.u8();
      if (!reader.ok() || kind > 1 || done > 1 || child.quantity <= 0 || child.filled < 0 ||
          child.filled > child.quantity || (child.filled == child.quantity && done == 0)) {
        return kCorrupt;
      }
      child.kind = static_cast<ChildKind>(kind);
      child.done = done == 1;
      all_done = all_done && child.done;
      filled_sum += child.filled;
      parent.children.push_back(child);
    }
    // A parent whose children are all done would have been removed; fills must add up.
    if (all_done || filled_sum != parent.filled || parent.filled_notional < 0 ||
        next.open(std::move(parent)) != ResultCode::Ok) {
      return kCorrupt;
    }
  }
  if (reader.remaining() != 0) return kCorrupt;
  *this = std::move(next);
  return ResultCode::Ok;
}

}  // namespace kestrel::engine
