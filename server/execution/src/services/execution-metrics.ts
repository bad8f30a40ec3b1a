// The execution service's metrics (docs/observability.md):
// - `kestrel_engine_command_duration_seconds{command}`: from handing a submit, cancel or replace to
//   the engine shard until its result, journal sync included (what the order waits for before it
//   can be acknowledged); buckets from 10 µs to 100 ms. Other inputs (risk configuration, time
//   advances) are not observed.
// - `kestrel_fills_total{symbol}`: executions booked, counted after their transaction committed
//   (both sides of a trade on the internal book are one execution each).
// Invariant: registering twice on one registry reuses the same metrics.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { EngineInput } from '../domain/engine-input.js';

/** The metrics an engine host records. */
export interface ExecutionMetrics {
  /** Observes how long the engine took for `input` (only submit, cancel, replace are recorded). */
  engineCommand(input: EngineInput, seconds: number): void;
  /** Counts booked executions by instrument symbol. */
  fills(executions: readonly { execution: { symbol: string } }[]): void;
}

const COMMANDS: Readonly<Record<string, string>> = { new_order: 'submit', cancel: 'cancel', replace: 'replace' };
const cache = new WeakMap<Registry, ExecutionMetrics>();

/** Registers (or returns the already registered) execution metrics on `registry`. */
export function executionMetrics(registry: Registry): ExecutionMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const duration = new Histogram({
    name: 'kestrel_engine_command_duration_seconds',
    help: 'Time from a command (submit, cancel, replace) to the engine result, journal sync included.',
    labelNames: ['command'] as const,
    buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [registry],
  });
  const fills = new Counter({
    name: 'kestrel_fills_total',
    help: 'Executions booked, by instrument symbol.',
    labelNames: ['symbol'] as const,
    registers: [registry],
  });
  const metrics: ExecutionMetrics = {
    engineCommand(input, seconds) {
      const command = input.kind === 'command' ? COMMANDS[input.command.type] : undefined;
      if (command) duration.observe({ command }, seconds);
    },
    fills(executions) {
      for (const { execution } of executions) fills.inc({ symbol: execution.symbol });
    },
  };
  cache.set(registry, metrics);
  return metrics;
}
