// The packed binary layouts shared with the addon (engine/include/kestrel/engine/packed_layout.h and
// codec_control.h): commands are built into one growing buffer (CommandBatch) and sent in one native
// call; the answer is one ArrayBuffer of result and event records that BatchResult decodes lazily,
// so a caller that only needs counts or codes never materialises event objects.
// int64 fields are little-endian; numbers are written as (low uint32, high int32) pairs, bigints with
// setBigInt64, and read back as numbers only where the engine bounds them (prices <= 10^15, order
// quantities <= 10^12 — validated on the way in), as bigints everywhere else.
import { invalidArgument } from './errors.js';
import { RISK_LIMITS, RISK_SCOPES, resultCodeName, type ResultCodeName } from './result-codes.js';
import {
  CHILD_KINDS,
  COMMAND_TYPES,
  CONFIG_TYPES,
  EVENT_TYPES,
  KILL_SWITCH_MODES,
  ORDER_TYPES,
  SIDES,
  STP_MODES,
  TIMES_IN_FORCE,
  type Command,
  type EngineEvent,
  type ExternalDone,
  type ExternalFill,
  type RiskConfigChange,
  type RiskLimits,
} from './types.js';
import { enumValue, flag, int64, nonNegativeInt64, optional, record, safeInteger, uint32, uint64 } from './validate.js';

/** Bytes of one packed command record. */
export const COMMAND_SIZE = 80;
/** Bytes of one packed event record. */
export const EVENT_SIZE = 128;
/** Bytes of one per-request result record. */
export const RESULT_SIZE = 16;
/** Bytes of the batch output header. */
export const HEADER_SIZE = 16;
/** Bytes of a control record (journal entry format 2). */
export const CONTROL_SIZE = 76;
/** Most commands one batch may hold (the addon's limit). */
export const MAX_BATCH = 1 << 22;

const TWO_32 = 4294967296;
const FLAG_POST_ONLY = 1;
const FLAG_ALL_OR_NONE = 2;

function setNumber64(view: DataView, offset: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  view.setUint32(offset, value - high * TWO_32, true);
  view.setInt32(offset + 4, high, true);
}

function getNumber64(view: DataView, offset: number): number {
  return view.getInt32(offset + 4, true) * TWO_32 + view.getUint32(offset, true);
}

// True when the int64 at `offset` lies within +-(2^53 - 1).
function inSafeRange(view: DataView, offset: number): boolean {
  const high = view.getInt32(offset + 4, true);
  return (high > -0x200000 && high < 0x200000) || (high === -0x200000 && view.getUint32(offset, true) !== 0);
}

