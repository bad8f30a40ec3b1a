// Follows the selected strategy-service job (a backtest or an optimisation): reads it at once, then
// every POLL_MS while it is queued or running, and keeps both the open job and its row in the job
// list current (the list holds jobs without their results). A read failure is reported once and
// polling stops; selecting another job (or leaving the panel) stops the old poll.
import { useEffect, type Dispatch, type SetStateAction } from 'react';
import type { BacktestJob, StrategyApi } from '../../api/strategy-api.js';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';

/** How often a running job is read. */
export const POLL_MS = 500;

/** Polls `selected` through `api[read]` until it ends; `label` names the job kind in error toasts. */
export function usePolledJob(
  api: StrategyApi,
  read: 'backtest' | 'optimisation',
  label: string,
  selected: string | null,
  setJob: Dispatch<SetStateAction<BacktestJob | null>>,
  setJobs: Dispatch<SetStateAction<BacktestJob[]>>,
): void {
  useEffect(() => {
    if (!selected) return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const poll = async () => {
      try {
        const current = await api[read](selected);
        if (stopped) return;
        setJob(current);
        setJobs((list) => list.map((each) => (each.id === current.id ? { ...current, result: null } : each)));
        if (current.status === 'queued' || current.status === 'running') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (error) {
        if (!stopped) notify('error', `${label}: ${messageOf(error)}`);
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, read, label, selected, setJob, setJobs]);
}
