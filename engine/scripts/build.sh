#!/usr/bin/env bash
# Builds the engine: the C++ library, CLI, benchmarks and tests with CMake (Release) into engine/build.
# Usage: bash engine/scripts/build.sh   (idempotent; incremental after the first run)
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build --parallel "$(nproc)"
