// Runs a small grid search on worker threads and prints the JSON of its trials, so a test can
// launch it through different loaders (node --import tsx, the tsx CLI) and compare with serial.
import { readFileSync } from 'node:fs';
import { readOhlcvCsv } from '@kestrel/shared';
import { barSeries, optimise } from '../../src/index.js';

const workers = Number(process.argv[2] ?? '2');
const GOOG = barSeries('GOOG', readOhlcvCsv(readFileSync(new URL('../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8')).bars);
const result = await optimise(
  {
    strategy: { builtin: 'sma-cross' },
    series: [GOOG],
    config: { initialCashMinor: 1_000_000, moneyDecimals: 2 },
    space: { fast: { values: [5, 10] }, slow: { values: [30, 60] } },
    fixed: { size: 10 },
    method: 'grid',
  },
  { workers },
);
process.stdout.write(`${JSON.stringify(result.trials.map((trial) => [trial.params, trial.finalValueMinor]))}\n`);
