// GET /v1/market-data/indicators over stored GOOG daily bars equals the shared indicator library
// (TA-Lib parity) run over the same bars, value for value.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adx, atr, bollingerBands, dailySession, ema, macd, obv, rsi, sma, stochastic, vwap, wma, readOhlcvCsv, type OhlcvBar } from '@kestrel/shared';
import { GOOG_DAILY, readSharedData } from './support/data-files.js';
import { startHarness, type Harness } from './support/harness.js';

const goog = readOhlcvCsv(readSharedData(GOOG_DAILY), { tickSize: '0.01' }).bars;

/** Bar columns as the service feeds them: ticks / 100 (one correctly rounded division), volume in shares. */
function columns(bars: readonly OhlcvBar[]) {
  return {
    timestamp: Float64Array.from(bars, (bar) => bar.timestamp),
    open: Float64Array.from(bars, (bar) => bar.ticks!.open / 100),
    high: Float64Array.from(bars, (bar) => bar.ticks!.high / 100),
    low: Float64Array.from(bars, (bar) => bar.ticks!.low / 100),
    close: Float64Array.from(bars, (bar) => bar.ticks!.close / 100),
    volume: Float64Array.from(bars, (bar) => bar.volume),
  };
}

const nullable = (values: Float64Array) => Array.from(values, (value) => (Number.isFinite(value) ? value : null));

describe('indicators endpoint', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    const imported = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=GOOG&interval=1d', { as: h.admin, body: readSharedData(GOOG_DAILY), contentType: 'text/csv' });
    assert.equal(imported.statusCode, 201, imported.body);
  });
  after(() => h?.close());

  async function series(query: string): Promise<{ times: string[]; outputs: Record<string, (number | null)[]>; body: Record<string, unknown> }> {
    const response = await h.call('GET', `/v1/market-data/indicators?symbol=GOOG&interval=1d&limit=5000&${query}`, { as: h.viewer });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    const outputs: Record<string, (number | null)[]> = {};
    for (const name of body.outputs) outputs[name] = body.points.map((point: { values: Record<string, number | null> }) => point.values[name]);
    return { times: body.points.map((point: { time: string }) => point.time), outputs, body };
  }

  it('equals the shared library over the whole series, for every indicator', async () => {
    const c = columns(goog);
    const expected: Record<string, Record<string, Float64Array>> = {
      'name=sma&period=20': { value: sma(c.close, { period: 20 }) },
      'name=ema&period=12': { value: ema(c.close, { period: 12 }) },
      'name=wma&period=10&field=high': { value: wma(c.high, { period: 10 }) },
      'name=rsi&period=14': { value: rsi(c.close, { period: 14 }) },
      'name=macd': macd(c.close) as unknown as Record<string, Float64Array>,
      'name=bollinger&period=20&deviationsUp=2&deviationsDown=1.5': bollingerBands(c.close, { period: 20, deviationsUp: 2, deviationsDown: 1.5 }) as unknown as Record<string, Float64Array>,
      'name=atr&period=14': { value: atr(c, { period: 14 }) },
      'name=adx&period=14': adx(c, { period: 14 }) as unknown as Record<string, Float64Array>,
      'name=stochastic&fastKPeriod=14&slowKPeriod=3&slowDPeriod=3': stochastic(c, { fastKPeriod: 14, slowKPeriod: 3, slowDPeriod: 3 }) as unknown as Record<string, Float64Array>,
      'name=obv': { value: obv(c) },
      'name=vwap&price=close': { value: vwap(c, { price: 'close', session: dailySession() }) },
    };
    for (const [query, outputs] of Object.entries(expected)) {
      const got = await series(query);
      assert.equal(got.times.length, goog.length, query);
      assert.equal(got.body.warmupBars, 0, 'nothing is stored before the first bar');
      for (const [name, values] of Object.entries(outputs)) assert.deepEqual(got.outputs[name], nullable(values), `${query} ${name}`);
    }
  });

  it('primes a mid-series range with `warmup` bars before `from` (default: the lookback)', async () => {
    const fromIndex = 1000;
    const from = new Date(goog[fromIndex]!.timestamp).toISOString();
    const to = new Date(goog[fromIndex + 100]!.timestamp).toISOString();
    const byDefault = await series(`name=sma&period=20&from=${from}&to=${to}`);
    assert.equal(byDefault.body.warmupBars, 19);
    const slice = columns(goog.slice(fromIndex - 19, fromIndex + 100));
    assert.deepEqual(byDefault.outputs.value, nullable(sma(slice.close, { period: 20 })).slice(19));
    assert.ok(byDefault.outputs.value!.every((value) => value !== null), 'defined from the first point on');
    const longer = await series(`name=ema&period=20&warmup=200&from=${from}&to=${to}`);
    const emaSlice = columns(goog.slice(fromIndex - 200, fromIndex + 100));
    assert.deepEqual(longer.outputs.value, nullable(ema(emaSlice.close, { period: 20 })).slice(200));
    assert.equal(longer.times[0], `${from.slice(0, 19)}.000000Z`);
  });

  it('says when the range held more bars than the limit', async () => {
    const got = await h.call('GET', '/v1/market-data/indicators?symbol=GOOG&interval=1d&name=obv&limit=10', { as: h.viewer });
    assert.equal(got.json().points.length, 10);
    assert.equal(got.json().truncated, true);
  });

  it('refuses bad parameters with MARKET_INDICATOR_INVALID and unknown names at validation', async () => {
    const period = await h.call('GET', '/v1/market-data/indicators?symbol=GOOG&interval=1d&name=sma&period=1', { as: h.viewer });
    assert.equal(period.statusCode, 422);
    assert.equal(period.json().error.code, 'MARKET_INDICATOR_INVALID');
    const macdPeriods = await h.call('GET', '/v1/market-data/indicators?symbol=GOOG&interval=1d&name=macd&fastPeriod=30&slowPeriod=20', { as: h.viewer });
    assert.equal(macdPeriods.json().error.code, 'MARKET_INDICATOR_INVALID');
    const unknown = await h.call('GET', '/v1/market-data/indicators?symbol=GOOG&interval=1d&name=ichimoku', { as: h.viewer });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.code, 'REQUEST_INVALID');
  });
});
