#!/usr/bin/env bash
# Builds every libFuzzer harness (fuzz/*_fuzz.cpp) with clang, ASan and UBSan into engine/build-fuzz and
# runs each for FUZZ_SECONDS seconds (default 30). Exits non-zero if the build fails or any harness
# crashes (all harnesses still run); crash inputs are kept in build-fuzz/artifacts/<harness>/ and the corpus in
# build-fuzz/corpus/<harness>/ so later runs start from what earlier ones found. Extra libFuzzer flags
# for one harness go in fuzz/<harness>.options (one line, e.g. -max_len=4096).
# Usage: bash engine/scripts/fuzz-smoke.sh        (needs clang: apt-get install -y clang)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
if ! command -v clang++ >/dev/null; then
  echo "fuzz-smoke: clang++ not found; install it with: apt-get install -y clang" >&2
  exit 2
fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f build-fuzz/CMakeCache.txt ]; then
  cmake -S . -B build-fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DKESTREL_BUILD_FUZZ=ON -DKESTREL_BUILD_TESTS=OFF
fi
cmake --build build-fuzz --parallel "$(nproc)"

status=0
for source in fuzz/*_fuzz.cpp; do
  name="$(basename "$source" .cpp)"
  mkdir -p "build-fuzz/corpus/$name" "build-fuzz/artifacts/$name"
  extra=()
  [ -f "fuzz/$name.options" ] && read -r -a extra < "fuzz/$name.options"
  echo "fuzz-smoke: running $name for ${seconds}s ${extra[*]:-}"
  if ! "build-fuzz/$name" "${extra[@]}" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="build-fuzz/artifacts/$name/" "build-fuzz/corpus/$name"; then
    echo "fuzz-smoke: $name FAILED (inputs in build-fuzz/artifacts/$name/)" >&2
    status=1
  fi
done
exit "$status"
