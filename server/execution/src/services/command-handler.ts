// Applies `orders.commands` (shared/src/trading/order-flow.ts) to the engine shards and persists
// the outcome, a batch of commands at a time (group commit; command-consumer.ts hands over what the
// bus delivered together). Per batch, holding every shard it touches (taken in name order, so two
// batches never wait for each other in a cycle): one query finds the commands handled before, one
// statement records the new orders (ids are allocated before the engine sees them, so every id it
// journals can be translated back) and reads the orders the batch addresses, one each allocates the
// engine numbers of its symbols and accounts; then the shards apply the commands in delivery order,
// each touched shard syncs its journal ONCE, and ONE transaction writes the stored inputs, fills,
// order totals, shard positions, handled command ids and outbox rows (`orders.reports`,
// `orders.executed`) of the whole batch. A crash after the journal sync and before that commit
// leaves the engine ahead of PostgreSQL by the batch, which recovery rebuilds exactly as it does
// for one request (engine-shard.ts); the order service re-sends the unanswered commands.
// Invariants: a command id handled before (or earlier in the batch) is a no-op; a submit for an
// order already submitted is a no-op; risk commands go to every shard and are answered once
// (`risk-applied`), after the last; a payload that does not match the contract is logged and
// dropped; the commands of one partition are applied in delivery order, and a cancel or replace
// sees what earlier commands of its batch did to its order.
// If anything fails after the engine applied part of a batch (or one request), the shards that
// applied it are marked diverged and realign before their next work (engine-shard.ts), so the
// redelivered commands meet the engine as PostgreSQL describes it.
// Known limit: global risk limits are enforced per shard (each engine sees only its symbols).
import { createEnvelope, withTransaction } from '@kestrel/server-common';
import { OrderCommandPayloadSchema, RISK_EVENT_KEY, type EventEnvelope, type ExecutionReportPayload, type OrderCommandPayload } from '@kestrel/shared';
import { EngineError, type EngineEvent, type RiskConfigChange, type SubmitOutcome } from '@kestrel/engine';
import { Value } from '@sinclair/typebox/value';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { EngineInput } from '../domain/engine-input.js';
import { isoFromNanos } from '../domain/ids.js';
import { engineLimits, newOrderCommand } from '../domain/order-translation.js';
import { buildEvents, type BuiltEvents, type KnownOrder, type RequestContext } from '../domain/report-builder.js';
import { engineAccounts, engineSymbols, handledCommands, persistWrites, recordOrders, type BatchStep, type RequestWrite } from '../store/command-batch-store.js';
import { knownOrders, type StoredOrder } from '../store/execution-store.js';
import type { AppliedInput, EngineShard } from './engine-shard.js';
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

type Submit = Extract<OrderCommandPayload, { kind: 'submit' }>;
type CancelOrReplace = Extract<OrderCommandPayload, { kind: 'cancel' | 'replace' }>;
type RiskCommand = Extract<OrderCommandPayload, { kind: 'set-risk-limits' | 'set-kill-switch' }>;

/** Handles consecutive `orders.commands` payloads in order, as one batch; never throws for a bad payload (it is logged and dropped). */
export async function handleCommands(context: HandlerContext, payloads: readonly unknown[]): Promise<void> {
  const commands = new Map<string, OrderCommandPayload>();
  for (const payload of payloads) {
    if (!Value.Check(OrderCommandPayloadSchema, payload)) {
      context.logger.error({ errors: [...Value.Errors(OrderCommandPayloadSchema, payload)].slice(0, 3).map((e) => `${e.path}: ${e.message}`) }, 'orders.commands payload does not match the contract; dropped');
      continue;
    }
    const command = payload as OrderCommandPayload;
    if (!commands.has(command.commandId)) commands.set(command.commandId, command);
  }
  if (commands.size === 0) return;
  const touched = new Set<EngineShard>();
  for (const command of commands.values()) {
    if (command.kind === 'submit') touched.add(shardFor(context, command.order.symbol));
    else if (command.kind === 'cancel' || command.kind === 'replace') touched.add(shardFor(context, command.symbol));
    else for (const shard of context.shards.values()) touched.add(shard);
  }
  await holding([...touched].sort((a, b) => (a.name < b.name ? -1 : 1)), async () => {
    const handled = await handledCommands(context.db, [...commands.keys()]);
    const fresh = [...commands.values()].filter((command) => !handled.has(command.commandId));
    if (fresh.length === 0) return;
    const batch = await CommandBatch.prepare(context, fresh);
    try {
      for (const command of fresh) await batch.apply(command);
      await batch.commit();
    } catch (error) {
      batch.abandon();
      throw error;
    }
  });
}

