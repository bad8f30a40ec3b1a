import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PnlPoint } from '@kestrel/shared';
import { performanceOf } from './performance.js';

function point(equityMinor: number, netDepositsMinor: number): PnlPoint {
  return { at: '2026-01-01T00:00:00.000Z', cashMinor: equityMinor, marketValueMinor: 0, equityMinor, netDepositsMinor, realisedPnlMinor: 0, unrealisedPnlMinor: 0, feesMinor: 0, totalPnlMinor: equityMinor - netDepositsMinor };
}

describe('performanceOf', () => {
  it('compounds time-weighted returns and ignores deposits', () => {
    // +10 %, then a deposit of 1,000 with no gain, then −20 %, then +25 %.
    const points = [point(10_000, 10_000), point(11_000, 10_000), point(12_000, 11_000), point(9_600, 11_000), point(12_000, 11_000)];
    const report = performanceOf(points, 86_400_000, 1_000);
    assert.equal(report.periods, 4);
    assert.ok(Math.abs(report.totalReturn - (1.1 * 1 * 0.8 * 1.25 - 1)) < 1e-12);
    assert.ok(Math.abs(report.maxDrawdown - 0.2) < 1e-12);
    assert.equal(report.winRate, 0.5);
    assert.equal(report.bestPeriodReturn, 0.25);
    assert.ok(Math.abs(report.worstPeriodReturn! + 0.2) < 1e-12);
  });

  it('annualises Sharpe with calendar periods', () => {
    const returns = [0.01, -0.005, 0.02];
    const points = [point(1_000_000, 1_000_000)];
    for (const r of returns) points.push(point(Math.round(points.at(-1)!.equityMinor * (1 + r)), 1_000_000));
    const report = performanceOf(points, 86_400_000, 0);
    const actual = points.slice(1).map((p, i) => (p.equityMinor - points[i]!.equityMinor) / points[i]!.equityMinor);
    const mean = actual.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(actual.reduce((a, r) => a + (r - mean) ** 2, 0) / 2);
    assert.ok(Math.abs(report.sharpe! - (mean / sd) * Math.sqrt(365.25)) < 1e-9);
  });

  it('has no Sharpe for a flat or single-period series and skips periods from zero equity', () => {
    assert.equal(performanceOf([point(100, 100), point(100, 100), point(100, 100)], 60_000, 0).sharpe, null);
    const report = performanceOf([point(0, 0), point(100, 100), point(110, 100)], 60_000, 10);
    assert.equal(report.skippedPeriods, 1);
    assert.ok(Math.abs(report.totalReturn - 0.1) < 1e-12);
  });
});
