// Engine: the TypeScript face of one engine shard (engine/include/kestrel/engine/engine.h) — risk
// check, routing, journal and matching in the addon, one call per request or per batch. Arguments are
// validated here before native code sees them; business outcomes come back as events with stable
// codes; failures (bad arguments, a closed engine, durability errors) throw EngineError.
// Acknowledgement: a call returns after its requests are durable under the configured fsync policy
// (`group`: one fdatasync per call; `every`: one per record; `none`: written to the kernel only), so
// whatever a call returned survives a crash of this process — and, except under `none`, of the OS.
// Threads: an Engine belongs to the thread that opened it; open one per worker (one per symbol shard).
import { loadAddon, type NativeEngine } from './addon.js';
import { EngineError, invalidArgument, type EngineErrorCode } from './errors.js';
import {
  BatchResult,
  CommandBatch,
  encodeConfig,
  encodeExternalDone,
  encodeExternalFill,
} from './packed.js';
import { resultCodeName, type ResultCodeName } from './result-codes.js';
import {
  CHILD_KINDS,
  KILL_SWITCH_MODES,
  ORDER_TYPES,
  SIDES,
  STP_MODES,
  TIMES_IN_FORCE,
  VENUE_STATUSES,
  type BookLevel,
  type Command,
  type EngineOptions,
  type ExternalDone,
  type ExternalFill,
  type IntegerInput,
  type OrderInfo,
  type RecoveryReport,
  type RiskAccount,
  type RiskConfig,
  type RiskConfigChange,
  type RiskLimitValues,
  type RiskSymbol,
  type RoutedParent,
  type Sequences,
  type Side,
  type StateHashes,
  type SubmitOutcome,
  type TopOfBook,
  type VenueConfig,
  type VenueLevel,
  type VenueStatus,
} from './types.js';
import { enumValue, int64, optional, record, safeInteger, uint32, uint64 } from './validate.js';

const FSYNC = ['every', 'group', 'none'] as const;

function outcome(result: BatchResult): SubmitOutcome {
  const code = result.codeName(0);
  return { code, ok: code === 'OK', journalSequence: result.journalSequence(0), events: result.eventsOf(0) };
}

function nativeOptions(options: EngineOptions): Record<string, unknown> {
  const o = record(options, 'options');
  const dataDir = optional(o.dataDir, '', (v) => {
    if (typeof v !== 'string' || v === '') throw invalidArgument('options.dataDir must be a non-empty string');
    return v;
  });
  return {
    dataDir,
    fsync: optional(o.fsync, 1, (v) => enumValue(v, FSYNC, 'options.fsync')),
    // A call is the group: it commits before returning, so by default nothing syncs inside a call.
    groupRecords: optional(o.groupRecords, 0, (v) => uint32(v, 'options.groupRecords')),
    groupDelayNs: optional(o.groupDelayNs, 0n, (v) => int64(v, 'options.groupDelayNs')),
    segmentMaxBytes: optional(o.segmentMaxBytes, 256 * 1024 * 1024, (v) => safeInteger(v, 'options.segmentMaxBytes', 0)),
    snapshotEvery: optional(o.snapshotEvery, 0, (v) => safeInteger(v, 'options.snapshotEvery', 0)),
    snapshotsKept: optional(o.snapshotsKept, 2, (v) => uint32(v, 'options.snapshotsKept')),
    firstChildId: optional(o.firstChildId, 1n << 63n, (v) => uint64(v, 'options.firstChildId')),
    maxLevelsPerVenue: optional(o.maxLevelsPerVenue, 64, (v) => uint32(v, 'options.maxLevelsPerVenue')),
  };
}

function limitValues(value: unknown): RiskLimitValues {
  return value as RiskLimitValues;
}

function orderInfo(o: Record<string, unknown>): OrderInfo {
  return {
    orderId: o.orderId as bigint,
    account: o.account as bigint,
    side: SIDES[o.side as number]!,
    orderType: ORDER_TYPES[o.orderType as number]!,
    timeInForce: TIMES_IN_FORCE[o.timeInForce as number]!,
    stp: STP_MODES[o.stp as number]!,
    postOnly: ((o.flags as number) & 1) !== 0,
    price: o.price as number,
    stopPrice: o.stopPrice as number,
    open: o.open as number,
    visible: o.visible as number,
    displayQuantity: o.display as number,
    expireAt: o.expireAt as bigint,
    pendingStop: o.pendingStop as boolean,
  };
}

function levelPairs(levels: readonly VenueLevel[], field: string): Float64Array {
  if (!Array.isArray(levels)) throw invalidArgument(`${field} must be an array of {price, quantity}`);
  const out = new Float64Array(levels.length * 2);
  levels.forEach((level, i) => {
    const l = record(level, `${field}[${i}]`);
    out[2 * i] = safeInteger(l.price, `${field}[${i}].price`);
    out[2 * i + 1] = safeInteger(l.quantity, `${field}[${i}].quantity`);
  });
  return out;
}

