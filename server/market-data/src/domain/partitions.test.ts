import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiredPartitions, parsePartitionName, partitionFor, partitionName, partitionsAhead, partitionsCovering } from './partitions.js';
import { BAR_TABLES, TRADES } from './series-tables.js';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('native partitions', () => {
  it('names a partition by its start and tiles UTC days, months and years', () => {
    assert.deepEqual(partitionFor(TRADES, day(2024, 2, 29) + 5), { name: 'md_trades_p20240229', startMs: day(2024, 2, 29), endMs: day(2024, 3, 1) });
    assert.deepEqual(partitionFor(BAR_TABLES['1m'], day(2024, 12, 31)), { name: 'md_bars_1m_p202412', startMs: day(2024, 12, 1), endMs: day(2025, 1, 1) });
    assert.deepEqual(partitionFor(BAR_TABLES['1d'], day(2012, 6, 21)), { name: 'md_bars_1d_p2012', startMs: day(2012, 1, 1), endMs: day(2013, 1, 1) });
  });

  it('covers a range with consecutive partitions, boundaries included', () => {
    const names = partitionsCovering(TRADES, day(2024, 2, 28), day(2024, 3, 1)).map((p) => p.name);
    assert.deepEqual(names, ['md_trades_p20240228', 'md_trades_p20240229', 'md_trades_p20240301']);
    const ranges = partitionsCovering(TRADES, day(2024, 2, 28), day(2024, 3, 1));
    for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i]!.startMs, ranges[i - 1]!.endMs);
  });

  it('plans the current partition plus `ahead` more', () => {
    assert.deepEqual(
      partitionsAhead(BAR_TABLES['5m'], day(2024, 11, 15), 2).map((p) => p.name),
      ['md_bars_5m_p202411', 'md_bars_5m_p202412', 'md_bars_5m_p202501'],
    );
  });

  it('expires only partitions whose whole range is older than the retention, never with retention 0', () => {
    const existing = partitionsCovering(TRADES, day(2024, 1, 1), day(2024, 1, 10));
    const now = day(2024, 1, 10) + 12 * 3_600_000;
    assert.deepEqual(
      expiredPartitions(existing, now, 7).map((p) => p.name),
      ['md_trades_p20240101', 'md_trades_p20240102'],
      'the partition ending exactly at the cutoff (Jan 3 12:00 is inside Jan 3) is kept',
    );
    assert.deepEqual(expiredPartitions(existing, now, 0), []);
  });

  it('parses its own names back and nothing else', () => {
    const range = partitionFor(TRADES, day(2031, 7, 4));
    assert.deepEqual(parsePartitionName(TRADES, range.name), range);
    assert.equal(parsePartitionName(TRADES, 'md_trades_p2024'), null);
    assert.equal(parsePartitionName(TRADES, 'md_trades_p20240231'), null);
    assert.equal(parsePartitionName(TRADES, 'md_quotes_p20240101'), null);
    assert.equal(partitionName(BAR_TABLES['1h'], day(2030, 5, 5)), 'md_bars_1h_p2030');
  });
});