/** Validates `command` and writes it as a packed record at `offset`. */
function encodeCommand(command: Command, view: DataView, offset: number): void {
  const c = record(command, 'command') as Record<string, unknown>;
  const type = enumValue(c.type, COMMAND_TYPES, 'command.type');
  new Uint8Array(view.buffer, view.byteOffset + offset, COMMAND_SIZE).fill(0);
  view.setUint8(offset, type);
  view.setBigInt64(offset + 16, int64(c.timestamp, 'command.timestamp'), true);
  switch (c.type) {
    case 'new_order': {
      const orderType = optional(c.orderType, 0, (v) => enumValue(v, ORDER_TYPES, 'command.orderType'));
      view.setUint8(offset + 1, orderType);
      view.setUint8(offset + 2, optional(c.timeInForce, 0, (v) => enumValue(v, TIMES_IN_FORCE, 'command.timeInForce')));
      view.setUint8(offset + 3, enumValue(c.side, SIDES, 'command.side'));
      view.setUint8(offset + 4, optional(c.stp, 0, (v) => enumValue(v, STP_MODES, 'command.stp')));
      const flags = (flag(c.postOnly, 'command.postOnly') ? FLAG_POST_ONLY : 0) |
        (flag(c.allOrNone, 'command.allOrNone') ? FLAG_ALL_OR_NONE : 0);
      view.setUint8(offset + 5, flags);
      view.setUint32(offset + 8, uint32(c.symbol, 'command.symbol'), true);
      view.setBigUint64(offset + 24, uint64(c.orderId, 'command.orderId'), true);
      view.setBigUint64(offset + 32, uint64(c.account, 'command.account'), true);
      setNumber64(view, offset + 40, optional(c.price, 0, (v) => safeInteger(v, 'command.price')));
      setNumber64(view, offset + 48, optional(c.stopPrice, 0, (v) => safeInteger(v, 'command.stopPrice')));
      setNumber64(view, offset + 56, safeInteger(c.quantity, 'command.quantity'));
      setNumber64(view, offset + 64, optional(c.displayQuantity, 0, (v) => safeInteger(v, 'command.displayQuantity')));
      view.setBigInt64(offset + 72, optional(c.expireAt, 0n, (v) => int64(v, 'command.expireAt')), true);
      return;
    }
    case 'cancel':
    case 'replace':
      view.setUint32(offset + 8, uint32(c.symbol, 'command.symbol'), true);
      view.setBigUint64(offset + 24, uint64(c.orderId, 'command.orderId'), true);
      view.setBigUint64(offset + 32, uint64(c.account, 'command.account'), true);
      if (c.type === 'replace') {
        setNumber64(view, offset + 40, optional(c.price, 0, (v) => safeInteger(v, 'command.price')));
        setNumber64(view, offset + 56, optional(c.quantity, 0, (v) => safeInteger(v, 'command.quantity')));
      }
      return;
    case 'end_session':
      view.setUint32(offset + 8, optional(c.symbol, 0, (v) => uint32(v, 'command.symbol')), true);
      return;
    case 'halt_symbol':
    case 'resume_symbol':
      view.setUint32(offset + 8, uint32(c.symbol, 'command.symbol'), true);
      return;
    default:
      return;  // advance_time: only the timestamp
  }
}

/** Commands packed for one native call. Every added command is validated first. */
export class CommandBatch {
  private buffer: ArrayBuffer;
  private view: DataView;
  private count = 0;

  constructor(capacity = 64) {
    this.buffer = new ArrayBuffer(Math.max(1, capacity) * COMMAND_SIZE);
    this.view = new DataView(this.buffer);
  }

  /** Wraps packed records produced elsewhere (e.g. `kestrel-engine bench-pipeline --write-commands`), checking each. */
  static fromPacked(bytes: Uint8Array): CommandBatch {
    if (!(bytes instanceof Uint8Array) || bytes.byteLength % COMMAND_SIZE !== 0) {
      throw invalidArgument(`packed commands must be a Uint8Array of ${COMMAND_SIZE}-byte records`);
    }
    const batch = new CommandBatch(bytes.byteLength / COMMAND_SIZE);
    new Uint8Array(batch.buffer).set(bytes);
    batch.count = bytes.byteLength / COMMAND_SIZE;
    const view = batch.view;
    for (let i = 0; i < batch.count; i++) {
      const o = i * COMMAND_SIZE;
      if (view.getUint16(o + 6, true) !== 0 || view.getUint32(o + 12, true) !== 0) {
        throw invalidArgument(`packed command ${i}: reserved bytes are not zero`);
      }
      // Price, stop price, quantity and display quantity come back in events as numbers: keep them exact.
      for (const field of [40, 48, 56, 64]) {
        if (!inSafeRange(view, o + field)) throw invalidArgument(`packed command ${i}: a price or quantity exceeds 2^53`);
      }
    }
    return batch;
  }

  /** Validates and appends one command. */
  add(command: Command): this {
    if (this.count >= MAX_BATCH) throw invalidArgument(`a batch holds at most ${MAX_BATCH} commands`);
    if ((this.count + 1) * COMMAND_SIZE > this.buffer.byteLength) {
      const grown = new ArrayBuffer(this.buffer.byteLength * 2);
      new Uint8Array(grown).set(new Uint8Array(this.buffer));
      this.buffer = grown;
      this.view = new DataView(grown);
    }
    encodeCommand(command, this.view, this.count * COMMAND_SIZE);
    this.count++;
    return this;
  }

