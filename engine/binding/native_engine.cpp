// NativeEngine methods: argument checks, copying into engine structs, calls into the Engine, and
// conversion of results (packed records for requests, plain objects and bigints for queries).
#include "native_engine.h"

#include <cmath>
#include <new>
#include <utility>

#include "js_values.h"
#include "kestrel/engine/codec_control.h"
#include "kestrel/engine/packed_layout.h"

namespace kestrel::binding {
namespace {

using engine::ResultCode;

/** Largest batch one call accepts (the packed header counts in u32; this also bounds the output size). */
constexpr std::size_t kMaxBatch = 1u << 22;

Napi::Object limits_object(Napi::Env env, const engine::RiskLimits& limits) {
  Napi::Object object = Napi::Object::New(env);
  auto put = [&](const char* name, const std::optional<std::int64_t>& value) {
    object.Set(name, value ? big_signed(env, *value) : env.Null());
  };
  put("maxOrderQuantity", limits.max_order_quantity);
  put("maxOrderNotional", limits.max_order_notional);
  put("maxPosition", limits.max_position);
  put("maxOpenOrders", limits.max_open_orders);
  put("maxDailyLoss", limits.max_daily_loss);
  put("priceCollarBps", limits.price_collar_bps);
  return object;
}

Napi::Object order_object(Napi::Env env, const engine::OrderView& view) {
  const engine::OrderState& o = view.order;
  Napi::Object object = Napi::Object::New(env);
  object.Set("orderId", big(env, o.id));
  object.Set("account", big(env, o.account));
  object.Set("side", static_cast<double>(o.side));
  object.Set("orderType", static_cast<double>(o.type));
  object.Set("timeInForce", static_cast<double>(o.tif));
  object.Set("stp", static_cast<double>(o.stp));
  object.Set("flags", static_cast<double>(o.flags));
  object.Set("price", static_cast<double>(o.price));
  object.Set("stopPrice", static_cast<double>(o.stop_price));
  object.Set("open", static_cast<double>(o.open));
  object.Set("visible", static_cast<double>(o.visible));
  object.Set("display", static_cast<double>(o.display));
  object.Set("expireAt", big_signed(env, o.expire_at));
  object.Set("pendingStop", view.status == engine::OrderStatus::PendingStop);
  return object;
}

}  // namespace

Napi::Function NativeEngine::define(Napi::Env env) {
  return DefineClass(env, "NativeEngine",
                     {
                         InstanceMethod<&NativeEngine::open>("open"),
                         InstanceMethod<&NativeEngine::submit_batch>("submitBatch"),
                         InstanceMethod<&NativeEngine::submit_control>("submitControl"),
                         InstanceMethod<&NativeEngine::add_venue>("addVenue"),
                         InstanceMethod<&NativeEngine::remove_venue>("removeVenue"),
                         InstanceMethod<&NativeEngine::set_venue_depth>("setVenueDepth"),
                         InstanceMethod<&NativeEngine::set_venue_status>("setVenueStatus"),
                         InstanceMethod<&NativeEngine::set_venue_enabled>("setVenueEnabled"),
                         InstanceMethod<&NativeEngine::set_venue_latency>("setVenueLatency"),
                         InstanceMethod<&NativeEngine::commit>("commit"),
                         InstanceMethod<&NativeEngine::poll>("poll"),
                         InstanceMethod<&NativeEngine::snapshot>("snapshot"),
                         InstanceMethod<&NativeEngine::top_of_book>("topOfBook"),
                         InstanceMethod<&NativeEngine::depth>("depth"),
                         InstanceMethod<&NativeEngine::find_order>("findOrder"),
                         InstanceMethod<&NativeEngine::open_orders>("openOrders"),
                         InstanceMethod<&NativeEngine::state_hashes>("stateHashes"),
                         InstanceMethod<&NativeEngine::sequences>("sequences"),
                         InstanceMethod<&NativeEngine::risk_config>("riskConfig"),
                         InstanceMethod<&NativeEngine::risk_account>("riskAccount"),
                         InstanceMethod<&NativeEngine::risk_symbol>("riskSymbol"),
                         InstanceMethod<&NativeEngine::parents>("parents"),
                         InstanceMethod<&NativeEngine::close>("close"),
                         InstanceMethod<&NativeEngine::take_error>("takeError"),
                     });
}

NativeEngine::NativeEngine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeEngine>(info) {}

Napi::Value NativeEngine::fail(Napi::Env env, const std::string& code, const std::string& message) {
  error_code_ = code;
  error_message_ = message;
  return env.Undefined();
}

Napi::Value NativeEngine::fail_code(Napi::Env env, ResultCode code, const std::string& message) {
  return fail(env, std::string(engine::result_code_name(code)), message);
}

template <class Body>
Napi::Value NativeEngine::guarded(const Napi::CallbackInfo& info, bool mutates, Body body) {
  const Napi::Env env = info.Env();
  if (closed_) return fail(env, "ENGINE_CLOSED", "the engine was closed");
  if (failed_) return fail(env, "ENGINE_FAILED", "the engine stopped after an internal failure; re-open it");
  if (!engine_ && mutates) return fail(env, "ENGINE_CLOSED", "the engine is not open");
  try {
    return body(env);
  } catch (const std::bad_alloc&) {
    failed_ = failed_ || mutates;
    return fail(env, "ENGINE_OUT_OF_MEMORY", "out of memory");
  } catch (const std::exception& e) {
    failed_ = failed_ || mutates;
    return fail(env, "ENGINE_INTERNAL_ERROR", e.what());
  } catch (...) {
    failed_ = failed_ || mutates;
    return fail(env, "ENGINE_INTERNAL_ERROR", "unknown C++ exception");
  }
}

Napi::Value NativeEngine::take_error(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (error_code_.empty()) return env.Null();
  Napi::Object error = Napi::Object::New(env);
  error.Set("code", error_code_);
  error.Set("message", error_message_);
  error_code_.clear();
  error_message_.clear();
  return error;
}

Napi::Value NativeEngine::open(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (engine_) return fail(env, "ENGINE_INVALID_ARGUMENT", "the engine is already open");
    ArgumentError error;
    if (info.Length() != 1 || !info[0].IsObject()) return fail(env, "ENGINE_INVALID_ARGUMENT", "open(options)");
    const Napi::Object o = info[0].As<Napi::Object>();
    engine::EngineOptions options;
    options.data_dir = read_string(o.Get("dataDir"), "dataDir", error);
    const std::uint32_t fsync = read_u32(o.Get("fsync"), "fsync", error);
    if (fsync > static_cast<std::uint32_t>(engine::FsyncPolicy::None)) error.fail("fsync must be 0, 1 or 2");
    options.journal.fsync = static_cast<engine::FsyncPolicy>(fsync);
    options.journal.group_records = read_u32(o.Get("groupRecords"), "groupRecords", error);
    options.journal.group_delay_ns = read_i64(o.Get("groupDelayNs"), "groupDelayNs", error);
    options.journal.segment_max_bytes = read_u64(o.Get("segmentMaxBytes"), "segmentMaxBytes", error);
    options.snapshot_every = read_u64(o.Get("snapshotEvery"), "snapshotEvery", error);
    options.snapshots_kept = read_u32(o.Get("snapshotsKept"), "snapshotsKept", error);
    options.router.first_child_id = read_u64(o.Get("firstChildId"), "firstChildId", error);
    options.router.max_levels_per_venue = read_u32(o.Get("maxLevelsPerVenue"), "maxLevelsPerVenue", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    engine::EngineOpenResult opened = engine::Engine::open(std::move(options));
    if (opened.code != ResultCode::Ok) return fail_code(env, opened.code, opened.detail);
    engine_ = std::move(opened.engine);
    const engine::RecoveryReport& r = opened.recovery;
    Napi::Object report = Napi::Object::New(env);
    report.Set("fromSnapshot", r.from_snapshot);
    report.Set("snapshotSequence", big(env, r.snapshot_sequence));
    Napi::Array skipped = Napi::Array::New(env, r.skipped_snapshots.size());
    for (std::size_t i = 0; i < r.skipped_snapshots.size(); ++i) skipped.Set(i, r.skipped_snapshots[i]);
    report.Set("skippedSnapshots", skipped);
    report.Set("replayed", big(env, r.replayed));
    report.Set("tornBytes", big(env, r.torn_bytes));
    report.Set("abandonedRecords", big(env, r.abandoned_records));
    report.Set("lastSequence", big(env, r.last_sequence));
    return report;
  });
}

