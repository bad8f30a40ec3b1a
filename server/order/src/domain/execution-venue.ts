// The order service's view of execution: where decided orders, cancels, modifications and risk
// settings go. Execution answers asynchronously with reports (ExecutionReportPayload: accepted,
// rejected, fill, cancelled, expired, replaced, replace-rejected, cancel-rejected, risk-applied),
// which services/report-consumer.ts applies to the state machine. The contract — payloads, keys,
// ordering, de-duplication — is shared/src/trading/order-flow.ts and docs/orders.md ("The execution
// boundary"). Invariant: every method takes the caller's transaction, so a command is sent if and
// only if the state change that decided it commits (the outbox rule); a venue never answers
// inline, so the same code serves a venue in this process and one across the network.
import type {
  CancelOrderCommand,
  InstrumentEconomics,
  Order,
  ReplaceOrderCommand,
  RiskLimits,
  RiskLimitScope,
  KillSwitchMode,
  KillSwitchScope,
} from '@kestrel/shared';

/** Sends commands to execution inside transaction `Tx`. */
export interface ExecutionVenue<Tx> {
  /** Enter an order that passed every check (ack/reject, fills and its end come back as reports). */
  submit(tx: Tx, commandId: string, order: Order, instrument: InstrumentEconomics): Promise<void>;
  /** Cancel what is left of an order (`cancelled` or `cancel-rejected` comes back). */
  cancel(tx: Tx, command: Omit<CancelOrderCommand, 'kind'>): Promise<void>;
  /** Change an order's total quantity and/or prices (`replaced` or `replace-rejected` comes back). */
  modify(tx: Tx, command: Omit<ReplaceOrderCommand, 'kind'>): Promise<void>;
  /** Replace the limits of a scope; null clears an account's overrides (`risk-applied` comes back). */
  setRiskLimits(tx: Tx, commandId: string, scope: RiskLimitScope, accountId: string | null, limits: RiskLimits | null): Promise<void>;
  /** Engage or lift a kill switch (`risk-applied`, and for cancel_all the cancels, come back). */
  setKillSwitch(tx: Tx, commandId: string, scope: KillSwitchScope, accountId: string | null, mode: KillSwitchMode): Promise<void>;
}