  /** Number of commands. */
  get length(): number {
    return this.count;
  }

  /** The packed records (a view, not a copy). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer, 0, this.count * COMMAND_SIZE);
  }

  /** Commands first..first+count as their own batch (a view over the same bytes). */
  slice(first: number, count: number): CommandBatch {
    const end = Math.min(this.count, first + count);
    const part = new CommandBatch(1);
    part.buffer = this.buffer.slice(first * COMMAND_SIZE, end * COMMAND_SIZE);
    part.view = new DataView(part.buffer);
    part.count = Math.max(0, end - first);
    return part;
  }
}

function limitsInto(view: DataView, limits: RiskLimits | undefined): number {
  const l = record(limits ?? {}, 'change.limits') as Record<string, unknown>;
  const fields = ['maxOrderQuantity', 'maxOrderNotional', 'maxPosition', 'maxOpenOrders', 'maxDailyLoss', 'priceCollarBps'];
  let presence = 0;
  fields.forEach((name, i) => {
    if (l[name] === undefined) return;
    presence |= 1 << i;
    view.setBigInt64(24 + 8 * i, nonNegativeInt64(l[name], `change.limits.${name}`), true);
  });
  return presence;
}

/** Validates a risk configuration change and encodes it as a control record. */
export function encodeConfig(change: RiskConfigChange): Uint8Array {
  const c = record(change, 'change') as Record<string, unknown>;
  const type = enumValue(c.type, CONFIG_TYPES, 'change.type');
  const bytes = new Uint8Array(CONTROL_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 2);
  view.setUint8(1, type);
  view.setBigInt64(8, int64(c.timestamp, 'change.timestamp'), true);
  switch (c.type) {
    case 'set_account_limits':
      view.setBigUint64(16, uint64(c.account, 'change.account'), true);
      view.setUint8(2, limitsInto(view, c.limits as RiskLimits));
      break;
    case 'set_default_limits':
    case 'set_global_limits':
      view.setUint8(2, limitsInto(view, c.limits as RiskLimits));
      break;
    case 'clear_account_limits':
      view.setBigUint64(16, uint64(c.account, 'change.account'), true);
      break;
    case 'set_reference_price':
      view.setUint32(4, uint32(c.symbol, 'change.symbol'), true);
      setNumber64(view, 24, safeInteger(c.price, 'change.price'));
      break;
    case 'clear_reference_price':
      view.setUint32(4, uint32(c.symbol, 'change.symbol'), true);
      break;
    case 'set_circuit_breaker':
    case 'set_default_circuit_breaker': {
      if (c.type === 'set_circuit_breaker') view.setUint32(4, uint32(c.symbol, 'change.symbol'), true);
      if (c.breaker === undefined) throw invalidArgument('change.breaker must be an object or null');
      if (c.breaker !== null) {
        const b = record(c.breaker, 'change.breaker');
        view.setUint8(2, 1 << 6);
        view.setBigInt64(24, int64(b.moveBps, 'change.breaker.moveBps'), true);
        view.setBigInt64(32, int64(b.windowNs, 'change.breaker.windowNs'), true);
        view.setBigInt64(40, int64(b.cooldownNs, 'change.breaker.cooldownNs'), true);
      }
      break;
    }
    case 'set_kill_switch':
      view.setBigUint64(16, uint64(c.account, 'change.account'), true);
      view.setUint8(3, enumValue(c.mode, KILL_SWITCH_MODES, 'change.mode'));
      break;
    case 'set_global_kill_switch':
      view.setUint8(3, enumValue(c.mode, KILL_SWITCH_MODES, 'change.mode'));
      break;
    default:
      break;  // start_new_day
  }
  return bytes;
}

