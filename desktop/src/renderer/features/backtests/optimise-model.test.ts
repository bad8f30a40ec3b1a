import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combinedOf, curveChartOf, optimisationRequestOf, outOfSamplePointsOf, spaceFromDeclarations, spaceOf, STORED_PREFIX, trialRowsOf, windowRowsOf, type OptimiseForm } from './optimise-model.js';

const FORM: OptimiseForm = {
  mode: 'optimise',
  strategy: 'sma-cross',
  symbol: ' goog ',
  interval: '1d',
  from: '2005-01-01',
  to: '2013-01-01',
  cash: '10000',
  space: 'fast=5:20:5\n\nslow = 30, 50',
  method: 'grid',
  samples: '',
  objective: 'sharpe',
  inSampleBars: '500',
  outOfSampleBars: '250',
};

describe('optimise model: form to request', () => {
  it('parses ranges, steps and lists (numbers, booleans, text)', () => {
    assert.deepEqual(spaceOf('fast=5:20:5\nslow=30,50\nshort=true,false\nratio=0.5:1.5\nmode=a,b'), {
      fast: { min: 5, max: 20, step: 5 },
      slow: { values: [30, 50] },
      short: { values: [true, false] },
      ratio: { min: 0.5, max: 1.5 },
      mode: { values: ['a', 'b'] },
    });
  });

  it('refuses a bad space with the reason', () => {
    assert.equal(spaceOf(''), 'the parameter space is empty');
    assert.match(String(spaceOf('fast')), /not name=/);
    assert.match(String(spaceOf('9x=1:2')), /not name=/);
    assert.match(String(spaceOf('fast=20:5')), /min 20 is above max 5/);
    assert.match(String(spaceOf('fast=1:5:0')), /step must be above 0/);
    assert.match(String(spaceOf('fast=1:x')), /min:max/);
    assert.match(String(spaceOf('fast=1:2:3:4')), /min:max/);
    assert.match(String(spaceOf('fast=1,2\nfast=3')), /twice/);
    assert.match(String(spaceOf('fast= , ')), /no values/);
  });

  it('builds an optimisation body without walk-forward or samples', () => {
    const outcome = optimisationRequestOf(FORM);
    assert.deepEqual(outcome, {
      ok: true,
      body: {
        strategy: { builtin: 'sma-cross' },
        data: { source: 'history', symbol: 'GOOG', interval: '1d', from: '2005-01-01T00:00:00.000Z', to: '2013-01-01T00:00:00.000Z' },
        cash: '10000',
        space: { fast: { min: 5, max: 20, step: 5 }, slow: { values: [30, 50] } },
        method: 'grid',
        objective: 'sharpe',
      },
    });
  });

  it('adds samples for random search and the windows for walk-forward', () => {
    const outcome = optimisationRequestOf({ ...FORM, mode: 'walk-forward', method: 'random', samples: '12' });
    assert.ok(outcome.ok);
    assert.equal(outcome.body.samples, 12);
    assert.deepEqual(outcome.body.walkForward, { inSampleBars: 500, outOfSampleBars: 250 });
  });

  it('names a stored strategy by id', () => {
    const outcome = optimisationRequestOf({ ...FORM, strategy: `${STORED_PREFIX}0b6f1c1e-2f43-4a4e-9d5c-6b1f9d1a2b3c` });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.body.strategy, { strategyId: '0b6f1c1e-2f43-4a4e-9d5c-6b1f9d1a2b3c' });
  });

  it('prefills the space from the declarations with the version\'s own defaults first', () => {
    const version = {
      paramSpecs: { fast: { type: 'integer', default: 10, min: 1 }, slow: { type: 'integer', default: 30 }, short: { type: 'boolean', default: false }, label: { type: 'string', default: 'x' }, ratio: { type: 'number' } },
      params: { slow: 50 },
    };
    assert.equal(spaceFromDeclarations(version), 'fast=10\nslow=50\nshort=false,true');
    assert.deepEqual(spaceOf(spaceFromDeclarations(version)), { fast: { values: [10] }, slow: { values: [50] }, short: { values: [false, true] } });
  });

  it('refuses what the service would refuse, naming the field', () => {
    const error = (change: Partial<OptimiseForm>) => {
      const outcome = optimisationRequestOf({ ...FORM, ...change });
      return outcome.ok ? 'accepted' : outcome.error;
    };
    assert.match(error({ symbol: '  ' }), /symbol/);
    assert.match(error({ from: '2013-01-01', to: '2005-01-01' }), /before/);
    assert.match(error({ to: 'soon' }), /dates/);
    assert.match(error({ cash: '0' }), /cash/);
    assert.match(error({ cash: '-5' }), /cash/);
    assert.match(error({ objective: 'luck' }), /objective/);
    assert.match(error({ space: 'fast=9:1' }), /above max/);
    assert.match(error({ method: 'random', samples: '0' }), /samples/);
    assert.match(error({ method: 'random', samples: '2.5' }), /samples/);
    assert.match(error({ mode: 'walk-forward', inSampleBars: '1' }), /in-sample/);
    assert.match(error({ mode: 'walk-forward', outOfSampleBars: '' }), /out-of-sample/);
    assert.equal(error({ inSampleBars: '1' }), 'accepted', 'the windows only matter for walk-forward');
  });
});

