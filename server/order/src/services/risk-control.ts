// The risk desk's controls (roles risk and admin): pre-trade limits and kill switches of the
// engine's risk manager. The order service does not enforce them itself — the engine does, on
// every order — it records what was requested, audits who changed what, and forwards each change
// to execution as a command on `orders.commands` in the same transaction (so a stored setting is
// always sent). Execution answers with a `risk-applied` report, stored next to the setting.
// A kill switch in mode `halt` or `cancel_all` also cancels the working parent orders in its scope,
// so the service stops placing new children (the engine cancels open orders for cancel_all).
import { randomUUID } from 'node:crypto';
import { withTransaction } from '@kestrel/server-common';
import type { KillSwitchMode, KillSwitchScope, RiskLimits, RiskLimitScope } from '@kestrel/shared';
import { appendRiskAudit, lockRiskSetting, saveRiskSetting, type RiskSetting } from '../store/risk-store.js';
import { workingParentIds } from '../store/parents-store.js';
import type { OrderContext } from './context.js';
import { Effects } from './effects.js';
import { cancelParentInTransaction } from './parent-orders.js';
import { runEffects } from './routing.js';

/** Who asked, for the audit. */
export interface RiskActor {
  userId: string;
  requestId: string;
}

/** The settings key of a limit scope. */
export function limitsTarget(scope: RiskLimitScope, accountId: string | null): string {
  return scope === 'account' ? `limits:account:${accountId}` : `limits:${scope}`;
}

/** The settings key of a kill switch. */
export function killSwitchTarget(scope: KillSwitchScope, accountId: string | null): string {
  return scope === 'account' ? `kill:account:${accountId}` : 'kill:global';
}

/** Sets (or with `limits` null clears) the limits of a scope. */
export async function setRiskLimits(
  context: OrderContext,
  actor: RiskActor,
  scope: RiskLimitScope,
  accountId: string | null,
  limits: RiskLimits | null,
): Promise<RiskSetting> {
  const target = limitsTarget(scope, accountId);
  return withTransaction(context.db, async (client) => {
    const before = await lockRiskSetting(client, target);
    const nowMs = context.time.now();
    const at = new Date(nowMs).toISOString();
    const commandId = randomUUID();
    await saveRiskSetting(client, { target, kind: 'limits', scope, accountId, value: limits, commandId, updatedBy: actor.userId, updatedAt: at });
    await appendRiskAudit(client, {
      at,
      actorUserId: actor.userId,
      target,
      action: limits === null ? 'clear-limits' : 'set-limits',
      before: before?.value ?? null,
      after: limits,
      reason: null,
      commandId,
      requestId: actor.requestId,
    });
    await context.venue.setRiskLimits(client, commandId, scope, accountId, limits);
    const stored = await lockRiskSetting(client, target);
    return stored!;
  });
}

/** Engages or lifts a kill switch; returns the stored setting and the parent orders it cancelled. */
export async function setKillSwitch(
  context: OrderContext,
  actor: RiskActor,
  scope: KillSwitchScope,
  accountId: string | null,
  mode: KillSwitchMode,
  reason: string,
): Promise<{ setting: RiskSetting; cancelledParentOrderIds: string[] }> {
  const target = killSwitchTarget(scope, accountId);
  const effects = new Effects();
  const outcome = await withTransaction(context.db, async (client) => {
    const before = await lockRiskSetting(client, target);
    const nowMs = context.time.now();
    const at = new Date(nowMs).toISOString();
    const commandId = randomUUID();
    await saveRiskSetting(client, { target, kind: 'kill-switch', scope, accountId, value: { mode, reason }, commandId, updatedBy: actor.userId, updatedAt: at });
    await appendRiskAudit(client, { at, actorUserId: actor.userId, target, action: `kill-switch-${mode}`, before: before?.value ?? null, after: { mode }, reason, commandId, requestId: actor.requestId });
    await context.venue.setKillSwitch(client, commandId, scope, accountId, mode);
    const cancelled: string[] = [];
    if (mode === 'halt' || mode === 'cancel_all') {
      const parents = await workingParentIds(client, { accountIds: accountId === null ? null : [accountId], ownerUserId: null });
      for (const parentId of parents) if (await cancelParentInTransaction(client, context.venue, nowMs, parentId, 'KILL_SWITCH', effects)) cancelled.push(parentId);
    }
    return { setting: (await lockRiskSetting(client, target))!, cancelledParentOrderIds: cancelled };
  });
  await runEffects(context, effects);
  return outcome;
}