bool NativeEngine::acknowledge() {
  if (engine_->options().journal.fsync == engine::FsyncPolicy::None) return engine_->failure() == ResultCode::Ok;
  return engine_->commit() == ResultCode::Ok;
}

Napi::Value NativeEngine::packed_output(Napi::Env env) {
  using engine::kPackedBatchHeaderSize;
  using engine::kPackedEventSize;
  using engine::kPackedResultSize;
  const std::size_t size = kPackedBatchHeaderSize + results_.size() * kPackedResultSize + events_.size() * kPackedEventSize;
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, size);
  auto* out = static_cast<unsigned char*>(buffer.Data());
  engine::pack_batch_header(static_cast<std::uint32_t>(results_.size()), static_cast<std::uint32_t>(events_.size()),
                            engine_->durable_sequence(), out);
  out += kPackedBatchHeaderSize;
  for (const Result& r : results_) {
    engine::pack_result(r.code, r.events, r.journal_sequence, out);
    out += kPackedResultSize;
  }
  for (const engine::EngineEvent& e : events_) {
    engine::pack_event(e, out);
    out += kPackedEventSize;
  }
  return buffer;
}

Napi::Value NativeEngine::submit_batch(const Napi::CallbackInfo& info) {
  return guarded(info, true, [&](Napi::Env env) -> Napi::Value {
    ArgumentError error;
    const Napi::Uint8Array bytes = read_bytes(info[0], "commands", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const std::size_t size = bytes.ByteLength();
    if (size % engine::kPackedCommandSize != 0 || size / engine::kPackedCommandSize > kMaxBatch) {
      return fail(env, "ENGINE_INVALID_ARGUMENT", "commands must hold 1.." + std::to_string(kMaxBatch) + " records of " +
                                                      std::to_string(engine::kPackedCommandSize) + " bytes");
    }
    // Copy every record into plain structs before any engine work.
    const std::size_t count = size / engine::kPackedCommandSize;
    commands_.resize(count);
    const unsigned char* data = bytes.Data();
    for (std::size_t i = 0; i < count; ++i) {
      if (!engine::unpack_command(data + i * engine::kPackedCommandSize, commands_[i])) {
        return fail(env, "ENGINE_INVALID_ARGUMENT", "command " + std::to_string(i) + ": reserved bytes are not zero");
      }
    }
    events_.clear();
    results_.clear();
    results_.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t before = events_.size();
      const engine::SubmitResult r = engine_->submit(commands_[i], events_);
      if (engine_->failure() != ResultCode::Ok) {
        return fail_code(env, engine_->failure(),
                         engine_->failure_detail() + " (after " + std::to_string(i) +
                             " commands of the batch; none of the batch is acknowledged — re-open to recover)");
      }
      results_.push_back(Result{r.code, static_cast<std::uint32_t>(events_.size() - before), r.journal_sequence});
    }
    if (!acknowledge()) return fail_code(env, engine_->failure(), engine_->failure_detail());
    return packed_output(env);
  });
}

