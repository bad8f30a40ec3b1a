// The shared real-market-data files used by the integration tests, read in place from
// ../shared/data beside the repository (never copied in; see their PROVENANCE.md).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DATA = new URL('../../../../../shared/data/', import.meta.url);

/** Reads a file under ../shared/data; fails clearly when the folder is missing. */
export function readSharedData(relative: string): string {
  const url = new URL(relative, DATA);
  if (!existsSync(url)) throw new Error(`test data ${fileURLToPath(url)} is missing: the shared data folder must sit beside the repository (../shared/data)`);
  return readFileSync(url, 'utf8');
}

/** The AAPL level-10 LOBSTER excerpt (first 999 rows of 2012-06-21). */
export const AAPL_MESSAGES = 'lobster/aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_message_10_first999.csv';
export const AAPL_ORDERBOOK = 'lobster/aapl_l10_first999/AAPL_2012-06-21_34200000_57600000_orderbook_10_first999.csv';
/** The AMZN level-1 LOBSTER day. */
export const AMZN_MESSAGES = 'lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv';
export const AMZN_ORDERBOOK = 'lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv';
/** Daily GOOG bars 2004-2013. */
export const GOOG_DAILY = 'ohlcv/GOOG.csv';