/** Runs `task` while holding every shard of `shards` (each waits for its earlier work first). */
function holding(shards: readonly EngineShard[], task: () => Promise<void>): Promise<void> {
  const [first, ...rest] = shards;
  return first ? first.run(() => holding(rest, task)) : task();
}

function shardFor(context: HandlerContext, symbol: string): EngineShard {
  const shard = context.shards.get(context.shardOf(symbol));
  if (!shard) throw new Error(`no shard for ${symbol}`);
  return shard;
}

/** Engine order ids the events name (routed children are reported against their parent). */
function eventOrderIds(events: readonly EngineEvent[]): bigint[] {
  const ids = new Set<bigint>();
  for (const event of events) {
    // Routed children (ids from 2^63, beyond PostgreSQL's bigint) are reported against their parent.
    if ('parentId' in event && event.parentId !== null) ids.add(event.parentId);
    else if ('orderId' in event) ids.add(event.orderId);
    if (event.type === 'trade') ids.add(event.counterParentId ?? event.counterOrderId);
  }
  return [...ids];
}

interface AppliedStep {
  kind: 'request';
  shard: EngineShard;
  applied: AppliedInput;
  request: RequestContext;
  submittedOrderId?: string;
  built: BuiltEvents | null;
}

/** One batch of fresh commands, applied in order while its shards are held. */
class CommandBatch {
  readonly #context: HandlerContext;
  /** Orders the batch addresses, by order id; the same objects as in #known, updated as events are built. */
  readonly #orders: Map<string, StoredOrder>;
  /** Orders of the order service by engine id (buildEvents updates their totals in place). */
  readonly #known = new Map<bigint, KnownOrder>();
  readonly #symbols: Map<string, number>;
  readonly #accounts: Map<string, bigint>;
  readonly #steps: (AppliedStep | { kind: 'events'; envelopes: EventEnvelope[] })[] = [];
  readonly #commands: { commandId: string; kind: string }[] = [];
  readonly #submitted: string[] = [];
  /** Shards whose journal holds requests of this batch (synced once, before the commit). */
  readonly #journaled = new Set<EngineShard>();
  readonly #recordedAt = new Date().toISOString();
  #committed = false;

  private constructor(context: HandlerContext, orders: Map<string, StoredOrder>, symbols: Map<string, number>, accounts: Map<string, bigint>) {
    this.#context = context;
    this.#orders = orders;
    this.#symbols = symbols;
    this.#accounts = accounts;
    for (const order of orders.values()) this.#known.set(order.engineOrderId, order);
  }

  /** Records the batch's new orders and reads what its commands address (four statements). */
  static async prepare(context: HandlerContext, commands: readonly OrderCommandPayload[]): Promise<CommandBatch> {
    const submits = commands.filter((c): c is Submit => c.kind === 'submit');
    const addressed = commands.flatMap((c) => (c.kind === 'cancel' || c.kind === 'replace' ? [c.orderId] : []));
    const orders = await recordOrders(
      context.db,
      submits.map((c) => ({ shard: shardFor(context, c.order.symbol).name, order: c.order, instrument: c.instrument })),
      addressed,
    );
    const symbols = [...orders.values()].map((order) => order.order.symbol);
    const accounts = [...orders.values()].map((order) => order.accountId);
    for (const command of commands) {
      if (command.kind === 'submit') {
        symbols.push(command.order.symbol);
        accounts.push(command.order.accountId);
      } else if ((command.kind === 'set-risk-limits' || command.kind === 'set-kill-switch') && command.accountId !== null) {
        accounts.push(command.accountId);
      }
    }
    const [symbolNumbers, accountNumbers] = await Promise.all([engineSymbols(context.db, symbols), engineAccounts(context.db, accounts)]);
    return new CommandBatch(context, orders, symbolNumbers, accountNumbers);
  }

  /** Applies one command on its shard(s), journaled but not yet synced. */
  async apply(command: OrderCommandPayload): Promise<void> {
    switch (command.kind) {
      case 'submit':
        this.#submit(command);
        break;
      case 'cancel':
      case 'replace':
        await this.#cancelOrReplace(command);
        break;
      case 'set-risk-limits':
      case 'set-kill-switch':
        this.#configureRisk(command);
        break;
    }
    this.#commands.push({ commandId: command.commandId, kind: command.kind });
  }

