// The Binance spot public messages the adapter uses, exactly as documented in
// binance-spot-api-docs web-socket-streams.md ("Trade Streams", "Diff. Depth Stream", combined
// streams wrapped as {"stream": <name>, "data": <payload>}) and rest-api.md ("Order book",
// GET /api/v3/depth → {lastUpdateId, bids, asks}). Prices and quantities are decimal strings;
// extra fields are allowed (Binance adds fields without notice), missing or mistyped ones are not.
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const Decimal = Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$' });
const Level = Type.Tuple([Decimal, Decimal]);
const Id = Type.Integer({ minimum: 0 });

/** `<symbol>@trade` payload. */
export const BinanceTradeSchema = Type.Object({
  e: Type.Literal('trade'),
  E: Id,
  s: Type.String(),
  t: Id,
  p: Decimal,
  q: Decimal,
  T: Id,
  m: Type.Boolean(),
});
/** `<symbol>@trade` payload. */
export type BinanceTrade = Static<typeof BinanceTradeSchema>;

/** `<symbol>@depth` / `<symbol>@depth@100ms` payload. */
export const BinanceDepthUpdateSchema = Type.Object({
  e: Type.Literal('depthUpdate'),
  E: Id,
  s: Type.String(),
  U: Id,
  u: Id,
  b: Type.Array(Level),
  a: Type.Array(Level),
});
/** A diff depth event. */
export type BinanceDepthUpdate = Static<typeof BinanceDepthUpdateSchema>;

/** A combined-stream frame. */
export const BinanceCombinedSchema = Type.Object({ stream: Type.String(), data: Type.Unknown() });

/** GET /api/v3/depth response. */
export const BinanceDepthSnapshotSchema = Type.Object({
  lastUpdateId: Id,
  bids: Type.Array(Level),
  asks: Type.Array(Level),
});
/** A depth snapshot. */
export type BinanceDepthSnapshot = Static<typeof BinanceDepthSnapshotSchema>;

const combined = TypeCompiler.Compile(BinanceCombinedSchema);
const trade = TypeCompiler.Compile(BinanceTradeSchema);
const depth = TypeCompiler.Compile(BinanceDepthUpdateSchema);
const snapshot = TypeCompiler.Compile(BinanceDepthSnapshotSchema);

/** A decoded frame: what it is and for which stream. */
export type BinanceFrame =
  | { kind: 'trade'; stream: string; message: BinanceTrade }
  | { kind: 'depth'; stream: string; message: BinanceDepthUpdate }
  | { kind: 'other'; stream: string | null; reason: string };

/** Decodes one WebSocket text frame of a combined stream. */
export function decodeFrame(text: string): BinanceFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'other', stream: null, reason: 'not JSON' };
  }
  if (!combined.Check(value)) return { kind: 'other', stream: null, reason: 'not a combined-stream frame' };
  const { stream, data } = value;
  if (stream.endsWith('@trade')) {
    return trade.Check(data) ? { kind: 'trade', stream, message: data } : { kind: 'other', stream, reason: 'malformed trade' };
  }
  if (stream.includes('@depth')) {
    return depth.Check(data) ? { kind: 'depth', stream, message: data } : { kind: 'other', stream, reason: 'malformed depthUpdate' };
  }
  return { kind: 'other', stream, reason: 'unknown stream' };
}

/** Checks a depth snapshot body; null when it is not one. */
export function decodeSnapshot(value: unknown): BinanceDepthSnapshot | null {
  return snapshot.Check(value) ? value : null;
}
