// Applies `orders.commands` (shared/src/trading/order-flow.ts) to the engine shards and persists
// the outcome. Per command: ids are allocated and the order recorded first (so every id the engine
// journals can be translated back), then the shard applies the request and syncs its journal, then
// ONE transaction writes the stored input, fills, order totals, shard position, the handled
// command id and the outbox rows (`orders.reports`, `orders.executed`).
// Invariants: a command id handled before is a no-op; a submit for an order already submitted is a
// no-op; risk commands go to every shard and are answered once (`risk-applied`), after the last.
// Known limits: global risk limits are enforced per shard (each engine sees only its symbols).
import { createEnvelope, enqueue, withTransaction } from '@kestrel/server-common';
import { OrderCommandPayloadSchema, RISK_EVENT_KEY, type ExecutionReportPayload, type OrderCommandPayload } from '@kestrel/shared';
import { EngineError, type EngineEvent, type RiskConfigChange, type SubmitOutcome } from '@kestrel/engine';
import { Value } from '@sinclair/typebox/value';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { EngineInput } from '../domain/engine-input.js';
import { isoFromNanos } from '../domain/ids.js';
import { engineLimits, newOrderCommand } from '../domain/order-translation.js';
import { buildEvents, type BuiltEvents, type KnownOrder, type RequestContext } from '../domain/report-builder.js';
import { commandHandled, engineAccount, engineSymbol, findOrder, knownOrders, markCommand, persistRequest, recordOrder } from '../store/execution-store.js';
import type { EngineShard } from './engine-shard.js';
import type { ExecutionMetrics } from './execution-metrics.js';

/** What the handler needs. */
export interface HandlerContext {
  db: pg.Pool;
  logger: Logger;
  shards: ReadonlyMap<string, EngineShard>;
  shardOf(symbol: string): string;
  /** Called after a request's events are committed (market-data fan-out, metrics). */
  onCommitted?(shard: EngineShard, events: EngineEvent[]): void;
  /** Engine latency and fill counts (absent in tests that build a bare context). */
  metrics?: ExecutionMetrics;
}

/** Handles one `orders.commands` payload; never throws for a bad payload (it is logged and dropped). */
export async function handleCommand(context: HandlerContext, payload: unknown): Promise<void> {
  if (!Value.Check(OrderCommandPayloadSchema, payload)) {
    context.logger.error({ errors: [...Value.Errors(OrderCommandPayloadSchema, payload)].slice(0, 3).map((e) => `${e.path}: ${e.message}`) }, 'orders.commands payload does not match the contract; dropped');
    return;
  }
  const command = payload as OrderCommandPayload;
  if (await commandHandled(context.db, command.commandId)) return;
  switch (command.kind) {
    case 'submit':
      return submit(context, command);
    case 'cancel':
    case 'replace':
      return cancelOrReplace(context, command);
    case 'set-risk-limits':
    case 'set-kill-switch':
      return configureRisk(context, command);
  }
}

/** Applies `input` on `shard` and persists its events (inside shard.run()). */
export async function applyAndPersist(
  context: HandlerContext,
  shard: EngineShard,
  input: EngineInput,
  request: RequestContext,
  finish: (client: pg.PoolClient, outcome: SubmitOutcome) => Promise<void>,
  submittedOrderId?: string,
): Promise<SubmitOutcome> {
  const started = process.hrtime.bigint();
  const { outcome, input: stored } = shard.apply(input);
  context.metrics?.engineCommand(input, Number(process.hrtime.bigint() - started) / 1e9);
  const ids = new Set<bigint>();
  for (const event of outcome.events) {
    // Routed children (ids from 2^63, beyond PostgreSQL's bigint) are reported against their parent.
    if ('parentId' in event && event.parentId !== null) ids.add(event.parentId);
    else if ('orderId' in event) ids.add(event.orderId);
    if (event.type === 'trade') ids.add(event.counterParentId ?? event.counterOrderId);
  }
  let fills: BuiltEvents['fills'] = [];
  await withTransaction(context.db, async (client) => {
    const known = await knownOrders(client, [...ids]);
    const built = buildEvents(shard.name, outcome.journalSequence, outcome.events, known as Map<bigint, KnownOrder>, request, new Date().toISOString());
    await persistRequest(client, { shard: shard.name, journalSequence: outcome.journalSequence, input: stored, built, ...(submittedOrderId ? { submittedOrderId } : {}) });
    await finish(client, outcome);
    fills = built.fills;
  });
  context.metrics?.fills(fills);
  context.onCommitted?.(shard, outcome.events);
  return outcome;
}

function shardFor(context: HandlerContext, symbol: string): EngineShard {
  const shard = context.shards.get(context.shardOf(symbol));
  if (!shard) throw new Error(`no shard for ${symbol}`);
  return shard;
}

