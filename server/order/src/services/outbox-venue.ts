// The production ExecutionVenue: every command becomes an `orders.commands` event in the outbox of
// the caller's transaction, keyed by account id (risk commands without an account: `risk`), and
// the relay publishes it on the process's event bus — Kafka in the suite shape, the in-process bus
// in the embedded shape, where the execution service consumes it in the same process.
import { enqueue } from '@kestrel/server-common';
import type {
  CancelOrderCommand,
  InstrumentEconomics,
  KillSwitchMode,
  KillSwitchScope,
  Order,
  ReplaceOrderCommand,
  RiskLimits,
  RiskLimitScope,
} from '@kestrel/shared';
import type pg from 'pg';
import type { ExecutionVenue } from '../domain/execution-venue.js';
import type { TimeSource } from '../domain/time-source.js';
import { commandEvent, submitCommandEvent } from './events.js';

/** Commands through the transactional outbox onto `orders.commands`. */
export class OutboxExecutionVenue implements ExecutionVenue<pg.ClientBase> {
  readonly #time: TimeSource;

  constructor(time: TimeSource) {
    this.#time = time;
  }

  async submit(tx: pg.ClientBase, commandId: string, order: Order, instrument: InstrumentEconomics): Promise<void> {
    await enqueue(tx, submitCommandEvent(commandId, order, instrument, this.#time.now()));
  }

  async cancel(tx: pg.ClientBase, command: Omit<CancelOrderCommand, 'kind'>): Promise<void> {
    await enqueue(tx, commandEvent(command.accountId, { kind: 'cancel', ...command }, this.#time.now()));
  }

  async modify(tx: pg.ClientBase, command: Omit<ReplaceOrderCommand, 'kind'>): Promise<void> {
    await enqueue(tx, commandEvent(command.accountId, { kind: 'replace', ...command }, this.#time.now()));
  }

  async setRiskLimits(tx: pg.ClientBase, commandId: string, scope: RiskLimitScope, accountId: string | null, limits: RiskLimits | null): Promise<void> {
    await enqueue(tx, commandEvent(accountId, { kind: 'set-risk-limits', commandId, scope, accountId, limits }, this.#time.now()));
  }

  async setKillSwitch(tx: pg.ClientBase, commandId: string, scope: KillSwitchScope, accountId: string | null, mode: KillSwitchMode): Promise<void> {
    await enqueue(tx, commandEvent(accountId, { kind: 'set-kill-switch', commandId, scope, accountId, mode }, this.#time.now()));
  }
}
