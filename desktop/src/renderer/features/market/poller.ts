// Shared polling subscriptions: every key (e.g. "book:AAPL") has one timer however many panels
// watch it, the latest value is replayed to a new subscriber at once, and the timer stops when
// the last subscriber leaves. Invariants: at most one request per key is in flight (a slow
// server is never asked again before it answered); a failed poll reaches subscribers as an error
// value and polling continues, five times slower while it keeps failing (the feed recovers when
// the server does). A refresh asked for while a request is in flight polls again as soon as it
// answers (that answer may predate the change the refresh is about).

/** What a subscriber receives. */
export type PollResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Entry<T> {
  listeners: Set<(result: PollResult<T>) => void>;
  last: PollResult<T> | null;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  /** A refresh came while a request was in flight: poll again when it answers. */
  again: boolean;
  controller: AbortController;
  tick: () => Promise<void>;
}

/** A set of keyed pollers. */
export class Poller {
  private readonly entries = new Map<string, Entry<unknown>>();

  /** Watches `key`, fetching with `load` every `intervalMs`; returns the unsubscribe function. */
  watch<T>(key: string, intervalMs: number, load: (signal: AbortSignal) => Promise<T>, listener: (result: PollResult<T>) => void): () => void {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (entry) {
      if (entry.last) listener(entry.last);
      entry.listeners.add(listener);
    } else {
      const current: Entry<T> = { listeners: new Set([listener]), last: null, timer: null, running: false, again: false, controller: new AbortController(), tick: async () => undefined };
      entry = current;
      this.entries.set(key, current as Entry<unknown>);
      const tick = async () => {
        if (current.running || current.controller.signal.aborted) return;
        current.running = true;
        let result: PollResult<T>;
        try {
          result = { ok: true, value: await load(current.controller.signal) };
        } catch (error) {
          result = { ok: false, error };
        }
        current.running = false;
        if (current.controller.signal.aborted) return;
        current.last = result;
        for (const each of current.listeners) each(result);
        if (current.again) {
          current.again = false;
          void tick();
          return;
        }
        // A failing source (server down, nothing recorded yet) is asked less often.
        current.timer = setTimeout(() => void tick(), result.ok ? intervalMs : Math.min(intervalMs * 5, 30_000));
      };
      current.tick = tick;
      void tick();
    }
    const watched = entry;
    return () => {
      watched.listeners.delete(listener);
      if (watched.listeners.size === 0) {
        if (watched.timer) clearTimeout(watched.timer);
        watched.controller.abort();
        this.entries.delete(key);
      }
    };
  }

  /** Polls the keys starting with `prefix` now (after an action that changed them). */
  refresh(prefix: string): void {
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      if (entry.running) {
        entry.again = true;
        continue;
      }
      if (entry.timer) clearTimeout(entry.timer);
      void entry.tick();
    }
  }

  /** Number of keys being polled (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /** Stops everything (sign-out). */
  stopAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.controller.abort();
    }
    this.entries.clear();
  }
}
