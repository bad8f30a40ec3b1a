// Turns the events of one engine request into what execution persists and publishes: execution
// reports (`orders.reports`), fills (`orders.executed`, execution_fills) and the order totals after
// them. Pure: the caller supplies the known orders and writes the result in one transaction.
// Invariants: events of orders execution does not know (simulation agents) produce nothing here;
// each fill's id is derived from (shard, journal sequence, event index, order), so building the
// same request twice gives identical ids; a trade reports the aggressor first, then the resting
// order, as the engine lists them.
// Routed orders (external venues configured): the engine's events name child ids with the order's
// id in `parentId`; they are reported against the parent — one `accepted` per parent, every child
// fill (internal trades and venue fills, the latter with the venue's name and execution id, the
// venue's execution time as executedAt and its commission as the fee when it is in the instrument's
// currency), and the
// end of the parent (`route_done`) as one `cancelled` for whatever no child filled.
import type { EngineEvent } from '@kestrel/engine';
import type { Execution, ExecutionReportPayload, InstrumentEconomics, Order, OrderExecutedPayload } from '@kestrel/shared';
import { derivedUuid, isoFromNanos } from './ids.js';
import { reportReason } from './order-translation.js';

/** What execution knows about one order of the order service. */
export interface KnownOrder {
  orderId: string;
  engineOrderId: bigint;
  accountId: string;
  order: Order;
  instrument: InstrumentEconomics;
  quantityLots: number;
  filledLots: number;
  filledNotional: bigint;
}

/** Why the engine was asked (the command whose refusal becomes a `*-rejected` report). */
export type RequestContext =
  | { kind: 'submit' }
  | { kind: 'cancel'; commandId: string; orderId: string; accountId: string }
  | { kind: 'replace'; commandId: string; orderId: string; accountId: string; quantityLots: number; limitPriceTicks: number | null; stopPriceTicks: number | null }
  /** A kill switch engaged with cancel_all: its cancels are reported as RISK_KILL_SWITCH_CANCELLED. */
  | { kind: 'kill-switch' }
  | { kind: 'internal' }
  /**
   * A venue's fill of an external child: venue name, the venue's execution id, its execution time
   * (executedAt) and the fee booked from its commission go on the execution; the local receive time
   * and the raw commission go on the fill record only.
   */
  | {
      kind: 'external-fill';
      venue: string;
      venueExecutionId: string;
      liquidity: 'maker' | 'taker';
      executedAt: string;
      receivedAt: string;
      feeMinor: number;
      commission: { amount: string; asset: string } | null;
    }
  /** A venue ended an external child; `reason` names the parent's cancel if the parent ends with it. */
  | { kind: 'external-done'; reason: 'BOOK_USER_CANCELLED' | 'BOOK_IOC_REMAINDER_CANCELLED' | 'ROUTE_VENUE_UNAVAILABLE' };

/** A report with the key it is published under. */
export interface KeyedReport {
  accountId: string;
  payload: ExecutionReportPayload;
}

/** What a venue fill's record keeps beyond the execution (execution_fills columns). */
export interface VenueFillDetail {
  receivedAt: string;
  commission: { amount: string; asset: string } | null;
}

/** Everything one request produced. */
export interface BuiltEvents {
  reports: KeyedReport[];
  fills: { execution: Execution; executed: OrderExecutedPayload; engineSequence: bigint; venueDetail: VenueFillDetail | null }[];
  /** Orders whose fill totals changed. */
  touched: KnownOrder[];
}