Napi::Value NativeEngine::submit_control(const Napi::CallbackInfo& info) {
  return guarded(info, true, [&](Napi::Env env) -> Napi::Value {
    ArgumentError error;
    const Napi::Uint8Array bytes = read_bytes(info[0], "control", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const engine::ControlDecodeResult decoded = engine::decode_control(
        std::string_view(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength()));
    if (!decoded.ok() || decoded.record.type == engine::ControlType::RouteBegin ||
        decoded.record.type == engine::ControlType::RouteChild) {
      return fail(env, "ENGINE_INVALID_ARGUMENT", "not a configuration, external fill or external done record");
    }
    const engine::ControlRecord& c = decoded.record;
    events_.clear();
    results_.clear();
    engine::SubmitResult r;
    if (c.type == engine::ControlType::ExternalFill) {
      r = engine_->external_fill(c.order_id, c.price, c.quantity, c.timestamp, events_);
    } else if (c.type == engine::ControlType::ExternalDone) {
      r = engine_->external_done(c.order_id, c.timestamp, events_);
    } else {
      r = engine_->configure(c, events_);
    }
    if (engine_->failure() != ResultCode::Ok || !acknowledge()) {
      return fail_code(env, engine_->failure(), engine_->failure_detail());
    }
    results_.push_back(Result{r.code, static_cast<std::uint32_t>(events_.size()), r.journal_sequence});
    return packed_output(env);
  });
}

Napi::Value NativeEngine::add_venue(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    if (info.Length() != 1 || !info[0].IsObject()) return fail(env, "ENGINE_INVALID_ARGUMENT", "addVenue(venue)");
    const Napi::Object o = info[0].As<Napi::Object>();
    engine::VenueConfig venue;
    venue.id = read_u32(o.Get("id"), "id", error);
    venue.name = read_string(o.Get("name"), "name", error);
    venue.fees.taker_bps = read_i64(o.Get("takerBps"), "takerBps", error);
    venue.fees.maker_bps = read_i64(o.Get("makerBps"), "makerBps", error);
    venue.fees.taker_per_lot = read_i64(o.Get("takerPerLot"), "takerPerLot", error);
    venue.fees.maker_per_lot = read_i64(o.Get("makerPerLot"), "makerPerLot", error);
    venue.latency_ns = read_i64(o.Get("latencyNs"), "latencyNs", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    return Napi::Number::New(env, static_cast<double>(engine_->add_venue(venue)));
  });
}

