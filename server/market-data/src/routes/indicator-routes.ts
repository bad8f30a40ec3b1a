// GET /v1/market-data/indicators: an indicator computed on demand over stored bars with the
// shared library (TA-Lib parity), so the answer equals what a client computes over the same bars
// with @kestrel/shared. The series is fed `warmup` bars before `from` (default: the indicator's
// lookback), then the bars of [from, to); points are returned for [from, to) only, with null
// where the indicator has no value yet. Absent bars are simply not in the series (an indicator
// never sees an invented flat bar).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IndicatorError } from '@kestrel/shared';
import { requireCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { INDICATORS, type IndicatorInput, type IndicatorParams } from '../domain/indicator-catalog.js';
import { priceScale } from '../domain/price-scale.js';
import { marketError } from '../errors.js';
import { readBars, type StoredBar } from '../store/bar-store.js';
import { requireInstrument } from '../store/instruments-store.js';
import { microsToIso } from '../store/sql-values.js';
import { IndicatorQuery, IndicatorResponse } from './schemas.js';
import { timeRange } from './time-range.js';

/** Registers the indicator route. */
export async function indicatorRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, layout, config } = context;

  api.get(
    '/v1/market-data/indicators',
    {
      config: { permission: 'trading:read' },
      schema: { tags: ['market-data'], summary: 'An indicator over stored bars (SMA, EMA, WMA, RSI, MACD, Bollinger, ATR, ADX, Stochastic, OBV, VWAP)', querystring: IndicatorQuery, response: { 200: IndicatorResponse } },
    },
    async (request) => {
      requireCaller(request, 'trading:read');
      const query = request.query;
      const range = timeRange(query, config);
      const definition = INDICATORS[query.name]!;
      const instrument = await requireInstrument(db, query.symbol);
      const params: IndicatorParams = { ...query, anchorMs: Math.floor(range.fromMicros / 1000) };
      let lookback: number;
      try {
        lookback = definition.lookback(params);
      } catch (error) {
        if (error instanceof IndicatorError) throw marketError('MARKET_INDICATOR_INVALID', error.message);
        throw error;
      }
      const warmup = query.warmup ?? lookback;
      if (warmup + range.limit > config.maxIndicatorBars) {
        throw marketError('MARKET_INDICATOR_INVALID', `warmup + limit may be at most ${config.maxIndicatorBars} bars`);
      }
      const base = { symbol: query.symbol, interval: query.interval, afterMicros: null };
      const before = warmup === 0 ? [] : await readBars(db, layout, { ...base, fromMicros: 0, toMicros: range.fromMicros, limit: warmup, order: 'desc' });
      const inRange = await readBars(db, layout, { ...base, fromMicros: range.fromMicros, toMicros: range.toMicros, limit: range.limit + 1, order: 'asc' });
      const truncated = inRange.length > range.limit;
      const bars: StoredBar[] = [...before.reverse(), ...inRange.slice(0, range.limit)];
      const scale = priceScale(instrument.tickSize);
      const input: IndicatorInput = {
        timestamp: Float64Array.from(bars, (bar) => bar.startMicros / 1000),
        open: Float64Array.from(bars, (bar) => scale.toPrice(bar.open)),
        high: Float64Array.from(bars, (bar) => scale.toPrice(bar.high)),
        low: Float64Array.from(bars, (bar) => scale.toPrice(bar.low)),
        close: Float64Array.from(bars, (bar) => scale.toPrice(bar.close)),
        volume: Float64Array.from(bars, (bar) => bar.volumeLots * instrument.lotSize),
      };
      let series: Record<string, Float64Array>;
      try {
        series = definition.compute(input, params);
      } catch (error) {
        if (error instanceof IndicatorError) throw marketError('MARKET_INDICATOR_INVALID', error.message);
        throw error;
      }
      const points = [];
      for (let i = before.length; i < bars.length; i++) {
        const values: Record<string, number | null> = {};
        for (const output of definition.outputs) {
          const value = series[output]![i]!;
          values[output] = Number.isFinite(value) ? value : null;
        }
        points.push({ time: microsToIso(bars[i]!.startMicros), values });
      }
      return { symbol: query.symbol, interval: query.interval, name: query.name, outputs: [...definition.outputs], warmupBars: before.length, points, truncated };
    },
  );
}
