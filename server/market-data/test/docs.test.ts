// The market-data docs name every code the service can answer with: each MARKET_* code with its
// status in docs/errors.md, each import data code in docs/market-data.md, and nothing stale.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MARKET_DATA_ERROR_CODES } from '@kestrel/shared';
import { IMPORT_FORMAT_CODES } from '../src/domain/import-format-error.js';
import { MarketDataErrors } from '../src/errors.js';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const marketDoc = readFileSync(new URL('../../../docs/market-data.md', import.meta.url), 'utf8');

describe('market-data docs', () => {
  it('lists every MARKET_* code with its status in docs/errors.md, and no other', () => {
    const documented = new Map([...errorsDoc.matchAll(/^\| `(MARKET_[A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
    const defined = new Map(Object.values(MarketDataErrors).map((spec) => [spec.code, spec.status]));
    assert.deepEqual([...documented].sort(), [...defined].sort());
  });

  it('lists every import data code in docs/market-data.md', () => {
    for (const code of [...Object.keys(IMPORT_FORMAT_CODES), ...Object.keys(MARKET_DATA_ERROR_CODES).filter((c) => c !== 'DATA_NOT_SORTED')]) {
      assert.ok(marketDoc.includes(`\`${code}\``), `${code} is not in docs/market-data.md`);
    }
    const table = [...marketDoc.matchAll(/^\| `((?:LOBSTER|IMPORT)_[A-Z_]+)` \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]);
    assert.deepEqual(Object.fromEntries(table), IMPORT_FORMAT_CODES);
  });
});