Napi::Value NativeEngine::remove_venue(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t id = read_u32(info[0], "venue", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    return Napi::Number::New(env, static_cast<double>(engine_->remove_venue(id)));
  });
}

Napi::Value NativeEngine::set_venue_depth(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t id = read_u32(info[0], "venue", error);
    const std::uint32_t symbol = read_u32(info[1], "symbol", error);
    const Napi::Float64Array bids = read_doubles(info[2], "bids", error);
    const Napi::Float64Array asks = read_doubles(info[3], "asks", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    std::vector<engine::VenueLevel> levels[2];
    const Napi::Float64Array* sides[2] = {&bids, &asks};
    for (int s = 0; s < 2; ++s) {
      const Napi::Float64Array& side = *sides[s];
      if (side.ElementLength() % 2 != 0) return fail(env, "ENGINE_INVALID_ARGUMENT", "levels are price, quantity pairs");
      for (std::size_t i = 0; i < side.ElementLength(); i += 2) {
        const double price = side[i];
        const double quantity = side[i + 1];
        if (!(std::trunc(price) == price && std::trunc(quantity) == quantity && std::fabs(price) <= 9007199254740991.0 &&
              std::fabs(quantity) <= 9007199254740991.0)) {
          return fail(env, "ENGINE_INVALID_ARGUMENT", "level prices and quantities must be safe integers");
        }
        levels[s].push_back(engine::VenueLevel{static_cast<engine::Price>(price), static_cast<engine::Quantity>(quantity)});
      }
    }
    return Napi::Number::New(
        env, static_cast<double>(engine_->set_venue_depth(id, symbol, std::move(levels[0]), std::move(levels[1]))));
  });
}

Napi::Value NativeEngine::set_venue_status(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t id = read_u32(info[0], "venue", error);
    const std::uint32_t symbol = read_u32(info[1], "symbol", error);
    const std::uint32_t status = read_u32(info[2], "status", error);
    if (status > static_cast<std::uint32_t>(engine::VenueStatus::UnknownSymbol)) error.fail("status must be 0, 1 or 2");
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    return Napi::Number::New(
        env, static_cast<double>(engine_->set_venue_status(id, symbol, static_cast<engine::VenueStatus>(status))));
  });
}

Napi::Value NativeEngine::set_venue_enabled(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t id = read_u32(info[0], "venue", error);
    const bool enabled = read_bool(info[1], "enabled", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    return Napi::Number::New(env, static_cast<double>(engine_->set_venue_enabled(id, enabled)));
  });
}

Napi::Value NativeEngine::set_venue_latency(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t id = read_u32(info[0], "venue", error);
    const std::int64_t latency = read_i64(info[1], "latencyNs", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    return Napi::Number::New(env, static_cast<double>(engine_->set_venue_latency(id, latency)));
  });
}

