import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideLayout, layoutDdl } from './storage-manager.js';

const settings = { retention: { ticks: 1, book: 1, secondBars: 1, intradayBars: 0, hourBars: 0, dailyBars: 0 }, compressAfterDays: 0 };

describe('choosing the storage layout', () => {
  it('auto picks timescale when the extension is available, native otherwise', () => {
    assert.equal(decideLayout('auto', true, null), 'timescale');
    assert.equal(decideLayout('auto', false, null), 'native');
    assert.equal(decideLayout('native', true, null), 'native');
  });

  it('keeps the layout the database was created with', () => {
    assert.equal(decideLayout('auto', true, 'native'), 'native');
    assert.equal(decideLayout('auto', true, 'timescale'), 'timescale');
    assert.throws(() => decideLayout('timescale', true, 'native'), { code: 'MARKET_STORAGE_LAYOUT_MISMATCH' });
  });

  it('refuses timescale without the extension', () => {
    assert.throws(() => decideLayout('timescale', false, null), { code: 'MARKET_STORAGE_LAYOUT_MISMATCH' });
    assert.throws(() => decideLayout('auto', false, 'timescale'), { code: 'MARKET_STORAGE_LAYOUT_MISMATCH' });
  });

  it('applies the DDL of the chosen layout', () => {
    assert.ok(layoutDdl('native', settings).some((sql) => sql.includes('PARTITION BY RANGE (ts)')));
    assert.equal(layoutDdl('timescale', settings)[0], 'CREATE EXTENSION IF NOT EXISTS timescaledb');
  });
});
