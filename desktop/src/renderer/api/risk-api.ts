// Risk controls of the order service (risk and admin roles): limits per scope and kill switches,
// each carrying execution's answer (`applied`) once the engine has taken it.
import type { KillSwitchMode, RiskLimits } from '@kestrel/shared';
import type { HttpClient } from './http-client.js';

/** Fields every risk setting carries. */
interface SettingFields {
  updatedBy: string;
  updatedAt: string;
  /** Execution's answer: null until it arrives. */
  applied: boolean | null;
  appliedReason: string | null;
}

/** Limits of one scope. */
export type RiskLimitsSetting = SettingFields & { scope: 'default' | 'global' | 'account'; accountId: string | null; limits: RiskLimits | null };
/** A kill switch. */
export type KillSwitchSetting = SettingFields & { scope: 'global' | 'account'; accountId: string | null; mode: KillSwitchMode; reason: string };

/** The risk calls. */
export class RiskApi {
  constructor(private readonly http: HttpClient) {}

  async limits(): Promise<RiskLimitsSetting[]> {
    return (await this.http.get<{ limits: RiskLimitsSetting[] }>('/v1/risk/limits')).limits;
  }

  setLimits(scope: 'default' | 'global', limits: RiskLimits): Promise<RiskLimitsSetting> {
    return this.http.put(`/v1/risk/limits/${scope}`, limits);
  }

  async killSwitches(): Promise<KillSwitchSetting[]> {
    return (await this.http.get<{ killSwitches: KillSwitchSetting[] }>('/v1/risk/kill-switch')).killSwitches;
  }

  setKillSwitch(mode: KillSwitchMode, reason: string, accountId?: string): Promise<{ killSwitch: KillSwitchSetting }> {
    return this.http.post('/v1/risk/kill-switch', { scope: accountId ? 'account' : 'global', ...(accountId ? { accountId } : {}), mode, reason });
  }
}
