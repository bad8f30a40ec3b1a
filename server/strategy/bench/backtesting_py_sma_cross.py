"""The baseline of backtest.bench.ts: the same sma-cross strategy in backtesting.py (PyPI
`backtesting`), timed around Backtest.run() only (CSV loading excluded), best of N runs.

Semantics are made identical to Kestrel's sma-cross so trades and final value can be compared:
- the SMA comparison is exact: sign(sum_fast * slow - sum_slow * fast) on integer cents (numpy
  int64 rolling sums), so equal means are equal (pandas' rolling mean could give 1e-14 noise);
- a cross is a change from the last non-zero sign, and the sign at the bar before backtesting.py's
  first next() call (it skips the indicators' warm-up) seeds that last sign;
- market orders fill at the next bar's open (trade_on_close=False), no commission, no spread,
  open trades are not closed at the end (finalize_trades=False): value = cash + position x close.
Usage: python backtesting_py_sma_cross.py <csv> <fast> <slow> <size> <cash> <repeats>
Prints one JSON object: bars, seconds (best), finalValue, trades.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from backtesting import Backtest, Strategy

warnings.filterwarnings("ignore")


def sma_sign(close, fast, slow):
    """Sign of (SMA_fast - SMA_slow) per bar, exact on integer cents; NaN during the warm-up."""
    cents = np.rint(np.asarray(close) * 100).astype(np.int64)
    csum = np.concatenate(([0], np.cumsum(cents)))
    n = len(cents)
    out = np.full(n, np.nan)
    start = max(fast, slow) - 1
    idx = np.arange(start, n)
    fast_sum = csum[idx + 1] - csum[idx + 1 - fast]
    slow_sum = csum[idx + 1] - csum[idx + 1 - slow]
    out[start:] = np.sign(fast_sum * slow - slow_sum * fast)
    return out


class SmaCross(Strategy):
    fast = 10
    slow = 30
    size = 10

    def init(self):
        self.sign = self.I(sma_sign, self.data.Close, self.fast, self.slow, name="sign")
        self.last = 0
        self.first = True

    def next(self):
        if self.first:
            self.first = False
            before = self.sign[-2]
            if before == before and before != 0:
                self.last = int(before)
        sign = self.sign[-1]
        if sign != sign or sign == 0:
            return
        previous, self.last = self.last, int(sign)
        if previous == 0 or previous == sign:
            return
        if sign > 0 and not self.position:
            self.buy(size=self.size)
        elif sign < 0 and self.position.is_long:
            self.position.close()


def main():
    path, fast, slow, size, cash, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
    data = pd.read_csv(path, index_col=0, parse_dates=True)
    best = float("inf")
    stats = None
    for _ in range(repeats):
        bt = Backtest(data, SmaCross, cash=cash, commission=0, trade_on_close=False, finalize_trades=False)
        started = time.perf_counter()
        stats = bt.run(fast=fast, slow=slow, size=size)
        best = min(best, time.perf_counter() - started)
    print(json.dumps({"bars": len(data), "seconds": best, "finalValue": float(stats["Equity Final [$]"]), "trades": int(stats["# Trades"])}))


if __name__ == "__main__":
    main()
