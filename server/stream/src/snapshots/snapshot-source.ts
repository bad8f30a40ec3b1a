// Where a subscription's snapshot comes from: the documented REST route for that state, read with
// the CALLER's own credential, so the owning service applies its own permission and ownership
// rules (the stream never widens what a caller may read). In `kestrel serve --all` the routes are
// in the same process and are reached with inject(); in the suite shape `snapshotBaseUrl` names
// the gateway. Invariant: a snapshot failure never throws — it returns `null` and the caller
// reports STREAM_SNAPSHOT_UNAVAILABLE; a documented "nothing yet" 404 (MARKET_BOOK_UNAVAILABLE)
// is a null snapshot, not a failure.
import type { FastifyInstance } from 'fastify';
import type { SubscribeMessage } from '@kestrel/shared';

/** Result of one snapshot read. */
export type SnapshotResult = { ok: true; data: unknown } | { ok: false };

/** Reads one documented GET route with the given headers. */
export type RouteReader = (path: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>;

/** Reads routes of this process with inject(). */
export function injectReader(app: FastifyInstance): RouteReader {
  return async (path, headers) => {
    const response = await app.inject({ method: 'GET', url: path, headers });
    return { status: response.statusCode, body: response.body };
  };
}

/** Reads routes over HTTP from `baseUrl` (bounded by a 5 s timeout). */
export function httpReader(baseUrl: string): RouteReader {
  return async (path, headers) => {
    const response = await fetch(new URL(path, baseUrl), { headers, signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.text() };
  };
}

/**
 * A replay session's trading symbol (`<SYMBOL>.R<8 hex digits>`, docs/simulation.md): its data is
 * the simulation service's, whose /v1/replay-market-data routes answer like /v1/market-data's.
 */
const REPLAY_SYMBOL = /\.R[0-9A-F]{8}$/;

/** The documented route whose body is the snapshot of `request`, or null when the kind has none. */
export function snapshotPath(request: SubscribeMessage): string | null {
  const symbol = encodeURIComponent(request.symbol ?? '');
  const account = request.accountId ? `&accountId=${request.accountId}` : '';
  const market = REPLAY_SYMBOL.test(request.symbol ?? '') ? '/v1/replay-market-data' : '/v1/market-data';
  switch (request.channel) {
    case 'quotes':
      return `${market}/quotes?symbol=${symbol}&order=desc&limit=1`;
    case 'trades':
      return `${market}/trades?symbol=${symbol}&order=desc&limit=50`;
    case 'book':
      return `/v1/market-data/book/${symbol}`;
    case 'bars':
      return `${market}/bars?symbol=${symbol}&interval=${request.interval}&order=desc&limit=1`;
    case 'orders':
      return `/v1/orders?open=true${account}`;
    case 'positions':
      return `/v1/positions${account ? `?${account.slice(1)}` : ''}`;
    case 'notifications':
      return null;
  }
}

/** Reads the snapshot of `request` with the caller's `headers`. */
export async function readSnapshot(reader: RouteReader, request: SubscribeMessage, headers: Record<string, string>): Promise<SnapshotResult> {
  const path = snapshotPath(request);
  if (path === null) return { ok: true, data: null };
  try {
    const response = await reader(path, headers);
    if (response.status === 200) return { ok: true, data: JSON.parse(response.body) as unknown };
    if (response.status === 404 && response.body.includes('MARKET_BOOK_UNAVAILABLE')) return { ok: true, data: null };
    return { ok: false };
  } catch {
    return { ok: false };
  }
}
