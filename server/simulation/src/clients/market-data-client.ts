// The market-data operations the simulation service uses, all on the caller's behalf (forwarded
// credentials): instrument definitions, daily bars of a stressed day, and the replay sessions the
// simulation's sessions are built on (docs/market-data.md, "Replay"). Answers are checked against
// the shapes the routes document; a refusal of a replay comes back as SIMULATION_REPLAY_REFUSED.
import { Value } from '@sinclair/typebox/value';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { InstrumentSchema, type Instrument } from '@kestrel/shared';
import type { Credentials } from '../access.js';
import { simulationError } from '../errors.js';
import { errorCodeOf, unexpected, type Transport, type UpstreamAnswer } from './upstream.js';

const SERVICE = 'market-data';
const InstrumentsAnswer = Type.Object({ instruments: Type.Array(InstrumentSchema) });
const BarView = Type.Object({ time: Type.String(), open: Type.Integer(), high: Type.Integer(), low: Type.Integer(), close: Type.Integer(), volumeLots: Type.Integer() });
const BarsAnswer = Type.Object({ bars: Type.Array(BarView), nextCursor: Type.Union([Type.String(), Type.Null()]) });
/** A market-data replay session as its routes show it. */
export const ReplayView = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('paused'), Type.Literal('playing'), Type.Literal('finished'), Type.Literal('closed')]),
  speed: Type.Union([Type.Number(), Type.Literal('max')]),
  from: Type.String(),
  to: Type.String(),
  position: Type.String(),
  emitted: Type.Integer({ minimum: 0 }),
});
/** A market-data replay session. */
export type ReplayView = Static<typeof ReplayView>;
/** One daily (or other) bar of the history API. */
export type BarView = Static<typeof BarView>;

/** What a replay replays and how fast. */
export interface ReplayRequest {
  symbol: string;
  kind: 'trades' | 'bars';
  interval?: string;
  from: string;
  to: string;
  speed?: number | 'max';
}

/** A replay control action. */
export interface ReplayControl {
  action: 'play' | 'pause' | 'seek' | 'speed';
  time?: string;
  speed?: number | 'max';
}

function checked<S extends TSchema>(schema: S, answer: UpstreamAnswer, what: string): Static<S> {
  if (!Value.Check(schema, answer.body)) throw simulationError('SIMULATION_UPSTREAM_UNAVAILABLE', `market-data sent a malformed ${what}`, { service: SERVICE });
  return answer.body as Static<S>;
}

/** The fields of a replay this service shows (the market-data view carries more). */
function replayOf(answer: UpstreamAnswer): ReplayView {
  const replay = checked(ReplayView, answer, 'replay');
  return { id: replay.id, state: replay.state, speed: replay.speed, from: replay.from, to: replay.to, position: replay.position, emitted: replay.emitted };
}

function refused(answer: UpstreamAnswer): boolean {
  return answer.status === 400 || answer.status === 409 || answer.status === 422;
}

/** The market-data service over a transport. */
export class MarketDataClient {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** The instrument, or SIMULATION_INSTRUMENT_UNKNOWN. */
  async instrument(credentials: Credentials, symbol: string): Promise<Instrument> {
    const answer = await this.#transport({ method: 'GET', path: `/v1/market-data/instruments?symbol=${encodeURIComponent(symbol)}`, headers: credentials });
    if (answer.status !== 200) throw unexpected(SERVICE, 'an instrument lookup', answer);
    const found = checked(InstrumentsAnswer, answer, 'instrument list').instruments.find((instrument) => instrument.symbol === symbol);
    if (!found) throw simulationError('SIMULATION_INSTRUMENT_UNKNOWN', `${symbol} is not an instrument of the market-data service`);
    return found;
  }

  /** Bars of one symbol in [from, to), oldest first (one page of at most 1000). */
  async bars(credentials: Credentials, symbol: string, interval: string, from: string, to: string): Promise<BarView[]> {
    const query = new URLSearchParams({ symbol, interval, from, to, order: 'asc', limit: '1000' });
    const answer = await this.#transport({ method: 'GET', path: `/v1/market-data/bars?${query.toString()}`, headers: credentials });
    if (answer.status !== 200) throw unexpected(SERVICE, 'a bars read', answer);
    return checked(BarsAnswer, answer, 'bars answer').bars;
  }

  /** Creates a paused replay owned by the caller. */
  async createReplay(credentials: Credentials, request: ReplayRequest): Promise<ReplayView> {
    const answer = await this.#transport({ method: 'POST', path: '/v1/market-data/replays', headers: credentials, body: { ...request, play: false } });
    if (refused(answer)) throw simulationError('SIMULATION_REPLAY_REFUSED', 'the market-data service refused the replay', { code: errorCodeOf(answer) });
    if (answer.status !== 201) throw unexpected(SERVICE, 'creating a replay', answer);
    return replayOf(answer);
  }

  /** Applies a control action to the caller's replay. */
  async controlReplay(credentials: Credentials, replayId: string, control: ReplayControl): Promise<ReplayView> {
    const answer = await this.#transport({ method: 'POST', path: `/v1/market-data/replays/${replayId}/control`, headers: credentials, body: control });
    if (refused(answer)) throw simulationError('SIMULATION_REPLAY_REFUSED', 'the market-data service refused the control action', { code: errorCodeOf(answer) });
    if (answer.status !== 200) throw unexpected(SERVICE, 'a replay control', answer);
    return replayOf(answer);
  }

  /** The caller's replay, or null when it is gone (deleted, or the market-data process restarted). */
  async replay(credentials: Credentials, replayId: string): Promise<ReplayView | null> {
    const answer = await this.#transport({ method: 'GET', path: `/v1/market-data/replays/${replayId}`, headers: credentials });
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw unexpected(SERVICE, 'a replay read', answer);
    return replayOf(answer);
  }

  /** Deletes the caller's replay (already gone is fine). */
  async deleteReplay(credentials: Credentials, replayId: string): Promise<void> {
    const answer = await this.#transport({ method: 'DELETE', path: `/v1/market-data/replays/${replayId}`, headers: credentials });
    if (answer.status !== 204 && answer.status !== 404) throw unexpected(SERVICE, 'deleting a replay', answer);
  }
}
