// The strategy's timers on the simulated clock: a binary min-heap ordered by (due time, creation
// order), so timers due at the same time fire in the order they were set. Invariants: a timer
// fires at most once per due time; a periodic timer is re-armed at due + interval (skipping due
// times already passed, so a long quiet stretch does not cause a burst); cancelled timers are
// removed lazily when they reach the top.

import { StrategyError } from '@kestrel/shared';

interface Timer {
  id: string;
  name: string;
  due: number;
  order: number;
  interval: number;
}

/** Timers ordered by due time. */
export class TimerQueue {
  private readonly heap: Timer[] = [];
  private readonly live = new Set<string>();
  private counter = 0;

  /** True when no timer is pending. */
  get empty(): boolean {
    return this.live.size === 0;
  }

  /** Due time of the earliest pending timer (Infinity when none). */
  nextDue(): number {
    this.dropCancelled();
    return this.heap.length === 0 ? Infinity : this.heap[0]!.due;
  }

  /** Adds a one-shot (interval 0) or periodic timer; returns its id. */
  add(now: number, due: number, interval: number, name: string): string {
    if (!Number.isFinite(due) || due <= now) {
      throw new StrategyError('STRATEGY_TIMER_INVALID', `timer "${name}" is due at ${String(due)}, not after the current time ${now}`);
    }
    if (interval !== 0 && (!Number.isSafeInteger(interval) || interval <= 0)) {
      throw new StrategyError('STRATEGY_TIMER_INVALID', `timer interval must be a positive whole number of ms, got ${String(interval)}`);
    }
    const order = ++this.counter;
    const id = `t-${order}`;
    this.push({ id, name, due, order, interval });
    this.live.add(id);
    return id;
  }

  /** Cancels a pending timer; false when unknown or already fired (one-shot). */
  cancel(id: string): boolean {
    return this.live.delete(id);
  }

  /** Removes and returns the earliest timer if it is due at or before `time`; re-arms periodic ones. */
  pop(time: number): { id: string; name: string; due: number } | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (top === undefined || top.due > time) return undefined;
    this.removeTop();
    if (top.interval > 0) {
      const skipped = Math.max(1, Math.ceil((time - top.due) / top.interval));
      this.push({ ...top, due: top.due + skipped * top.interval, order: ++this.counter });
    } else {
      this.live.delete(top.id);
    }
    return { id: top.id, name: top.name, due: top.due };
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && !this.live.has(this.heap[0]!.id)) this.removeTop();
  }

  private before(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.order < b.order);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private removeTop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
