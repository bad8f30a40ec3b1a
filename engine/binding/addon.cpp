// The kestrel_engine addon: per-environment instance data (Napi::Addon), so it loads in any number of
// worker threads, each with its own NativeEngine class; nothing is shared between threads. Exports
// the NativeEngine class and the packed-record sizes the TypeScript facade checks against its own.
#include <napi.h>

#include "kestrel/engine/codec_command.h"
#include "kestrel/engine/packed_layout.h"
#include "native_engine.h"

namespace kestrel::binding {

/** Module instance: one per environment (main thread or worker). */
class KestrelAddon : public Napi::Addon<KestrelAddon> {
 public:
  KestrelAddon(Napi::Env env, Napi::Object exports) {
    Napi::Object layout = Napi::Object::New(env);
    layout.Set("command", static_cast<double>(engine::kPackedCommandSize));
    layout.Set("event", static_cast<double>(engine::kPackedEventSize));
    layout.Set("result", static_cast<double>(engine::kPackedResultSize));
    layout.Set("header", static_cast<double>(engine::kPackedBatchHeaderSize));
    layout.Set("control", static_cast<double>(engine::kCommandEncodedSize));
    DefineAddon(exports, {
                             InstanceValue("NativeEngine", NativeEngine::define(env), napi_enumerable),
                             InstanceValue("layout", layout, napi_enumerable),
                             InstanceValue("napiVersion", Napi::Number::New(env, NAPI_VERSION), napi_enumerable),
                         });
  }
};

}  // namespace kestrel::binding

// The registration macro pastes the class name into an identifier, so it needs an unqualified name.
using kestrel::binding::KestrelAddon;
NODE_API_ADDON(KestrelAddon)
