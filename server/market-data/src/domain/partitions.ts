// Native-partitioning arithmetic: which range partition holds a time, what it is called, and
// which partitions a maintenance run creates ahead or drops as expired. Pure (no SQL execution),
// so the plan is unit-tested. Invariants: partitions of a table tile time without overlap on UTC
// day/month/year boundaries; a partition's name encodes its start (`<table>_p20240131`,
// `_p202401`, `_p2024`), so names sort like times; a partition is expired only when its whole
// range is older than the cutoff (retention drops whole partitions, never rows).
import type { PartitionUnit, SeriesTable } from './series-tables.js';

/** One partition's bounds, in ms since the epoch (start inclusive, end exclusive). */
export interface PartitionRange {
  name: string;
  startMs: number;
  endMs: number;
}

/** Start (ms) of the partition of `unit` containing `timeMs`. */
export function partitionStart(timeMs: number, unit: PartitionUnit): number {
  const date = new Date(timeMs);
  const year = date.getUTCFullYear();
  if (unit === 'year') return Date.UTC(year, 0, 1);
  if (unit === 'month') return Date.UTC(year, date.getUTCMonth(), 1);
  return Date.UTC(year, date.getUTCMonth(), date.getUTCDate());
}

/** Start (ms) of the partition `steps` partitions after the one starting at `startMs`. */
export function shiftPartition(startMs: number, unit: PartitionUnit, steps: number): number {
  const date = new Date(startMs);
  if (unit === 'year') return Date.UTC(date.getUTCFullYear() + steps, 0, 1);
  if (unit === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + steps, 1);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + steps);
}

/** The partition of `table` holding `timeMs`. */
export function partitionFor(table: SeriesTable, timeMs: number): PartitionRange {
  const startMs = partitionStart(timeMs, table.unit);
  return { name: partitionName(table, startMs), startMs, endMs: shiftPartition(startMs, table.unit, 1) };
}

/** The partitions of `table` covering [fromMs, toMs] (both inclusive). */
export function partitionsCovering(table: SeriesTable, fromMs: number, toMs: number): PartitionRange[] {
  const out: PartitionRange[] = [];
  for (let start = partitionStart(fromMs, table.unit); start <= toMs; start = shiftPartition(start, table.unit, 1)) {
    out.push({ name: partitionName(table, start), startMs: start, endMs: shiftPartition(start, table.unit, 1) });
  }
  return out;
}

/** The partitions a maintenance run at `nowMs` keeps ready: the current one and `ahead` more. */
export function partitionsAhead(table: SeriesTable, nowMs: number, ahead: number): PartitionRange[] {
  const current = partitionStart(nowMs, table.unit);
  return partitionsCovering(table, current, shiftPartition(current, table.unit, ahead));
}

/** Of `existing`, the partitions that end at or before `nowMs - retentionDays` (none when retention is 0). */
export function expiredPartitions(existing: readonly PartitionRange[], nowMs: number, retentionDays: number): PartitionRange[] {
  if (retentionDays <= 0) return [];
  const cutoff = nowMs - retentionDays * 86_400_000;
  return existing.filter((partition) => partition.endMs <= cutoff);
}

/** `<table>_p<YYYY[MM[DD]]>` for the partition starting at `startMs`. */
export function partitionName(table: SeriesTable, startMs: number): string {
  const iso = new Date(startMs).toISOString();
  const year = iso.slice(0, 4);
  const month = iso.slice(5, 7);
  const day = iso.slice(8, 10);
  const suffix = table.unit === 'year' ? year : table.unit === 'month' ? year + month : year + month + day;
  return `${table.name}_p${suffix}`;
}

/** Parses a partition name of `table` back into its range; null for anything else. */
export function parsePartitionName(table: SeriesTable, name: string): PartitionRange | null {
  const prefix = `${table.name}_p`;
  if (!name.startsWith(prefix)) return null;
  const digits = name.slice(prefix.length);
  const expected = table.unit === 'year' ? 4 : table.unit === 'month' ? 6 : 8;
  if (!/^\d+$/.test(digits) || digits.length !== expected) return null;
  const startMs = Date.UTC(Number(digits.slice(0, 4)), table.unit === 'year' ? 0 : Number(digits.slice(4, 6)) - 1, table.unit === 'day' ? Number(digits.slice(6, 8)) : 1);
  if (partitionName(table, startMs) !== name) return null;
  return { name, startMs, endMs: shiftPartition(startMs, table.unit, 1) };
}