Napi::Value NativeEngine::commit(const Napi::CallbackInfo& info) {
  return guarded(info, true, [&](Napi::Env env) -> Napi::Value {
    const ResultCode code = engine_->commit();
    if (code != ResultCode::Ok) return fail_code(env, code, engine_->failure_detail());
    return big(env, engine_->durable_sequence());
  });
}

Napi::Value NativeEngine::poll(const Napi::CallbackInfo& info) {
  return guarded(info, true, [&](Napi::Env env) -> Napi::Value {
    const ResultCode code = engine_->poll();
    if (code != ResultCode::Ok) return fail_code(env, code, engine_->failure_detail());
    return big(env, engine_->durable_sequence());
  });
}

Napi::Value NativeEngine::snapshot(const Napi::CallbackInfo& info) {
  return guarded(info, true, [&](Napi::Env env) -> Napi::Value {
    const engine::EngineSnapshotResult r = engine_->snapshot();
    if (r.code != ResultCode::Ok) return fail_code(env, r.code, r.detail);
    return big(env, r.sequence);
  });
}

Napi::Value NativeEngine::top_of_book(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t symbol = read_u32(info[0], "symbol", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const engine::TopOfBook top = engine_->matching().top_of_book(symbol);
    Napi::Object object = Napi::Object::New(env);
    object.Set("bidPrice", top.has_bid ? Napi::Value(Napi::Number::New(env, static_cast<double>(top.bid_price))) : env.Null());
    object.Set("bidQuantity", top.has_bid ? big_signed(env, top.bid_quantity) : env.Null());
    object.Set("askPrice", top.has_ask ? Napi::Value(Napi::Number::New(env, static_cast<double>(top.ask_price))) : env.Null());
    object.Set("askQuantity", top.has_ask ? big_signed(env, top.ask_quantity) : env.Null());
    object.Set("halted", engine_->matching().halted(symbol));
    return object;
  });
}

Napi::Value NativeEngine::depth(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t symbol = read_u32(info[0], "symbol", error);
    const std::uint32_t side = read_u32(info[1], "side", error);
    const std::uint32_t levels = read_u32(info[2], "levels", error);
    if (side > 1) error.fail("side must be 0 (buy) or 1 (sell)");
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const std::vector<engine::LevelView> view =
        engine_->matching().depth(symbol, static_cast<engine::Side>(side), levels);
    // [price, quantity, order count] per level; quantities are sums of orders, so int64 (BigInt64Array).
    Napi::BigInt64Array out = Napi::BigInt64Array::New(env, view.size() * 3);
    for (std::size_t i = 0; i < view.size(); ++i) {
      out[3 * i] = view[i].price;
      out[3 * i + 1] = view[i].quantity;
      out[3 * i + 2] = view[i].order_count;
    }
    return out;
  });
}

Napi::Value NativeEngine::find_order(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t symbol = read_u32(info[0], "symbol", error);
    const std::uint64_t id = read_u64(info[1], "orderId", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const auto view = engine_->matching().find_order(symbol, id);
    if (!view) return env.Null();
    return order_object(env, *view);
  });
}

Napi::Value NativeEngine::open_orders(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t symbol = read_u32(info[0], "symbol", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const std::vector<engine::OrderView> orders = engine_->matching().open_orders(symbol);
    Napi::Array out = Napi::Array::New(env, orders.size());
    for (std::size_t i = 0; i < orders.size(); ++i) out.Set(i, order_object(env, orders[i]));
    return out;
  });
}

Napi::Value NativeEngine::state_hashes(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    const engine::EngineStateHashes h = engine_->state_hashes();
    Napi::Object object = Napi::Object::New(env);
    object.Set("matching", big(env, h.matching));
    object.Set("risk", big(env, h.risk));
    object.Set("router", big(env, h.router));
    object.Set("combined", big(env, h.combined));
    return object;
  });
}

Napi::Value NativeEngine::sequences(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    Napi::Object object = Napi::Object::New(env);
    object.Set("last", big(env, engine_->last_sequence()));
    object.Set("durable", big(env, engine_->durable_sequence()));
    object.Set("snapshot", big(env, engine_->snapshot_sequence()));
    object.Set("snapshotFailures", big(env, engine_->snapshot_failures()));
    object.Set("durableMode", engine_->durable());
    return object;
  });
}

