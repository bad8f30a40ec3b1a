// NativeEngine: one kestrel::engine::Engine behind a JavaScript object (Napi::ObjectWrap). The
// TypeScript facade (engine/lib) is its only intended caller; it validates arguments first, and this
// class checks them again, copies them into plain structs before doing any work, and never lets a C++
// exception cross into JavaScript.
// Error convention: a method that fails returns `undefined` and leaves {code, message} for
// takeError(); the facade turns it into an EngineError. Codes are the engine's result-code names for
// durability failures (JOURNAL_WRITE_FAILED, JOURNAL_CORRUPT, ...) and ENGINE_INVALID_ARGUMENT,
// ENGINE_CLOSED, ENGINE_FAILED, ENGINE_OUT_OF_MEMORY, ENGINE_INTERNAL_ERROR for the binding's own.
// Business outcomes (rejections, fills, cancels) are never errors: they come back as packed events.
// After a C++ exception during a request (memory exhaustion) the engine's state is unknown, so the
// object refuses further requests with ENGINE_FAILED; re-open the data directory to recover.
// Threads: an instance belongs to the JavaScript thread (main or worker) that created it.
#pragma once

#include <napi.h>

#include <memory>
#include <string>
#include <vector>

#include "kestrel/engine/engine.h"

namespace kestrel::binding {

/** The JavaScript class `NativeEngine`. */
class NativeEngine : public Napi::ObjectWrap<NativeEngine> {
 public:
  /** Defines the class for one environment (each worker thread gets its own constructor). */
  static Napi::Function define(Napi::Env env);

  explicit NativeEngine(const Napi::CallbackInfo& info);

 private:
  Napi::Value open(const Napi::CallbackInfo& info);
  Napi::Value submit_batch(const Napi::CallbackInfo& info);
  Napi::Value submit_control(const Napi::CallbackInfo& info);
  Napi::Value add_venue(const Napi::CallbackInfo& info);
  Napi::Value remove_venue(const Napi::CallbackInfo& info);
  Napi::Value set_venue_depth(const Napi::CallbackInfo& info);
  Napi::Value set_venue_status(const Napi::CallbackInfo& info);
  Napi::Value set_venue_enabled(const Napi::CallbackInfo& info);
  Napi::Value set_venue_latency(const Napi::CallbackInfo& info);
  Napi::Value commit(const Napi::CallbackInfo& info);
  Napi::Value poll(const Napi::CallbackInfo& info);
  Napi::Value snapshot(const Napi::CallbackInfo& info);
  Napi::Value top_of_book(const Napi::CallbackInfo& info);
  Napi::Value depth(const Napi::CallbackInfo& info);
  Napi::Value find_order(const Napi::CallbackInfo& info);
  Napi::Value open_orders(const Napi::CallbackInfo& info);
  Napi::Value state_hashes(const Napi::CallbackInfo& info);
  Napi::Value sequences(const Napi::CallbackInfo& info);
  Napi::Value risk_config(const Napi::CallbackInfo& info);
  Napi::Value risk_account(const Napi::CallbackInfo& info);
  Napi::Value risk_symbol(const Napi::CallbackInfo& info);
  Napi::Value parents(const Napi::CallbackInfo& info);
  Napi::Value close(const Napi::CallbackInfo& info);
  Napi::Value take_error(const Napi::CallbackInfo& info);

  // Runs `body` with C++ exceptions caught and turned into error codes; `mutates` marks requests
  // after whose failure the engine state can no longer be trusted.
  template <class Body>
  Napi::Value guarded(const Napi::CallbackInfo& info, bool mutates, Body body);
  Napi::Value fail(Napi::Env env, const std::string& code, const std::string& message);
  Napi::Value fail_code(Napi::Env env, engine::ResultCode code, const std::string& message);
  // Packs the results and events of the last request(s) into a new ArrayBuffer (packed_layout.h).
  Napi::Value packed_output(Napi::Env env);
  // Applies the journal's durability point for a finished request or batch.
  bool acknowledge();

  std::unique_ptr<engine::Engine> engine_;
  bool failed_ = false;
  bool closed_ = false;
  std::string error_code_;
  std::string error_message_;
  std::vector<engine::Command> commands_;
  std::vector<engine::EngineEvent> events_;
  struct Result {
    engine::ResultCode code;
    std::uint32_t events;
    engine::Sequence journal_sequence;
  };
  std::vector<Result> results_;
};

}  // namespace kestrel::binding
