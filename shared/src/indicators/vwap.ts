// Volume-weighted average price. TA-Lib has no VWAP; the definition here is the usual intraday one:
// VWAP_t = sum(price_i * volume_i) / sum(volume_i) over the bars i <= t of the current session,
// with price = typical price (high + low + close) / 3 by default (or the close). A session is
// whatever `session(timestamp)` maps bars to: bars with equal keys accumulate together and a new
// key restarts the sums (dailySession: a calendar day in a fixed UTC offset, optionally starting
// at a given minute; anchoredSession: one session from an anchor time on, NaN before it).
// NaN while the session's cumulative volume is 0. Sums are plain sequential doubles (no window
// subtraction, so no drift to guard against). Lookback: 0.
// Known limit: fixed UTC offsets only (no DST rules); pass your own session function for those.

import { checkFinite, checkVolume, commonLength, IndicatorError } from './indicator-error.js';

/** Maps a bar's timestamp (ms since epoch) to its session key; null means "before the anchor" (NaN). */
export type VwapSession = (timestamp: number) => number | null;

/** Which bar price is weighted. */
export type VwapPrice = 'typical' | 'close';

/** VWAP parameters; by default one session per UTC calendar day, weighting the typical price. */
export interface VwapOptions {
  session?: VwapSession;
  price?: VwapPrice;
}

/** Timestamp/high/low/close/volume columns of equal length. */
export interface VwapBars {
  timestamp: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Options of dailySession. */
export interface DailySessionOptions {
  /** Offset of the session's clock from UTC in minutes (e.g. -300 for UTC-5); default 0. */
  utcOffsetMinutes?: number;
  /** Minute of the local day at which a session starts (e.g. 1080 for 18:00); default 0. */
  startMinute?: number;
}

/** One VWAP session per local day that starts at `startMinute` in a fixed UTC offset. */
export function dailySession(options: DailySessionOptions = {}): VwapSession {
  const offset = options.utcOffsetMinutes ?? 0;
  const start = options.startMinute ?? 0;
  if (!Number.isInteger(offset) || Math.abs(offset) > 24 * 60) {
    throw new IndicatorError('INDICATOR_INVALID_PARAMETER', `utcOffsetMinutes must be an integer within ±1440, got ${String(offset)}`);
  }
  if (!Number.isInteger(start) || start < 0 || start >= 24 * 60) {
    throw new IndicatorError('INDICATOR_INVALID_PARAMETER', `startMinute must be an integer from 0 to 1439, got ${String(start)}`);
  }
  const shift = (offset - start) * MINUTE_MS;
  return (timestamp) => Math.floor((timestamp + shift) / DAY_MS);
}

/** A single VWAP session starting at `anchorTimestamp` (ms since epoch); earlier bars give NaN. */
export function anchoredSession(anchorTimestamp: number): VwapSession {
  if (!Number.isFinite(anchorTimestamp)) {
    throw new IndicatorError('INDICATOR_INVALID_PARAMETER', `anchorTimestamp must be a finite number, got ${String(anchorTimestamp)}`);
  }
  return (timestamp) => (timestamp >= anchorTimestamp ? 0 : null);
}

/** Streaming session/anchored VWAP. */
export class VwapStream {
  readonly lookback = 0;
  private readonly session: VwapSession;
  private readonly useClose: boolean;
  private sessionKey: number | null = null;
  private priceVolume = 0;
  private volume = 0;

  constructor(options: VwapOptions = {}) {
    this.session = options.session ?? dailySession();
    const price = options.price ?? 'typical';
    if (price !== 'typical' && price !== 'close') {
      throw new IndicatorError('INDICATOR_INVALID_PARAMETER', `VWAP price must be typical or close, got ${String(price)}`);
    }
    this.useClose = price === 'close';
  }

  /** Adds a bar; returns the VWAP of its session so far (NaN before an anchor or while volume is 0). */
  update(timestamp: number, high: number, low: number, close: number, volume: number): number {
    checkFinite('VWAP timestamp', timestamp);
    checkFinite('VWAP high', high);
    checkFinite('VWAP low', low);
    checkFinite('VWAP close', close);
    checkVolume('VWAP volume', volume);
    const key = this.session(timestamp);
    if (key !== this.sessionKey) {
      this.sessionKey = key;
      this.priceVolume = 0;
      this.volume = 0;
    }
    if (key === null) return NaN;
    const price = this.useClose ? close : (high + low + close) / 3;
    this.priceVolume += price * volume;
    this.volume += volume;
    return this.volume > 0 ? this.priceVolume / this.volume : NaN;
  }

  /** Forgets all bars. */
  reset(): void {
    this.sessionKey = null;
    this.priceVolume = 0;
    this.volume = 0;
  }
}

/** VWAP of the bars, aligned to the input. */
export function vwap(bars: VwapBars, options: VwapOptions = {}): Float64Array {
  const n = commonLength({ timestamp: bars.timestamp, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume });
  const stream = new VwapStream(options);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = stream.update(bars.timestamp[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!, bars.volume[i]!);
  }
  return out;
}
