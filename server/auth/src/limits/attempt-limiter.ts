// Counting attempts per key in fixed windows: the shared interface behind per-IP login limits and
// per-account lockout. Two implementations satisfy it (Redis for several processes, in-process for
// the embedded shape) and one contract test runs against both.
// Invariants: `hit` is atomic (concurrent hits never lose counts); a window starts at the first hit
// after the previous one expired; keys expire on their own, so nothing needs sweeping.
// Known limits: fixed windows allow up to 2x the limit across a window boundary; acceptable for
// abuse limits, which is all this is used for.

/** Count of attempts in the current window and time until that window ends. */
export interface AttemptWindow {
  count: number;
  resetInMs: number;
}

/** Fixed-window attempt counter keyed by string. */
export interface AttemptLimiter {
  /** Records one attempt and returns the window including it. */
  hit(key: string, windowMs: number): Promise<AttemptWindow>;
  /** Returns the current window without recording anything (count 0 when none). */
  peek(key: string): Promise<AttemptWindow>;
  /** Forgets the key (e.g. after a successful login or an admin unlock). */
  reset(key: string): Promise<void>;
}
