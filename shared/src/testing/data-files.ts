// Test support: locates and reads the shared real-market-data files, which live beside the
// repository (../shared/data from the repo root, i.e. /work/shared/data) and are never copied in.
// From this file the repo root is three levels up (testing -> src -> shared -> root).
// Not exported from the package; node:fs is fine here because only tests import it.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json and shared/). */
export const REPO_ROOT = new URL('../../../', import.meta.url);

/** The OHLCV sample folder (see its PROVENANCE.md). */
export const OHLCV_DATA_DIR = new URL('../shared/data/ohlcv/', REPO_ROOT);

/** Daily GOOG bars 2004-2013 (header with an unnamed date column). */
export const GOOG_DAILY = 'GOOG.csv';

/** One-minute bars 2006-01/02, CRLF, header one column short of the rows (backtrader). */
export const MINUTE_BARS = '2006-01-02-volume-min-001.txt';

/** Reads a file of the OHLCV sample folder; fails with a clear message when it is missing. */
export function readOhlcvDataFile(name: string): string {
  const url = new URL(name, OHLCV_DATA_DIR);
  if (!existsSync(url)) {
    throw new Error(`test data ${fileURLToPath(url)} is missing: the shared data folder must sit beside the repository (../shared/data)`);
  }
  return readFileSync(url, 'utf8');
}
