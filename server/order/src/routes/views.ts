// Turning stored records into the API's response shapes (routes/schemas.ts).
import type { KillSwitchMode, KillSwitchScope, RiskLimitScope, RiskLimits } from '@kestrel/shared';
import type { Static } from '@sinclair/typebox';
import { toOrder, type OrderRecord } from '../domain/order-record.js';
import type { RiskSetting } from '../store/risk-store.js';
import type { KillSwitchSettingSchema, OrderViewSchema, RiskLimitsSettingSchema } from './schemas.js';

/** The API view of an order. */
export function orderView(order: OrderRecord): Static<typeof OrderViewSchema> {
  const pending = order.pendingReplace;
  return {
    ...toOrder(order),
    parentRole: order.parentRole,
    cancelPending: order.cancelCommandId !== null,
    pendingModification:
      pending === null
        ? null
        : { quantityLots: pending.quantityLots, limitPriceTicks: pending.limitPriceTicks, stopPriceTicks: pending.stopPriceTicks, requestedAt: pending.requestedAt },
  };
}

function settingFields(setting: RiskSetting) {
  return {
    commandId: setting.commandId,
    updatedBy: setting.updatedBy,
    updatedAt: setting.updatedAt,
    applied: setting.applied,
    appliedReason: setting.appliedReason,
    appliedAt: setting.appliedAt,
  };
}

/** The API view of stored limits. */
export function riskLimitsView(setting: RiskSetting): Static<typeof RiskLimitsSettingSchema> {
  return { scope: setting.scope as RiskLimitScope, accountId: setting.accountId, limits: setting.value as RiskLimits | null, ...settingFields(setting) };
}

/** The API view of a stored kill switch. */
export function killSwitchView(setting: RiskSetting): Static<typeof KillSwitchSettingSchema> {
  const value = setting.value as { mode: KillSwitchMode; reason: string };
  return { scope: setting.scope as KillSwitchScope, accountId: setting.accountId, mode: value.mode, reason: value.reason, ...settingFields(setting) };
}
