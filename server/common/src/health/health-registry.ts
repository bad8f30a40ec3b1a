// Readiness checks of every dependency a process relies on (database, Redis, bus, storage, and
// whatever services register). Invariants: checks run concurrently, each bounded by its own
// timeout, so one hung dependency cannot stall the probe; a check passes by resolving and fails
// by throwing or timing out; a name is registered once.

/** A readiness check; `signal` aborts when the check's timeout expires. */
export type HealthCheck = (signal: AbortSignal) => Promise<unknown>;

/** Outcome of one check in a readiness report. */
export interface CheckResult {
  name: string;
  status: 'ok' | 'fail';
  latencyMs: number;
  error?: string;
}

/** The body of GET /health/ready. */
export interface ReadinessReport {
  status: 'ok' | 'fail';
  checks: CheckResult[];
}

/** Default per-check time limit. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

interface Registered {
  name: string;
  check: HealthCheck;
  timeoutMs: number;
}

/** Where modules register readiness checks; GET /health/ready runs them all. */
export class HealthRegistry {
  readonly #checks: Registered[] = [];

  /** Adds a check; names must be unique (they are the keys operators alert on). */
  register(name: string, check: HealthCheck, options: { timeoutMs?: number } = {}): void {
    if (this.#checks.some((entry) => entry.name === name)) throw new Error(`health check "${name}" is already registered`);
    this.#checks.push({ name, check, timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS });
  }

  /** Names of the registered checks, in registration order. */
  names(): string[] {
    return this.#checks.map((entry) => entry.name);
  }

  /** Runs every check concurrently and reports each one. */
  async run(): Promise<ReadinessReport> {
    const checks = await Promise.all(this.#checks.map((entry) => runOne(entry)));
    return { status: checks.every((c) => c.status === 'ok') ? 'ok' : 'fail', checks };
  }
}

async function runOne({ name, check, timeoutMs }: Registered): Promise<CheckResult> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([check(controller.signal), timeout]);
    return { name, status: 'ok', latencyMs: elapsed(started) };
  } catch (error) {
    return { name, status: 'fail', latencyMs: elapsed(started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
