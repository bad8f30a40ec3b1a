// Reads the risk desk's settings for one account from the order service's `order_risk_settings`
// (the table behind GET /v1/risk/limits and GET /v1/risk/kill-switch, one database for the suite),
// so replay sessions apply the limits and kill switches live orders get from the engine's risk
// manager. Read only: the order service owns and writes the table (server/order/src/store/risk-store.ts,
// targets `limits:default`, `limits:global`, `limits:account:<id>`, `kill:global`, `kill:account:<id>`).
// Invariant: a malformed stored value is ignored for that target (the order service validated it
// when it was written); without the table (no order service in this database) nothing applies. Known limit: what is read is what the risk desk last requested, before
// execution confirmed it (the order service's `applied`), the same thing the risk routes show.
import type pg from 'pg';
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { RiskLimitsSchema, type RiskLimits } from '@kestrel/shared';

/** PostgreSQL's undefined_table. */
const UNDEFINED_TABLE = '42P01';
const KILL_MODES = ['off', 'halt', 'reduce_only', 'cancel_all'] as const;
const KillValue = Type.Object({ mode: Type.Union(KILL_MODES.map((mode) => Type.Literal(mode))) });

/** A kill-switch mode as the engine names it. */
export type KillMode = (typeof KILL_MODES)[number];

/** What applies to one account: its override else the default limits, and both kill switches. */
export interface AccountRiskSettings {
  limits: RiskLimits | null;
  accountKill: KillMode;
  globalKill: KillMode;
}

/** The settings that apply to `accountId`. */
export async function accountRiskSettings(db: pg.Pool, accountId: string): Promise<AccountRiskSettings> {
  let rows: { target: string; value: unknown }[];
  try {
    ({ rows } = await db.query<{ target: string; value: unknown }>(
      'SELECT target, value FROM order_risk_settings WHERE target = ANY($1::text[])',
      [['limits:default', `limits:account:${accountId}`, 'kill:global', `kill:account:${accountId}`]],
    ));
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return { limits: null, accountKill: 'off', globalKill: 'off' };
    throw error;
  }
  const value = (target: string) => rows.find((row) => row.target === target)?.value ?? null;
  const limits = (target: string) => {
    const stored = value(target);
    return stored !== null && Value.Check(RiskLimitsSchema, stored) ? stored : null;
  };
  const kill = (target: string): KillMode => {
    const stored = value(target);
    return Value.Check(KillValue, stored) ? stored.mode : 'off';
  };
  return {
    limits: limits(`limits:account:${accountId}`) ?? limits('limits:default'),
    accountKill: kill(`kill:account:${accountId}`),
    globalKill: kill('kill:global'),
  };
}