/** One engine shard. */
export class Engine {
  /** What recovery found when the engine was opened. */
  readonly recovery: RecoveryReport;
  private readonly native: NativeEngine;
  private closed = false;

  private constructor(native: NativeEngine, recovery: RecoveryReport) {
    this.native = native;
    this.recovery = recovery;
  }

  /** Opens an engine; with `dataDir` it first recovers snapshot + journal from that directory. */
  static open(options: EngineOptions = {}): Engine {
    const settings = nativeOptions(options);
    const addon = loadAddon();
    const native = new addon.NativeEngine();
    const report = native.open(settings);
    if (report === undefined) throw Engine.error(native);
    return new Engine(native, report as unknown as RecoveryReport);
  }

  /** Submits one command. */
  submit(command: Command): SubmitOutcome {
    return outcome(this.submitBatch(new CommandBatch(1).add(command)));
  }

  /** Submits every command of `batch` in order in one native call; events are decoded on access. */
  submitBatch(batch: CommandBatch): BatchResult {
    if (!(batch instanceof CommandBatch)) throw invalidArgument('submitBatch takes a CommandBatch');
    if (batch.length === 0) throw invalidArgument('the batch is empty');
    return new BatchResult(this.call(this.live().submitBatch(batch.bytes())));
  }

  /** Changes the risk configuration (journaled: a restart reproduces it). Kill-switch cancels come back as events. */
  configure(change: RiskConfigChange): SubmitOutcome {
    const bytes = encodeConfig(change);
    return outcome(new BatchResult(this.call(this.live().submitControl(bytes))));
  }

  /** Reports a fill of an external child order (from a RouteOrder event) back to the engine. */
  externalFill(fill: ExternalFill): SubmitOutcome {
    const bytes = encodeExternalFill(fill);
    return outcome(new BatchResult(this.call(this.live().submitControl(bytes))));
  }

  /** Reports that an external child order ended at its venue. */
  externalDone(done: ExternalDone): SubmitOutcome {
    const bytes = encodeExternalDone(done);
    return outcome(new BatchResult(this.call(this.live().submitControl(bytes))));
  }

  /** Registers an external venue (configuration: re-add venues after every open). */
  addVenue(venue: VenueConfig): void {
    const v = record(venue, 'venue');
    if (typeof v.name !== 'string') throw invalidArgument('venue.name must be a string');
    this.check(this.live().addVenue({
      id: uint32(v.id, 'venue.id'),
      name: v.name,
      takerBps: optional(v.takerBps, 0, (x) => safeInteger(x, 'venue.takerBps')),
      makerBps: optional(v.makerBps, 0, (x) => safeInteger(x, 'venue.makerBps')),
      takerPerLot: optional(v.takerPerLot, 0, (x) => safeInteger(x, 'venue.takerPerLot')),
      makerPerLot: optional(v.makerPerLot, 0, (x) => safeInteger(x, 'venue.makerPerLot')),
      latencyNs: optional(v.latencyNs, 0n, (x) => int64(x, 'venue.latencyNs')),
    }));
  }

  /** Removes an external venue (children routed there stay tracked). */
  removeVenue(id: number): void {
    this.check(this.live().removeVenue(uint32(id, 'venue')));
  }

  /** Replaces what an external venue quotes for `symbol` (bids and asks best first). */
  setVenueDepth(id: number, symbol: number, depth: { bids: readonly VenueLevel[]; asks: readonly VenueLevel[] }): void {
    const d = record(depth, 'depth');
    const bids = levelPairs(d.bids as VenueLevel[], 'depth.bids');
    const asks = levelPairs(d.asks as VenueLevel[], 'depth.asks');
    this.check(this.live().setVenueDepth(uint32(id, 'venue'), uint32(symbol, 'symbol'), bids, asks));
  }

  /** Marks a symbol available or unavailable at an external venue. */
  setVenueStatus(id: number, symbol: number, status: VenueStatus): void {
    const value = enumValue(status, VENUE_STATUSES, 'status');
    this.check(this.live().setVenueStatus(uint32(id, 'venue'), uint32(symbol, 'symbol'), value));
  }

  /** Enables or disables an external venue. */
  setVenueEnabled(id: number, enabled: boolean): void {
    if (typeof enabled !== 'boolean') throw invalidArgument('enabled must be a boolean');
    this.check(this.live().setVenueEnabled(uint32(id, 'venue'), enabled));
  }

  /** Updates a venue's latency estimate (the tie-break between equal prices). */
  setVenueLatency(id: number, latencyNs: IntegerInput): void {
    this.check(this.live().setVenueLatency(uint32(id, 'venue'), int64(latencyNs, 'latencyNs')));
  }