describe('optimise model: result to rows', () => {
  it('ranks the top trials with the objective read from their statistics', () => {
    const rows = trialRowsOf({
      objective: 'sharpe',
      top: [
        { index: 3, params: { fast: 10, slow: 50, size: 1 }, finalValue: 10500.25, statistics: { sharpe: 1.4, totalReturn: 0.05, maxDrawdown: 0.1, closedTrades: 7 }, fills: 14, error: null },
        { index: 0, params: { fast: 5, slow: 30 }, finalValue: null, statistics: null, fills: 0, error: { code: 'BACKTEST_INVALID_PARAMS', message: 'fast must be below slow' } },
      ],
    });
    assert.deepEqual(rows, [
      { id: 'trial-3', rank: 1, params: 'fast 10, slow 50, size 1', objective: 1.4, finalValue: 10500.25, totalReturn: 0.05, sharpe: 1.4, maxDrawdown: 0.1, trades: 7, error: null },
      { id: 'trial-0', rank: 2, params: 'fast 5, slow 30', objective: null, finalValue: null, totalReturn: null, sharpe: null, maxDrawdown: null, trades: null, error: 'fast must be below slow' },
    ]);
    assert.deepEqual(trialRowsOf({}), []);
  });

  const result = {
    objective: 'finalValue',
    windows: [
      { index: 0, inSample: { from: '2005-01-03T00:00:00.000Z', to: '2006-12-29T00:00:00.000Z' }, outOfSample: { from: '2007-01-03T00:00:00.000Z', to: '2007-12-31T00:00:00.000Z' }, best: { params: { fast: 5, slow: 50 } }, inSampleObjective: 11000, outOfSampleObjective: 10400, startValue: 10000, endValue: 10400 },
      { index: 1, inSample: { from: '2006-01-03T00:00:00.000Z', to: '2007-12-31T00:00:00.000Z' }, outOfSample: { from: '2008-01-02T00:00:00.000Z', to: '2008-12-31T00:00:00.000Z' }, best: { params: { fast: 10, slow: 30 } }, inSampleObjective: null, outOfSampleObjective: 9900, startValue: 10400, endValue: 9900 },
    ],
    combined: { finalValue: 9900, trades: 12, statistics: { totalReturn: -0.01, sharpe: null, maxDrawdown: 0.2 } },
  };

  it('lists the walk-forward windows with their periods, chosen parameters and values', () => {
    const rows = windowRowsOf(result);
    assert.deepEqual(
      rows.map((row) => [row.index, row.outOfSampleFrom.slice(0, 10), row.params, row.inSampleObjective, row.outOfSampleObjective, row.startValue, row.endValue]),
      [
        [0, '2007-01-03', 'fast 5, slow 50', 11000, 10400, 10000, 10400],
        [1, '2008-01-02', 'fast 10, slow 30', null, 9900, 10400, 9900],
      ],
    );
    assert.equal(rows[0]!.inSampleTo, '2006-12-29T00:00:00.000Z');
    assert.deepEqual(combinedOf(result), { finalValue: 9900, trades: 12, totalReturn: -0.01, sharpe: null, maxDrawdown: 0.2 });
  });

  it('chains the out-of-sample values into increasing chart points, skipping unreadable ones', () => {
    const rows = windowRowsOf(result);
    assert.deepEqual(outOfSamplePointsOf(rows), [
      { time: Date.UTC(2007, 0, 3) / 1000, value: 10000 },
      { time: Date.UTC(2007, 11, 31) / 1000, value: 10400 },
      { time: Date.UTC(2008, 0, 2) / 1000, value: 10400 },
      { time: Date.UTC(2008, 11, 31) / 1000, value: 9900 },
    ]);
    assert.deepEqual(outOfSamplePointsOf([{ ...rows[1]!, outOfSampleTo: 'later' }, rows[0]!]), [{ time: Date.UTC(2008, 0, 2) / 1000, value: 10400 }]);
  });

  it('draws the stored curve per bar with its drawdown below zero and a mark at each window start', () => {
    const day = (d: number) => Date.UTC(2008, 0, d);
    const drawdowns = [0, 0, 0.05, 1 - 9800 / 10100, 0];
    const chart = curveChartOf({
      timesMs: [day(2), day(3), day(4), day(7), day(8)],
      values: [10000, 10100, 9595, 9800, 10200],
      drawdowns,
      windows: [
        { index: 0, firstPoint: 0, lastPoint: 2, from: new Date(day(2)).toISOString(), to: new Date(day(4)).toISOString() },
        { index: 1, firstPoint: 3, lastPoint: 4, from: new Date(day(7)).toISOString(), to: new Date(day(8)).toISOString() },
      ],
    });
    assert.deepEqual(chart.equity.map((point) => point.value), [10000, 10100, 9595, 9800, 10200]);
    assert.deepEqual(chart.equity.map((point) => point.time), [2, 3, 4, 7, 8].map((d) => day(d) / 1000));
    assert.deepEqual(chart.drawdown.map((point) => point.value), drawdowns.map((down) => -down * 100));
    assert.ok(chart.drawdown.every((point) => point.value <= 0));
    assert.deepEqual(chart.marks, [
      { time: day(2) / 1000, label: 'W1' },
      { time: day(7) / 1000, label: 'W2' },
    ]);
  });

  it('keeps the curve strictly increasing when overlapping windows repeat times', () => {
    const chart = curveChartOf({
      timesMs: [1_000_000, 2_000_000, 3_000_000, 2_000_000, 3_000_000, 4_000_000],
      values: [1, 2, 3, 20, 30, 40],
      drawdowns: [0, 0, 0, 0, 0, 0],
      windows: [
        { index: 0, firstPoint: 0, lastPoint: 2, from: new Date(1_000_000).toISOString(), to: new Date(3_000_000).toISOString() },
        { index: 1, firstPoint: 3, lastPoint: 5, from: new Date(2_000_000).toISOString(), to: new Date(4_000_000).toISOString() },
      ],
    });
    assert.deepEqual(chart.equity, [
      { time: 1000, value: 1 },
      { time: 2000, value: 2 },
      { time: 3000, value: 3 },
      { time: 4000, value: 40 },
    ]);
    assert.deepEqual(chart.marks, [
      { time: 1000, label: 'W1' },
      { time: 2000, label: 'W2' },
    ]);
  });
});
