# The N-API addon of the Kestrel engine. Built by engine/scripts/build.sh after CMake has produced
# the static library (engine/build/libkestrel_engine.a, compiled with -fPIC), which it links.
# Node-API version 8; C++ exceptions stay enabled in the compiler (the engine may throw
# std::bad_alloc) but node-addon-api runs without them (NAPI_DISABLE_CPP_EXCEPTIONS) and the binding
# catches everything before it reaches JavaScript.
{
  "targets": [
    {
      "target_name": "kestrel_engine",
      "sources": ["addon.cpp", "native_engine.cpp", "js_values.cpp"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "../include"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-Wall", "-Wextra"],
      "libraries": ["<(module_root_dir)/../build/libkestrel_engine.a"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17"
      }
    }
  ]
}