/** Builds reports and fills for `events` (the engine's answer to one request journaled at `journalSequence`). */
export function buildEvents(
  shard: string,
  journalSequence: bigint,
  events: readonly EngineEvent[],
  known: ReadonlyMap<bigint, KnownOrder>,
  context: RequestContext,
  recordedAt: string,
): BuiltEvents {
  const built: BuiltEvents = { reports: [], fills: [], touched: [] };
  const report = (order: KnownOrder, at: bigint, fields: Record<string, unknown>) =>
    built.reports.push({
      accountId: order.accountId,
      payload: { orderId: order.orderId, accountId: order.accountId, at: isoFromNanos(at), ...fields } as ExecutionReportPayload,
    });
  const fill = (order: KnownOrder, index: number, event: { price: number; quantity: number; timestamp: bigint; sequence: bigint }, liquidity: 'maker' | 'taker') => {
    order.filledLots += event.quantity;
    order.filledNotional += BigInt(event.price) * BigInt(event.quantity);
    const at = isoFromNanos(event.timestamp);
    const venueFill = context.kind === 'external-fill' ? context : null;
    const execution: Execution = {
      id: derivedUuid(shard, journalSequence, index, order.orderId),
      orderId: order.orderId,
      clientOrderId: order.order.clientOrderId,
      accountId: order.accountId,
      symbol: order.order.symbol,
      side: order.order.side,
      priceTicks: event.price,
      quantityLots: event.quantity,
      liquidity,
      // Internal fills carry no fee yet; a venue fill carries the commission booked in the instrument's currency.
      feeMinor: venueFill ? venueFill.feeMinor : 0,
      venue: context.kind === 'external-fill' ? context.venue : 'KESTREL',
      venueExecutionId: context.kind === 'external-fill' ? context.venueExecutionId : null,
      // Venue fills have no book sequence (the engine reports 0).
      engineSequence: context.kind === 'external-fill' ? null : event.sequence.toString(),
      // A venue fill happened at the venue's time; the engine applied it later (service clock).
      executedAt: venueFill ? venueFill.executedAt : at,
      recordedAt,
    };
    const done = order.filledLots >= order.quantityLots;
    built.fills.push({
      execution,
      engineSequence: event.sequence,
      venueDetail: venueFill ? { receivedAt: venueFill.receivedAt, commission: venueFill.commission } : null,
      executed: {
        execution,
        order: {
          id: order.orderId,
          status: done ? 'filled' : 'partially_filled',
          filledQuantityLots: order.filledLots,
          remainingQuantityLots: Math.max(0, order.quantityLots - order.filledLots),
          averageFillPrice: { numerator: order.filledNotional.toString(), denominator: String(order.filledLots) },
        },
        instrument: order.instrument,
        lotSelection: order.order.lotSelection,
      } as OrderExecutedPayload,
    });
    if (!built.touched.includes(order)) built.touched.push(order);
    report(order, event.timestamp, { kind: 'fill', execution });
  };

  const acceptedParents = new Set<bigint>();
  const acceptParent = (parentId: bigint, at: bigint) => {
    const parent = known.get(parentId);
    if (!parent || context.kind !== 'submit' || acceptedParents.has(parentId)) return;
    acceptedParents.add(parentId);
    report(parent, at, { kind: 'accepted' });
  };
  events.forEach((event, index) => {
    switch (event.type) {
      case 'route_order':
        acceptParent(event.parentId, event.timestamp);
        return;
      case 'external_fill': {
        const parent = known.get(event.parentId);
        if (parent) fill(parent, index, event, context.kind === 'external-fill' ? context.liquidity : 'taker');
        return;
      }
      case 'route_done': {
        const parent = known.get(event.parentId);
        if (!parent || event.filledQuantity >= event.quantity) return;
        const reason =
          context.kind === 'kill-switch' ? 'RISK_KILL_SWITCH_CANCELLED' : context.kind === 'cancel' ? 'BOOK_USER_CANCELLED' : context.kind === 'external-done' ? context.reason : 'BOOK_IOC_REMAINDER_CANCELLED';
        report(parent, event.timestamp, { kind: 'cancelled', reason, cancelledQuantityLots: event.quantity - event.filledQuantity });
        return;
      }
      default:
        break;
    }
    if (!('orderId' in event)) return;
    // A routed child's own accept/cancel/expiry is not the parent's: route_done ends the parent.
    if (event.parentId !== null && event.type !== 'trade' && event.type !== 'rejected') {
      if (event.type === 'accepted') acceptParent(event.parentId, event.timestamp);
      return;
    }
    const order = known.get(event.parentId ?? event.orderId);
    switch (event.type) {
      case 'accepted':
        if (order) report(order, event.timestamp, { kind: 'accepted' });
        break;
      case 'rejected': {
        if (context.kind === 'cancel') {
          built.reports.push({ accountId: context.accountId, payload: { kind: 'cancel-rejected', orderId: context.orderId, accountId: context.accountId, commandId: context.commandId, reason: reportReason(event.code), at: isoFromNanos(event.timestamp) } });
        } else if (context.kind === 'replace') {
          built.reports.push({ accountId: context.accountId, payload: { kind: 'replace-rejected', orderId: context.orderId, accountId: context.accountId, commandId: context.commandId, reason: reportReason(event.code), at: isoFromNanos(event.timestamp) } });
        } else if (order) {
          report(order, event.timestamp, { kind: 'rejected', reason: reportReason(event.code), message: event.risk ? `${event.risk.limit} (${event.risk.scope}): limit ${event.risk.limitValue}, attempted ${event.risk.attemptedValue}` : null });
        }
        break;
      }
      case 'trade': {
        if (order) fill(order, index, event, 'taker');
        const resting = known.get(event.counterParentId ?? event.counterOrderId);
        if (resting) fill(resting, index, event, 'maker');
        break;
      }
      case 'cancelled':
        if (order) {
          // The engine reports a kill switch's cancels like user cancels; the contract names the cause.
          const reason = context.kind === 'kill-switch' ? 'RISK_KILL_SWITCH_CANCELLED' : reportReason(event.code);
          report(order, event.timestamp, { kind: 'cancelled', reason, cancelledQuantityLots: event.quantity });
        }
        break;
      case 'expired':
        if (order) report(order, event.timestamp, { kind: 'expired', expiredQuantityLots: event.quantity });
        break;
      case 'replaced':
        if (order && context.kind === 'replace') {
          report(order, event.timestamp, { kind: 'replaced', commandId: context.commandId, quantityLots: context.quantityLots, limitPriceTicks: context.limitPriceTicks, stopPriceTicks: context.stopPriceTicks });
          order.quantityLots = context.quantityLots;
          if (!built.touched.includes(order)) built.touched.push(order);
        }
        break;
      default:
        break;
    }
  });
  return built;
}