  /** Forces everything journaled to stable storage; returns the durable journal sequence. */
  commit(): bigint {
    return this.call(this.live().commit());
  }

  /** Group-commit timer for idle periods; returns the durable journal sequence. */
  poll(): bigint {
    return this.call(this.live().poll());
  }

  /** Writes a snapshot and prunes what it covers; returns the journal sequence it covers. */
  snapshot(): bigint {
    return this.call(this.live().snapshot());
  }

  /** Best bid and ask of a symbol. */
  topOfBook(symbol: number): TopOfBook {
    return this.call(this.live().topOfBook(uint32(symbol, 'symbol'))) as unknown as TopOfBook;
  }

  /** Up to `levels` aggregated levels of one side, best first. */
  depth(symbol: number, side: Side, levels: number): BookLevel[] {
    const raw = this.call(this.live().depth(uint32(symbol, 'symbol'), enumValue(side, SIDES, 'side'), uint32(levels, 'levels')));
    const out: BookLevel[] = [];
    for (let i = 0; i < raw.length; i += 3) {
      out.push({ price: Number(raw[i]), quantity: raw[i + 1]!, orderCount: Number(raw[i + 2]) });
    }
    return out;
  }

  /** A live order (resting or an untriggered stop), or null. */
  findOrder(symbol: number, orderId: IntegerInput): OrderInfo | null {
    const o = this.call(this.live().findOrder(uint32(symbol, 'symbol'), uint64(orderId, 'orderId')));
    return o === null ? null : orderInfo(o);
  }

  /** Every live order of a symbol: bids, asks, buy stops, sell stops, each in priority order. */
  openOrders(symbol: number): OrderInfo[] {
    return this.call(this.live().openOrders(uint32(symbol, 'symbol'))).map(orderInfo);
  }

  /** Hashes of the matching, risk and router state (equal after a restart). */
  stateHashes(): StateHashes {
    return this.call(this.live().stateHashes()) as unknown as StateHashes;
  }

  /** Journal positions: last assigned, durable, covered by the newest snapshot. */
  sequences(): Sequences {
    return this.call(this.live().sequences()) as unknown as Sequences;
  }

  /** The risk configuration that applies to `account`. */
  riskConfig(account: IntegerInput): RiskConfig {
    const c = this.call(this.live().riskConfig(uint64(account, 'account')));
    return {
      defaults: limitValues(c.defaults),
      global: limitValues(c.global),
      effective: limitValues(c.effective),
      killSwitch: KILL_SWITCH_MODES[c.killSwitch as number]!,
      globalKillSwitch: KILL_SWITCH_MODES[c.globalKillSwitch as number]!,
    };
  }

  /** Position, open orders and P&L of `account` (position in `symbol`). */
  riskAccount(account: IntegerInput, symbol: number): RiskAccount {
    return this.call(this.live().riskAccount(uint64(account, 'account'), uint32(symbol, 'symbol'))) as unknown as RiskAccount;
  }

  /** Reference price and circuit-breaker halt of `symbol` at time `now`. */
  riskSymbol(symbol: number, now: IntegerInput): RiskSymbol {
    return this.call(this.live().riskSymbol(uint32(symbol, 'symbol'), int64(now, 'now'))) as unknown as RiskSymbol;
  }

  /** Routed parents with their children (reconcile external children with the venues after a restart). */
  routedParents(): RoutedParent[] {
    return this.call(this.live().parents()).map((p) => ({
      ...(p as unknown as RoutedParent),
      side: SIDES[p.side as number]!,
      children: (p.children as Record<string, unknown>[]).map((c) => ({
        ...(c as unknown as RoutedParent['children'][number]),
        kind: CHILD_KINDS[c.kind as number]!,
      })),
    }));
  }

  /** Syncs and closes the journal; further calls throw ENGINE_CLOSED. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.native.close();
  }

  private live(): NativeEngine {
    if (this.closed) throw new EngineError('ENGINE_CLOSED', 'the engine was closed');
    return this.native;
  }

  private call<T>(value: T | undefined): T {
    if (value === undefined) throw Engine.error(this.native);
    return value;
  }

  // Venue configuration answers with a result code: anything but OK is a configuration error.
  private check(code: number | undefined): void {
    const value = this.call(code);
    if (value !== 0) {
      const name = resultCodeName(value) as ResultCodeName;
      throw new EngineError(name as EngineErrorCode, `venue configuration refused: ${name}`);
    }
  }

  private static error(native: NativeEngine): EngineError {
    const error = native.takeError();
    if (error === null) return new EngineError('ENGINE_INTERNAL_ERROR', 'the addon failed without reporting why');
    return new EngineError(error.code as EngineErrorCode, error.message);
  }
}