/** Validates an external fill and encodes it as a control record. */
export function encodeExternalFill(fill: ExternalFill): Uint8Array {
  const f = record(fill, 'fill');
  const bytes = new Uint8Array(CONTROL_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 2);
  view.setUint8(1, 34);
  view.setBigInt64(8, int64(f.timestamp, 'fill.timestamp'), true);
  view.setBigUint64(16, uint64(f.childId, 'fill.childId'), true);
  setNumber64(view, 24, safeInteger(f.price, 'fill.price'));
  setNumber64(view, 32, safeInteger(f.quantity, 'fill.quantity'));
  return bytes;
}

/** Validates an external completion and encodes it as a control record. */
export function encodeExternalDone(done: ExternalDone): Uint8Array {
  const d = record(done, 'done');
  const bytes = new Uint8Array(CONTROL_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 2);
  view.setUint8(1, 35);
  view.setBigInt64(8, int64(d.timestamp, 'done.timestamp'), true);
  view.setBigUint64(16, uint64(d.childId, 'done.childId'), true);
  return bytes;
}

function nullableId(view: DataView, offset: number): bigint | null {
  const id = view.getBigUint64(offset, true);
  return id === 0n ? null : id;
}

/** Decodes the event record at `offset`. */
export function decodeEvent(view: DataView, offset: number): EngineEvent {
  const typeNumber = view.getUint8(offset);
  const type = EVENT_TYPES[typeNumber];
  const base = {
    sequence: view.getBigUint64(offset + 16, true),
    timestamp: view.getBigInt64(offset + 24, true),
    symbol: view.getUint32(offset + 8, true),
    side: SIDES[view.getUint8(offset + 1)] ?? 'buy',
    account: view.getBigUint64(offset + 40, true),
  };
  const code = resultCodeName(view.getUint16(offset + 2, true)) as ResultCodeName;
  const orderId = view.getBigUint64(offset + 32, true);
  const price = getNumber64(view, offset + 64);
  const quantity = getNumber64(view, offset + 72);
  const remaining = getNumber64(view, offset + 80);
  const parentId = nullableId(view, offset + 96);
  const venue = view.getUint32(offset + 12, true);
  switch (type) {
    case 'accepted':
    case 'replaced':
    case 'triggered':
    case 'expired':
      return { type, ...base, code, orderId, price, quantity, remaining, parentId };
    case 'rejected': {
      const limit = view.getUint8(offset + 4);
      const risk = limit === 0 ? null : {
        limit: RISK_LIMITS[limit] ?? 'none',
        scope: RISK_SCOPES[view.getUint8(offset + 5)] ?? 'none',
        limitValue: view.getBigInt64(offset + 112, true),
        attemptedValue: view.getBigInt64(offset + 120, true),
      };
      return { type, ...base, code, orderId, price, quantity, remaining, parentId, risk };
    }
    case 'trade':
      return {
        type, ...base, code, orderId, price, quantity, remaining, parentId,
        counterOrderId: view.getBigUint64(offset + 48, true),
        counterAccount: view.getBigUint64(offset + 56, true),
        counterRemaining: getNumber64(view, offset + 88),
        counterParentId: nullableId(view, offset + 104),
      };
    case 'cancelled':
      return { type, ...base, code, orderId, price, quantity, remaining, parentId, counterOrderId: nullableId(view, offset + 48) };
    case 'route_order': {
      const flags = view.getUint8(offset + 6);
      return {
        type, ...base, childId: orderId, parentId: parentId ?? 0n, venue,
        kind: CHILD_KINDS[view.getUint8(offset + 7)] ?? 'take',
        orderType: ORDER_TYPES[view.getUint8(offset + 4)] ?? 'limit',
        timeInForce: TIMES_IN_FORCE[view.getUint8(offset + 5)] ?? 'gtc',
        postOnly: (flags & FLAG_POST_ONLY) !== 0,
        allOrNone: (flags & FLAG_ALL_OR_NONE) !== 0,
        price, quantity,
        displayQuantity: getNumber64(view, offset + 112),
        expireAt: view.getBigInt64(offset + 120, true),
      };
    }
    case 'route_cancel':
      return { type, ...base, childId: orderId, parentId: parentId ?? 0n, venue, quantity };
    case 'external_fill':
      return { type, ...base, childId: orderId, parentId: parentId ?? 0n, venue, price, quantity, remaining };
    case 'external_done':
      return { type, ...base, childId: orderId, parentId: parentId ?? 0n, venue, remaining };
    case 'route_done':
      return {
        type, ...base, parentId: orderId,
        filledQuantity: quantity,
        quantity: getNumber64(view, offset + 112),
        filledNotional: view.getBigInt64(offset + 120, true),
      };
    case 'circuit_breaker_tripped':
      return { type, ...base, haltedUntil: view.getBigInt64(offset + 112, true), moveBps: getNumber64(view, offset + 120) };
    default:
      throw new RangeError(`unknown engine event type ${typeNumber}`);
  }
}

