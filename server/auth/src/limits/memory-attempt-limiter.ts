// In-process AttemptLimiter for the embedded shape (one process, no Redis).
// Invariants: expired windows are dropped lazily on access and by a bounded sweep when the map
// grows past `maxKeys`, so memory stays bounded under a spray of distinct keys.
import type { AttemptLimiter, AttemptWindow } from './attempt-limiter.js';

interface Window {
  count: number;
  expiresAt: number;
}

/** AttemptLimiter kept in a Map; `now` is injectable for tests. */
export class MemoryAttemptLimiter implements AttemptLimiter {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  async hit(key: string, windowMs: number): Promise<AttemptWindow> {
    const now = this.now();
    let window = this.#live(key, now);
    if (!window) {
      if (this.#windows.size >= this.maxKeys) this.#sweep(now);
      window = { count: 0, expiresAt: now + windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.expiresAt - now };
  }

  async peek(key: string): Promise<AttemptWindow> {
    const now = this.now();
    const window = this.#live(key, now);
    return window ? { count: window.count, resetInMs: window.expiresAt - now } : { count: 0, resetInMs: 0 };
  }

  async reset(key: string): Promise<void> {
    this.#windows.delete(key);
  }

  #live(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key);
    if (window && window.expiresAt <= now) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.expiresAt <= now) this.#windows.delete(key);
    // Still full of live windows: drop the oldest insertions rather than grow without bound.
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < this.maxKeys) break;
      this.#windows.delete(key);
    }
  }
}