  /** Builds what is left, syncs each touched journal once, and commits the whole batch in one transaction. */
  async commit(): Promise<void> {
    await this.#build();
    for (const shard of this.#journaled) shard.sync();
    const steps: BatchStep[] = this.#steps.map((step) => (step.kind === 'events' ? step : { kind: 'request', write: this.#write(step) }));
    await withTransaction(this.#context.db, (client) => persistWrites(client, { steps, commands: this.#commands, submitted: this.#submitted }));
    this.#committed = true;
    for (const step of this.#steps) {
      if (step.kind !== 'request') continue;
      this.#context.metrics?.fills(step.built!.fills);
      this.#context.onCommitted?.(step.shard, step.applied.outcome.events);
    }
  }

  /** After a failure before the commit: every shard that applied part of the batch is ahead of PostgreSQL. */
  abandon(): void {
    if (this.#committed) return;
    for (const step of this.#steps) if (step.kind === 'request' && step.applied.outcome.journalSequence > 0n) step.shard.markDiverged();
  }

  #write(step: AppliedStep): RequestWrite {
    const write: RequestWrite = { shard: step.shard.name, journalSequence: step.applied.outcome.journalSequence, input: step.applied.input, built: step.built! };
    if (step.submittedOrderId) write.submittedOrderId = step.submittedOrderId;
    return write;
  }

  #journal(shard: EngineShard, input: EngineInput, request: RequestContext, submittedOrderId?: string): SubmitOutcome {
    const started = process.hrtime.bigint();
    const applied = shard.journal(input);
    this.#context.metrics?.engineCommand(input, Number(process.hrtime.bigint() - started) / 1e9);
    if (applied.outcome.journalSequence > 0n) this.#journaled.add(shard);
    this.#steps.push({ kind: 'request', shard, applied, request, ...(submittedOrderId ? { submittedOrderId } : {}), built: null });
    return applied.outcome;
  }

  /** Builds the reports and fills of the requests applied since the last build, in order (one read for the orders they name that the batch has not seen). */
  async #build(): Promise<void> {
    const pending = this.#steps.filter((step): step is AppliedStep => step.kind === 'request' && step.built === null);
    if (pending.length === 0) return;
    const missing = [...new Set(pending.flatMap((step) => eventOrderIds(step.applied.outcome.events)))].filter((id) => !this.#known.has(id));
    for (const [engineId, order] of await knownOrders(this.#context.db, missing)) {
      const shared = this.#orders.get(order.orderId) ?? order;
      this.#orders.set(order.orderId, shared);
      this.#known.set(engineId, shared);
    }
    for (const step of pending) {
      const outcome = step.applied.outcome;
      step.built = buildEvents(step.shard.name, outcome.journalSequence, outcome.events, this.#known, step.request, this.#recordedAt);
    }
  }

  #events(...envelopes: EventEnvelope[]): void {
    this.#steps.push({ kind: 'events', envelopes });
  }

  #submit(command: Submit): void {
    const shard = shardFor(this.#context, command.order.symbol);
    const stored = this.#orders.get(command.order.id)!;
    if (stored.submitted) return;
    stored.submitted = true;
    const timestamp = shard.timestamp();
    const address = { symbol: this.#symbols.get(command.order.symbol)!, account: this.#accounts.get(command.order.accountId)!, orderId: stored.engineOrderId };
    try {
      this.#journal(shard, { kind: 'command', command: newOrderCommand(command.order, address, timestamp) }, { kind: 'submit' }, command.order.id);
    } catch (error) {
      // The facade refuses values the engine cannot represent before anything is journaled; retrying
      // would refuse again forever, so the order is rejected instead of blocking its partition.
      if (!(error instanceof EngineError) || error.code !== 'ENGINE_INVALID_ARGUMENT') throw error;
      this.#context.logger.warn({ orderId: command.order.id, err: error }, 'the engine refused the order\'s values');
      const payload: ExecutionReportPayload = { kind: 'rejected', orderId: command.order.id, accountId: command.order.accountId, at: isoFromNanos(timestamp), reason: 'BOOK_INVALID_ORDER', message: error.message.slice(0, 500) };
      this.#events(createEnvelope('orders.reports', command.order.accountId, payload));
      this.#submitted.push(command.order.id);
    }
  }

  async #cancelOrReplace(command: CancelOrReplace): Promise<void> {
    const shard = shardFor(this.#context, command.symbol);
    const stored = this.#orders.get(command.orderId);
    const base = { commandId: command.commandId, orderId: command.orderId, accountId: command.accountId };
    const refuse = (reason: 'BOOK_UNKNOWN_ORDER' | 'BOOK_UNSUPPORTED_ORDER' | 'BOOK_INVALID_QUANTITY') => {
      const at = isoFromNanos(shard.timestamp());
      const payload: ExecutionReportPayload = command.kind === 'cancel' ? { kind: 'cancel-rejected', ...base, reason, at } : { kind: 'replace-rejected', ...base, reason, at };
      this.#events(createEnvelope('orders.reports', command.accountId, payload));
    };
    if (!stored || !stored.submitted || stored.accountId !== command.accountId) return refuse('BOOK_UNKNOWN_ORDER');
    const address = { symbol: this.#symbols.get(stored.order.symbol)!, orderId: stored.engineOrderId, account: this.#accounts.get(stored.accountId)!, timestamp: shard.timestamp() };
    if (command.kind === 'cancel') {
      this.#journal(shard, { kind: 'command', command: { type: 'cancel', ...address } }, { kind: 'cancel', ...base });
      return;
    }
    if (command.stopPriceTicks !== stored.order.stopPriceTicks) return refuse('BOOK_UNSUPPORTED_ORDER');
    // The order's fill total must include what earlier commands of this batch filled.
    await this.#build();
    if (command.quantityLots <= stored.filledLots) return refuse('BOOK_INVALID_QUANTITY');
    const replace = { type: 'replace' as const, ...address, quantity: command.quantityLots - stored.filledLots, ...(command.limitPriceTicks !== null ? { price: command.limitPriceTicks } : {}) };
    this.#journal(shard, { kind: 'command', command: replace }, { kind: 'replace', ...base, quantityLots: command.quantityLots, limitPriceTicks: command.limitPriceTicks, stopPriceTicks: command.stopPriceTicks });
  }

  #riskChange(command: RiskCommand, timestamp: bigint): RiskConfigChange {
    const account = command.accountId === null ? null : this.#accounts.get(command.accountId)!;
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

  #configureRisk(command: RiskCommand): void {
    let refusal: string | null = null;
    let at = 0n;
    const request: RequestContext = command.kind === 'set-kill-switch' ? { kind: 'kill-switch' } : { kind: 'internal' };
    for (const shard of this.#context.shards.values()) {
      at = shard.timestamp();
      const outcome = this.#journal(shard, { kind: 'config', change: this.#riskChange(command, at) }, request);
      if (!outcome.ok) refusal ??= outcome.code;
    }
    const payload: ExecutionReportPayload = { kind: 'risk-applied', commandId: command.commandId, applied: refusal === null, reason: refusal, at: isoFromNanos(at) };
    this.#events(createEnvelope('orders.reports', RISK_EVENT_KEY, payload));
  }
}

/** Applies `input` on `shard` and persists its events in one transaction (call inside shard.run()). */
export async function applyAndPersist(
  context: HandlerContext,
  shard: EngineShard,
  input: EngineInput,
  request: RequestContext,
  finish: (client: pg.PoolClient, outcome: SubmitOutcome) => Promise<void>,
): Promise<SubmitOutcome> {
  const started = process.hrtime.bigint();
  const { outcome, input: stored } = shard.apply(input);
  context.metrics?.engineCommand(input, Number(process.hrtime.bigint() - started) / 1e9);
  let fills: BuiltEvents['fills'] = [];
  try {
    await withTransaction(context.db, async (client) => {
      const known = await knownOrders(client, eventOrderIds(outcome.events));
      const built = buildEvents(shard.name, outcome.journalSequence, outcome.events, known as Map<bigint, KnownOrder>, request, new Date().toISOString());
      await persistWrites(client, { steps: [{ kind: 'request', write: { shard: shard.name, journalSequence: outcome.journalSequence, input: stored, built } }], commands: [], submitted: [] });
      await finish(client, outcome);
      fills = built.fills;
    });
  } catch (error) {
    if (outcome.journalSequence > 0n) shard.markDiverged();
    throw error;
  }
  context.metrics?.fills(fills);
  context.onCommitted?.(shard, outcome.events);
  return outcome;
}
