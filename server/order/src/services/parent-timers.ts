// Timers of working parents (TWAP/VWAP slice times). One timer per parent, armed at the parent's
// stored wake_at; when it fires the parent is evaluated with a `timer` input in its own
// transaction and re-armed from the result. At start, resume() re-arms every working parent from
// the database, so a restarted service carries on where the stored state says — slices that
// fell due while it was down are caught up in one child (domain/parent/slicing.ts).
// Invariants: a fired timer that finds nothing due changes nothing (the decision is re-derived
// from the stored state and children); after stop() no timer fires.
import { withTransaction } from '@kestrel/server-common';
import type { CancelTimer } from '../domain/time-source.js';
import { wakingParents } from '../store/parents-store.js';
import type { OrderContext, TimerScheduler } from './context.js';
import { Effects } from './effects.js';
import { evaluateParent } from './parent-engine.js';
import { runEffects } from './routing.js';

/** Arms, fires and re-arms parent timers. */
export class ParentTimers implements TimerScheduler {
  readonly #timers = new Map<string, { atMs: number; cancel: CancelTimer }>();
  readonly #running = new Set<Promise<void>>();
  #context: OrderContext | undefined;
  #stopped = false;

  /** Connects the timers to the service (the context needs the timers, so this comes after construction). */
  attach(context: OrderContext): void {
    this.#context = context;
  }

  schedule(parentId: string, atMs: number | null): void {
    const context = this.#context;
    if (!context || this.#stopped) return;
    const existing = this.#timers.get(parentId);
    if (existing && existing.atMs === atMs) return;
    existing?.cancel();
    this.#timers.delete(parentId);
    if (atMs === null) return;
    const cancel = context.time.setTimer(atMs, () => this.#fire(parentId, atMs));
    this.#timers.set(parentId, { atMs, cancel });
  }

  /** Re-arms every working parent that waits for a timer. */
  async resume(): Promise<number> {
    const context = this.#context;
    if (!context) throw new Error('ParentTimers.resume() before attach()');
    const waiting = await wakingParents(context.db);
    for (const parent of waiting) this.schedule(parent.id, parent.wakeAtMs);
    return waiting.length;
  }

  /** Cancels every timer and waits for running evaluations. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
  }

  #fire(parentId: string, atMs: number): Promise<void> {
    const context = this.#context!;
    if (this.#timers.get(parentId)?.atMs === atMs) this.#timers.delete(parentId);
    if (this.#stopped) return Promise.resolve();
    const run = (async () => {
      const effects = new Effects();
      try {
        await withTransaction(context.db, (client) => evaluateParent(client, context.venue, context.time.now(), parentId, { kind: 'timer' }, effects));
        await runEffects(context, effects);
      } catch (error) {
        context.logger.error({ parentId, err: error }, 'parent timer failed; retrying in one sweep interval');
        this.schedule(parentId, context.time.now() + context.config.sweepIntervalMs);
      }
    })();
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
    return run;
  }
}
