#!/usr/bin/env bash
# The whole test suite (the README's test command, `npm test`): starts the real test services
# (PostgreSQL, Redis, Kafka, S3) unless they already run, builds and tests the engine (ctest), lints
# and type-checks, runs every TypeScript test with node's test runner, then stops what it started.
# Set KESTREL_TEST_KEEP_SERVICES=1 to leave the services running afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
failures=()
step() { printf '\n==> %s\n' "$*"; }
run() { local name=$1; shift; step "$name"; "$@" || failures+=("$name"); }

step "test services"
started_services=0
if ! bash scripts/test-services.sh status >/dev/null 2>&1; then
  bash scripts/test-services.sh start || { echo "test services failed to start" >&2; exit 1; }
  started_services=1
fi
node_report=$(mktemp -t kestrel-node-tests.XXXXXX)
cleanup() {
  rm -f "$node_report"
  [ "$started_services" = 1 ] && [ -z "${KESTREL_TEST_KEEP_SERVICES:-}" ] && bash scripts/test-services.sh stop
}
trap cleanup EXIT
eval "$(bash scripts/test-services.sh env)"

run "engine build" bash engine/scripts/build.sh
run "engine tests (ctest)" ctest --test-dir engine/build --output-on-failure --timeout 600
run "lint" npx eslint .
run "type-check" npx tsc -b

mapfile -t test_files < <(git ls-files --cached --others --exclude-standard -- '*.test.ts' | sort)
# A second copy of the report goes to a file, so the failing tests can be repeated at the very end
# (after the fuzz and Schemathesis output) where a CI log's tail shows them.
run "TypeScript tests (node --test, ${#test_files[@]} files)" \
  node --import tsx --test --test-timeout=300000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=spec --test-reporter-destination="$node_report" "${test_files[@]}"

for extra in scripts/fuzz-smoke.sh engine/scripts/fuzz-smoke.sh scripts/schemathesis.sh; do
  [ -x "$root/$extra" ] || [ -f "$root/$extra" ] || continue
  run "$extra" bash "$extra"
done

if [ "${#failures[@]}" -gt 0 ]; then
  if grep -q 'failing tests:' "$node_report"; then
    printf '\nFailing TypeScript tests (details in the report above):\n'
    sed -n '/failing tests:/,$p' "$node_report" | grep -E '^(test at |✖ )' | grep -v 'failing tests:' | head -40
  fi
  printf '\nFAILED: %s\n' "${failures[@]}"
  exit 1
fi
printf '\nAll test stages passed.\n'