async function submit(context: HandlerContext, command: Extract<OrderCommandPayload, { kind: 'submit' }>): Promise<void> {
  const shard = shardFor(context, command.order.symbol);
  await shard.run(async () => {
    if (await commandHandled(context.db, command.commandId)) return;
    const stored = await recordOrder(context.db, shard.name, command.order, command.instrument);
    if (stored.submitted) {
      await withTransaction(context.db, (client) => markCommand(client, command.commandId, command.kind));
      return;
    }
    const symbol = await engineSymbol(context.db, command.order.symbol);
    const account = await engineAccount(context.db, command.order.accountId);
    const timestamp = shard.timestamp();
    const input: EngineInput = { kind: 'command', command: newOrderCommand(command.order, { symbol, account, orderId: stored.engineOrderId }, timestamp) };
    try {
      await applyAndPersist(context, shard, input, { kind: 'submit' }, (client) => markCommand(client, command.commandId, command.kind), command.order.id);
    } catch (error) {
      // The facade refuses values the engine cannot represent before anything is journaled; retrying
      // would refuse again forever, so the order is rejected instead of blocking its partition.
      if (!(error instanceof EngineError) || error.code !== 'ENGINE_INVALID_ARGUMENT') throw error;
      context.logger.warn({ orderId: command.order.id, err: error }, 'the engine refused the order\'s values');
      await withTransaction(context.db, async (client) => {
        const payload: ExecutionReportPayload = { kind: 'rejected', orderId: command.order.id, accountId: command.order.accountId, at: isoFromNanos(timestamp), reason: 'BOOK_INVALID_ORDER', message: error.message.slice(0, 500) };
        await enqueue(client, createEnvelope('orders.reports', command.order.accountId, payload));
        await client.query('UPDATE execution_orders SET submitted = true WHERE order_id = $1', [command.order.id]);
        await markCommand(client, command.commandId, command.kind);
      });
    }
  });
}

async function cancelOrReplace(context: HandlerContext, command: Extract<OrderCommandPayload, { kind: 'cancel' | 'replace' }>): Promise<void> {
  const shard = shardFor(context, command.symbol);
  await shard.run(async () => {
    if (await commandHandled(context.db, command.commandId)) return;
    const stored = await findOrder(context.db, command.orderId);
    const base = { commandId: command.commandId, orderId: command.orderId, accountId: command.accountId };
    const refuse = async (reason: 'BOOK_UNKNOWN_ORDER' | 'BOOK_UNSUPPORTED_ORDER' | 'BOOK_INVALID_QUANTITY') =>
      withTransaction(context.db, async (client) => {
        const at = isoFromNanos(shard.timestamp());
        const payload: ExecutionReportPayload =
          command.kind === 'cancel' ? { kind: 'cancel-rejected', ...base, reason, at } : { kind: 'replace-rejected', ...base, reason, at };
        await enqueue(client, createEnvelope('orders.reports', command.accountId, payload));
        await markCommand(client, command.commandId, command.kind);
      });
    if (!stored || !stored.submitted || stored.accountId !== command.accountId) return refuse('BOOK_UNKNOWN_ORDER');
    const symbol = await engineSymbol(context.db, stored.order.symbol);
    const account = await engineAccount(context.db, stored.accountId);
    const address = { symbol, orderId: stored.engineOrderId, account, timestamp: shard.timestamp() };
    if (command.kind === 'cancel') {
      await applyAndPersist(context, shard, { kind: 'command', command: { type: 'cancel', ...address } }, { kind: 'cancel', ...base }, (client) => markCommand(client, command.commandId, command.kind));
      return;
    }
    if (command.stopPriceTicks !== stored.order.stopPriceTicks) return refuse('BOOK_UNSUPPORTED_ORDER');
    if (command.quantityLots <= stored.filledLots) return refuse('BOOK_INVALID_QUANTITY');
    const replace = { type: 'replace' as const, ...address, quantity: command.quantityLots - stored.filledLots, ...(command.limitPriceTicks !== null ? { price: command.limitPriceTicks } : {}) };
    await applyAndPersist(
      context,
      shard,
      { kind: 'command', command: replace },
      { kind: 'replace', ...base, quantityLots: command.quantityLots, limitPriceTicks: command.limitPriceTicks, stopPriceTicks: command.stopPriceTicks },
      (client) => markCommand(client, command.commandId, command.kind),
    );
  });
}

async function riskChange(context: HandlerContext, command: Extract<OrderCommandPayload, { kind: 'set-risk-limits' | 'set-kill-switch' }>, timestamp: bigint): Promise<RiskConfigChange> {
  const account = command.accountId === null ? null : await engineAccount(context.db, command.accountId);
  if (command.kind === 'set-kill-switch') {
    if (command.scope === 'global' || account === null) return { type: 'set_global_kill_switch', mode: command.mode, timestamp };
    return { type: 'set_kill_switch', account, mode: command.mode, timestamp };
  }
  const limits = engineLimits(command.limits ?? {});
  if (command.scope === 'default') return { type: 'set_default_limits', limits, timestamp };
  if (command.scope === 'global' || account === null) return { type: 'set_global_limits', limits, timestamp };
  if (command.limits === null) return { type: 'clear_account_limits', account, timestamp };
  return { type: 'set_account_limits', account, limits, timestamp };
}

async function configureRisk(context: HandlerContext, command: Extract<OrderCommandPayload, { kind: 'set-risk-limits' | 'set-kill-switch' }>): Promise<void> {
  const shards = [...context.shards.values()];
  let refusal: string | null = null;
  for (const [index, shard] of shards.entries()) {
    const last = index === shards.length - 1;
    await shard.run(async () => {
      const at = shard.timestamp();
      const change = await riskChange(context, command, at);
      const request: RequestContext = command.kind === 'set-kill-switch' ? { kind: 'kill-switch' } : { kind: 'internal' };
      await applyAndPersist(context, shard, { kind: 'config', change }, request, async (client, outcome) => {
        if (!outcome.ok) refusal ??= outcome.code;
        if (!last) return;
        const payload: ExecutionReportPayload = { kind: 'risk-applied', commandId: command.commandId, applied: refusal === null, reason: refusal, at: isoFromNanos(at) };
        await enqueue(client, createEnvelope('orders.reports', RISK_EVENT_KEY, payload));
        await markCommand(client, command.commandId, command.kind);
      });
    });
  }
}
