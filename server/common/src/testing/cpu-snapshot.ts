// CPU time of this process and of the PostgreSQL backends serving one database, read from /proc
// (so PostgreSQL must run on this machine): the benches' "CPU per order", which stays meaningful on
// a shared machine where wall-clock rates do not. Known limit: a backend that exits between two
// snapshots loses what it used after the first.
import { readFile } from 'node:fs/promises';
import type pg from 'pg';

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds used so far: this process, and each backend by pid. */
export interface CpuSnapshot {
  node: number;
  backends: Map<number, number>;
}

/** CPU seconds used so far by this process and by each PostgreSQL backend connected to `database`. */
export async function cpuSnapshot(db: Pick<pg.Pool, 'query'>, database: string): Promise<CpuSnapshot> {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  const backends = new Map<number, number>();
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat === null) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    backends.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND);
  }
  const usage = process.cpuUsage();
  return { node: (usage.user + usage.system) / 1e6, backends };
}

/** Milliseconds of CPU between two snapshots: this process, and the backends together. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): { nodeMs: number; postgresMs: number } {
  let postgres = 0;
  for (const [pid, seconds] of after.backends) postgres += seconds - (before.backends.get(pid) ?? 0);
  return { nodeMs: (after.node - before.node) * 1000, postgresMs: postgres * 1000 };
}
