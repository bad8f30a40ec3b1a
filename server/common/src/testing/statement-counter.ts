// Counts the statements this process sends to PostgreSQL, for benches and tests that measure how
// many round trips a path costs. Invariants: every pg client of the process is seen (pooled or
// not; pg.Client.prototype.query is wrapped once, on the first counter made); nothing is counted
// while `counting` is false; a statement is keyed by its text with whitespace collapsed and quoted
// literals shown as '…' (a named statement by its text too, so named and unnamed runs compare; a
// message of statements sent together, with its values inlined, groups by its shape).
import pg from 'pg';

/** Statement texts and how often each was sent while counting. */
export class StatementCounter {
  readonly counts = new Map<string, number>();
  counting = false;

  /** Starts counting from zero. */
  start(): void {
    this.counts.clear();
    this.counting = true;
  }

  /** Stops counting and returns what was counted. */
  stop(): Map<string, number> {
    this.counting = false;
    return new Map(this.counts);
  }

  /** Statements counted whose text starts with `prefix`. */
  startingWith(prefix: string): number {
    let total = 0;
    for (const [text, n] of this.counts) if (text.startsWith(prefix)) total += n;
    return total;
  }

  /** Every statement counted. */
  total(): number {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }
}

const counters: StatementCounter[] = [];

function install(): void {
  type Query = (...args: unknown[]) => unknown;
  const query = pg.Client.prototype.query as unknown as Query;
  (pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
    const active = counters.filter((counter) => counter.counting);
    if (active.length > 0) {
      const first = args[0];
      const text = (typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?')).replace(/\s+/g, ' ').replace(/'(?:[^']|'')*'/g, "'…'").trim();
      for (const counter of active) counter.counts.set(text, (counter.counts.get(text) ?? 0) + 1);
    }
    return query.apply(this, args);
  };
}

/** A counter over every statement this process sends from now on (see the header). */
export function countStatements(): StatementCounter {
  if (counters.length === 0) install();
  const counter = new StatementCounter();
  counters.push(counter);
  return counter;
}
