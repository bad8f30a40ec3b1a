#!/usr/bin/env bash
# Builds the engine: the C++ library, CLI, benchmarks and tests with CMake (Release) into engine/build,
# then the N-API addon with node-gyp into engine/binding/build/Release/kestrel_engine.node (it links
# the static library). node-gyp gets the local Node headers through --nodedir (no download: CI has
# no internet); override with npm_config_nodedir. node-gyp always runs in engine/binding, whose
# build/ directory is its own — never in engine/, where `node-gyp clean` would delete CMake's build/.
# Usage: bash engine/scripts/build.sh   (idempotent; incremental after the first run)
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build --parallel "$(nproc)"

nodedir=${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}
node_gyp=$(node -p "require.resolve('node-gyp/bin/node-gyp.js')")
addon=binding/build/Release/kestrel_engine.node
if [ ! -f binding/build/Makefile ]; then
  node "$node_gyp" configure --directory=binding --nodedir="$nodedir" --loglevel=warn
fi
# The library is a link input node-gyp does not track: relink when it changed.
if [ -f "$addon" ] && [ build/libkestrel_engine.a -nt "$addon" ]; then
  rm -f "$addon" binding/build/Release/obj.target/kestrel_engine.node
fi
node "$node_gyp" build --directory=binding --nodedir="$nodedir" --jobs="$(nproc)" --loglevel=warn