Napi::Value NativeEngine::risk_config(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint64_t account = read_u64(info[0], "account", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const engine::RiskManager& risk = engine_->risk();
    Napi::Object object = Napi::Object::New(env);
    object.Set("defaults", limits_object(env, risk.default_limits()));
    object.Set("global", limits_object(env, risk.global_limits()));
    object.Set("effective", limits_object(env, risk.effective_limits(account)));
    object.Set("killSwitch", static_cast<double>(risk.kill_switch(account)));
    object.Set("globalKillSwitch", static_cast<double>(risk.global_kill_switch()));
    return object;
  });
}

Napi::Value NativeEngine::risk_account(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint64_t account = read_u64(info[0], "account", error);
    const std::uint32_t symbol = read_u32(info[1], "symbol", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const engine::RiskManager& risk = engine_->risk();
    Napi::Object object = Napi::Object::New(env);
    object.Set("position", big_signed(env, risk.position(account, symbol)));
    object.Set("openOrders", static_cast<double>(risk.open_order_count(account)));
    object.Set("realizedPnl", big_signed(env, risk.realized_pnl(account)));
    object.Set("dailyPnl", big_signed(env, risk.daily_pnl(account)));
    return object;
  });
}

Napi::Value NativeEngine::risk_symbol(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    ArgumentError error;
    const std::uint32_t symbol = read_u32(info[0], "symbol", error);
    const std::int64_t now = read_i64(info[1], "now", error);
    if (error.failed) return fail(env, "ENGINE_INVALID_ARGUMENT", error.message);
    const engine::RiskManager& risk = engine_->risk();
    const auto reference = risk.reference_price(symbol);
    const auto halted = risk.halted_until(symbol, now);
    Napi::Object object = Napi::Object::New(env);
    object.Set("referencePrice", reference ? Napi::Value(Napi::Number::New(env, static_cast<double>(*reference))) : env.Null());
    object.Set("haltedUntil", halted ? big_signed(env, *halted) : env.Null());
    return object;
  });
}

Napi::Value NativeEngine::parents(const Napi::CallbackInfo& info) {
  return guarded(info, false, [&](Napi::Env env) -> Napi::Value {
    if (!engine_) return fail(env, "ENGINE_CLOSED", "the engine is not open");
    const std::vector<const engine::ParentOrder*> list = engine_->router().tracker().parents();
    Napi::Array out = Napi::Array::New(env, list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const engine::ParentOrder& p = *list[i];
      Napi::Object parent = Napi::Object::New(env);
      parent.Set("parentId", big(env, p.parent_id));
      parent.Set("account", big(env, p.account));
      parent.Set("symbol", static_cast<double>(p.symbol));
      parent.Set("side", static_cast<double>(p.side));
      parent.Set("quantity", static_cast<double>(p.quantity));
      parent.Set("filled", static_cast<double>(p.filled));
      parent.Set("filledNotional", big_signed(env, engine::saturate_to_i64(p.filled_notional)));
      Napi::Array children = Napi::Array::New(env, p.children.size());
      for (std::size_t j = 0; j < p.children.size(); ++j) {
        const engine::ChildOrder& c = p.children[j];
        Napi::Object child = Napi::Object::New(env);
        child.Set("childId", big(env, c.child_id));
        child.Set("venue", static_cast<double>(c.venue));
        child.Set("kind", static_cast<double>(c.kind));
        child.Set("limitPrice", static_cast<double>(c.limit_price));
        child.Set("quantity", static_cast<double>(c.quantity));
        child.Set("filled", static_cast<double>(c.filled));
        child.Set("done", c.done);
        children.Set(j, child);
      }
      parent.Set("children", children);
      out.Set(i, parent);
    }
    return out;
  });
}

Napi::Value NativeEngine::close(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (closed_) return Napi::Boolean::New(env, true);
  try {
    if (engine_ && !failed_) engine_->commit();  // best effort: the destructor syncs too
  } catch (...) {
    // Closing must always succeed; the journal is synced again by the destructor.
  }
  engine_.reset();
  closed_ = true;
  return Napi::Boolean::New(env, true);
}

}  // namespace kestrel::binding