/** The answer to a batch: per-request results and their events, decoded on access. */
export class BatchResult {
  /** Number of requests. */
  readonly length: number;
  /** Number of events of all requests. */
  readonly eventCount: number;
  /** Highest journal sequence on stable storage when the call returned. */
  readonly durableSequence: bigint;
  private readonly view: DataView;
  private readonly eventsStart: number;
  private firstEvents: Uint32Array | undefined;

  constructor(buffer: ArrayBuffer) {
    this.view = new DataView(buffer);
    this.length = this.view.getUint32(0, true);
    this.eventCount = this.view.getUint32(4, true);
    this.durableSequence = this.view.getBigUint64(8, true);
    this.eventsStart = HEADER_SIZE + this.length * RESULT_SIZE;
    if (buffer.byteLength !== this.eventsStart + this.eventCount * EVENT_SIZE) {
      throw new RangeError('batch output does not match its header');
    }
  }

  /** Numeric result code of request `i` (0 = OK). */
  code(i: number): number {
    return this.view.getUint16(HEADER_SIZE + this.checked(i) * RESULT_SIZE, true);
  }

  /** Result code name of request `i`. */
  codeName(i: number): ResultCodeName {
    return resultCodeName(this.code(i)) as ResultCodeName;
  }

  /** Last journal sequence request `i` wrote (0n = refused before the journal). */
  journalSequence(i: number): bigint {
    return this.view.getBigUint64(HEADER_SIZE + this.checked(i) * RESULT_SIZE + 8, true);
  }

  /** Number of events of request `i`. */
  eventCountOf(i: number): number {
    return this.view.getUint32(HEADER_SIZE + this.checked(i) * RESULT_SIZE + 4, true);
  }

  /** Events of request `i`. */
  eventsOf(i: number): EngineEvent[] {
    const first = this.firstEventIndex(i);
    const out: EngineEvent[] = [];
    for (let j = first; j < first + this.eventCountOf(i); j++) out.push(this.event(j));
    return out;
  }

  /** Event `j` of the whole batch. */
  event(j: number): EngineEvent {
    if (!Number.isInteger(j) || j < 0 || j >= this.eventCount) throw new RangeError(`no event ${j}`);
    return decodeEvent(this.view, this.eventsStart + j * EVENT_SIZE);
  }

  /** The type number of event `j` without decoding it (EVENT_TYPES[n] is its name). */
  eventType(j: number): number {
    return this.view.getUint8(this.eventsStart + j * EVENT_SIZE);
  }

  /** All events in order. */
  *events(): IterableIterator<EngineEvent> {
    for (let j = 0; j < this.eventCount; j++) yield this.event(j);
  }

  private firstEventIndex(i: number): number {
    if (this.firstEvents === undefined) {
      this.firstEvents = new Uint32Array(this.length + 1);
      for (let k = 0; k < this.length; k++) this.firstEvents[k + 1] = this.firstEvents[k]! + this.eventCountOf(k);
    }
    return this.firstEvents[this.checked(i)]!;
  }

  private checked(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`no request ${i}`);
    return i;
  }
}
