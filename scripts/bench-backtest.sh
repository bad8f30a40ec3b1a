#!/usr/bin/env bash
# Backtest benchmark (docs/benchmarks.md, "Backtesting"): Kestrel's sma-cross throughput on a large
# synthetic series and on GOOG repeated, side by side with backtesting.py (PyPI `backtesting`) on
# the same bars and strategy semantics, checking both give the same trades and final value.
# The Python baseline lives in a virtualenv under ${KESTREL_CACHE_DIR:-$HOME/.cache/kestrel}
# (created on first use; needs python3 with venv and PyPI access). Extra arguments go to the
# bench (e.g. --synthetic 1000000 --repeat 100). Set KESTREL_BENCH_NO_PYTHON=1 to skip the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."

backtesting_version=0.6.6
venv="${KESTREL_CACHE_DIR:-$HOME/.cache/kestrel}/bench-backtesting-py-$backtesting_version"
python_args=()
if [ -z "${KESTREL_BENCH_NO_PYTHON:-}" ]; then
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import backtesting' >/dev/null 2>&1; then
    echo "setting up backtesting.py $backtesting_version in $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "backtesting==$backtesting_version"
  fi
  python_args=(--python "$venv/bin/python")
fi
exec node --import tsx server/strategy/src/domain/backtest/backtest.bench.ts "${python_args[@]}" "$@"
