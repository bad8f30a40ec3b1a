// HTTP Range header evaluation (RFC 9110 §14) for the update feed: which bytes of a `size`-byte
// object a request asks for. Pure: no I/O, no Fastify.
// Invariants: returned ranges are inclusive, non-empty, inside the object and in the order the
// client asked for them (electron-updater's multipart reader matches parts to its requests by
// position, so ranges are never reordered or coalesced). A header the server may ignore (another
// unit, bad syntax, too many ranges, an empty object) yields `ignore`, which means "send the whole
// object with 200", as the RFC allows; only a well-formed header none of whose ranges overlap the
// object yields `unsatisfiable` (416).
// Known limit: overlapping ranges are served as asked (the RFC lets a server refuse or coalesce
// them; the clients Kestrel serves never send them).

/** One satisfiable inclusive byte range. */
export interface SatisfiedRange {
  start: number;
  end: number;
}

/** The outcome of evaluating a Range header against an object's size. */
export type RangeEvaluation =
  | { kind: 'ignore' }
  | { kind: 'unsatisfiable' }
  | { kind: 'ranges'; ranges: SatisfiedRange[] };

/** Most ranges served in one multipart response; more and the whole object is sent instead. */
export const MAX_RANGES = 1000;

const RANGE_SPEC = /^(\d*)-(\d*)$/;

/** Evaluates a Range header value (undefined = no header) for an object of `size` bytes. */
export function evaluateRange(header: string | undefined, size: number): RangeEvaluation {
  if (header === undefined) return { kind: 'ignore' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match || size === 0) return { kind: 'ignore' };
  const specs = (match[1] as string).split(',').map((spec) => spec.trim()).filter((spec) => spec !== '');
  if (specs.length === 0 || specs.length > MAX_RANGES) return { kind: 'ignore' };
  const ranges: SatisfiedRange[] = [];
  for (const spec of specs) {
    const parts = RANGE_SPEC.exec(spec);
    if (!parts) return { kind: 'ignore' };
    const [, first, last] = parts as unknown as [string, string, string];
    if (first === '' && last === '') return { kind: 'ignore' };
    if (first === '') {
      // Suffix range: the last N bytes.
      const length = Number(last);
      if (!Number.isSafeInteger(length)) return { kind: 'ignore' };
      if (length === 0) continue;
      ranges.push({ start: Math.max(0, size - length), end: size - 1 });
      continue;
    }
    const start = Number(first);
    const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'ignore' };
    if (start >= size) continue;
    ranges.push({ start, end: Math.min(end, size - 1) });
  }
  return ranges.length === 0 ? { kind: 'unsatisfiable' } : { kind: 'ranges', ranges };
}

/** The `Content-Range` value of a satisfied range. */
export function contentRange(range: SatisfiedRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}
