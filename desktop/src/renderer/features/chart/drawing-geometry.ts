// Geometry of the chart's drawings, in the chart's own units (whole ticks and UTC seconds) and in
// screen pixels, with no chart library in sight: Fibonacci levels in exact ticks, the corners of
// a rectangle, which drawing a click hits, and the check that a saved drawing is well formed (so
// a workspace saved by an older or newer workstation still loads: unknown or damaged drawings are
// skipped, never a crash). Invariants: every price a drawing stores or derives is an integer
// number of ticks; level 0 of a retracement is its second point (the end of the move), level 100%
// its first point (the start), as the levels measure how far price has come back.
import type { Drawing, DrawingPoint } from '../workspace/panel-params.js';

/** Retracement ratios in thousandths: 0, 23.6, 38.2, 50, 61.8, 78.6 and 100 %. */
export const FIB_RATIOS_PERMILLE: readonly number[] = [0, 236, 382, 500, 618, 786, 1000];

/** One level of a retracement. */
export interface FibLevel {
  /** "61.8%". */
  label: string;
  priceTicks: number;
}

/**
 * The levels of a retracement drawn from `from` (start of the move) to `to` (its end): level r
 * sits at to − r × (to − from), rounded to the nearest whole tick (halves away from the end).
 */
export function fibLevels(fromTicks: number, toTicks: number): FibLevel[] {
  const move = toTicks - fromTicks;
  return FIB_RATIOS_PERMILLE.map((permille) => {
    // Integer arithmetic: |move × permille| stays far below 2^53 for any valid price.
    const back = move * permille;
    const rounded = back >= 0 ? Math.floor((back + 500) / 1000) : -Math.floor((-back + 500) / 1000);
    return { label: `${permille % 10 === 0 ? String(permille / 10) : (permille / 10).toFixed(1)}%`, priceTicks: toTicks - rounded };
  });
}

/** A rectangle's corners ordered: earliest time first, lowest price first. */
export function normalizedRectangle(a: DrawingPoint, b: DrawingPoint): { fromTime: number; toTime: number; lowTicks: number; highTicks: number } {
  return { fromTime: Math.min(a.time, b.time), toTime: Math.max(a.time, b.time), lowTicks: Math.min(a.priceTicks, b.priceTicks), highTicks: Math.max(a.priceTicks, b.priceTicks) };
}

/** Whether a value is a well-formed drawing of a known kind. */
export function isDrawing(value: unknown): value is Drawing {
  if (typeof value !== 'object' || value === null) return false;
  const drawing = value as Record<string, unknown>;
  if (typeof drawing['id'] !== 'string') return false;
  const point = (candidate: unknown) =>
    typeof candidate === 'object' && candidate !== null && Number.isFinite((candidate as DrawingPoint).time) && Number.isSafeInteger((candidate as DrawingPoint).priceTicks);
  switch (drawing['kind']) {
    case 'hline':
      return Number.isSafeInteger(drawing['priceTicks']);
    case 'trend':
    case 'rectangle':
    case 'fib':
      return point(drawing['from']) && point(drawing['to']);
    default:
      return false;
  }
}

/** The drawings of saved panel params that this workstation can draw (others are skipped). */
export function savedDrawings(raw: unknown): Drawing[] {
  return Array.isArray(raw) ? raw.filter(isDrawing) : [];
}

/** Screen position of a chart point, or null when it is off the chart. */
export type Project = (point: DrawingPoint) => { x: number; y: number } | null;
/** Screen y of a price in ticks, or null. */
export type ProjectPrice = (priceTicks: number) => number | null;

/** Distance from (x, y) to the segment p–q, in pixels. */
export function segmentDistance(x: number, y: number, p: { x: number; y: number }, q: { x: number; y: number }): number {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / length));
  return Math.hypot(x - (p.x + t * dx), y - (p.y + t * dy));
}

/**
 * The drawing under a click at (x, y), the nearest within `tolerance` pixels of a line (a
 * rectangle also when the click is inside it), or null. Later drawings win ties (drawn on top).
 */
export function hitDrawing(drawings: readonly Drawing[], x: number, y: number, project: Project, projectPrice: ProjectPrice, tolerance = 5): Drawing | null {
  let best: Drawing | null = null;
  let bestDistance = tolerance;
  for (const drawing of drawings) {
    const distance = distanceTo(drawing, x, y, project, projectPrice);
    if (distance !== null && distance <= bestDistance) {
      best = drawing;
      bestDistance = distance;
    }
  }
  return best;
}

function distanceTo(drawing: Drawing, x: number, y: number, project: Project, projectPrice: ProjectPrice): number | null {
  if (drawing.kind === 'hline') {
    const lineY = projectPrice(drawing.priceTicks);
    return lineY === null ? null : Math.abs(y - lineY);
  }
  const a = project(drawing.from);
  const b = project(drawing.to);
  if (!a || !b) return null;
  if (drawing.kind === 'trend') return segmentDistance(x, y, a, b);
  const left = Math.min(a.x, b.x);
  const right = Math.max(a.x, b.x);
  if (drawing.kind === 'rectangle') {
    const top = Math.min(a.y, b.y);
    const bottom = Math.max(a.y, b.y);
    if (x >= left && x <= right && y >= top && y <= bottom) return 0;
    const corners = [
      { x: left, y: top },
      { x: right, y: top },
      { x: right, y: bottom },
      { x: left, y: bottom },
    ];
    return Math.min(...corners.map((corner, index) => segmentDistance(x, y, corner, corners[(index + 1) % 4]!)));
  }
  let nearest: number | null = null;
  for (const level of fibLevels(drawing.from.priceTicks, drawing.to.priceTicks)) {
    const levelY = projectPrice(level.priceTicks);
    if (levelY === null) continue;
    const distance = segmentDistance(x, y, { x: left, y: levelY }, { x: right, y: levelY });
    nearest = nearest === null ? distance : Math.min(nearest, distance);
  }
  return nearest;
}

/**
 * A screen point that selects `drawing` when clicked (where the panel reports it, so automation can
 * click a drawing wherever the live chart has moved it): the middle of a horizontal line across a
 * pane `width` wide, of a trend line, of a rectangle, or of a retracement's 50% level; null when
 * the drawing is off the chart.
 */
export function drawingGrabPoint(drawing: Drawing, project: Project, projectPrice: ProjectPrice, width: number): { x: number; y: number } | null {
  if (drawing.kind === 'hline') {
    const y = projectPrice(drawing.priceTicks);
    return y === null ? null : { x: width / 2, y };
  }
  const a = project(drawing.from);
  const b = project(drawing.to);
  if (!a || !b) return null;
  const x = (a.x + b.x) / 2;
  if (drawing.kind !== 'fib') return { x, y: (a.y + b.y) / 2 };
  const half = fibLevels(drawing.from.priceTicks, drawing.to.priceTicks).find((level) => level.label === '50%')!;
  const y = projectPrice(half.priceTicks);
  return y === null ? null : { x, y };
}
