// Rectangles and Fibonacci retracements drawn on the price pane as a lightweight-charts series
// primitive (the library has no shape for either): on every view change the primitive projects
// the drawings' points (bar time, whole ticks) to pixels through the panel's projector — which
// knows the window the library holds, so drawings stay put while the window is re-planned or
// aggregated — and paints them on the pane's canvas in CSS pixels. Horizontal and trend lines
// stay library price lines and line series (chart-panel.tsx). Invariant: the primitive holds no
// chart state of its own beyond the last projection; `set` replaces what it draws.
import type { IPrimitivePaneRenderer, IPrimitivePaneView, ISeriesPrimitive, SeriesAttachedParameter, Time } from 'lightweight-charts';
import type { Drawing, DrawingPoint } from '../workspace/panel-params.js';
import { fibLevels, type Project, type ProjectPrice } from './drawing-geometry.js';

/** Pixel positions of chart points (null when the chart cannot place them yet). */
export interface Projector {
  x(time: number): number | null;
  y(priceTicks: number): number | null;
}

/** The projector as drawing-geometry's point and price projections (nothing placed without one). */
export function projectionOf(projector: Projector | undefined): { project: Project; projectPrice: ProjectPrice } {
  return {
    project: (point) => {
      const x = projector?.x(point.time) ?? null;
      const y = projector?.y(point.priceTicks) ?? null;
      return x === null || y === null ? null : { x, y };
    },
    projectPrice: (ticks) => projector?.y(ticks) ?? null,
  };
}

/** What the primitive paints with. */
export interface DrawingStyle {
  line: string;
  selected: string;
  text: string;
  priceText: (priceTicks: number) => string;
}

type Painted =
  | { kind: 'rectangle'; left: number; top: number; right: number; bottom: number; selected: boolean }
  | { kind: 'fib'; left: number; right: number; levels: Array<{ y: number; text: string }>; selected: boolean };

class PaneRenderer implements IPrimitivePaneRenderer {
  constructor(
    private readonly shapes: readonly Painted[],
    private readonly style: DrawingStyle,
  ) {}

  draw(target: Parameters<IPrimitivePaneRenderer['draw']>[0]): void {
    target.useMediaCoordinateSpace(({ context }) => {
      context.save();
      context.font = '10px sans-serif';
      context.textBaseline = 'bottom';
      for (const shape of this.shapes) {
        const color = shape.selected ? this.style.selected : this.style.line;
        context.strokeStyle = color;
        context.lineWidth = shape.selected ? 2 : 1;
        if (shape.kind === 'rectangle') {
          context.globalAlpha = 0.12;
          context.fillStyle = color;
          context.fillRect(shape.left, shape.top, shape.right - shape.left, shape.bottom - shape.top);
          context.globalAlpha = 1;
          context.strokeRect(shape.left, shape.top, shape.right - shape.left, shape.bottom - shape.top);
          continue;
        }
        context.fillStyle = this.style.text;
        for (const level of shape.levels) {
          context.beginPath();
          context.moveTo(shape.left, level.y);
          context.lineTo(shape.right, level.y);
          context.stroke();
          context.fillText(level.text, shape.left + 2, level.y - 1);
        }
      }
      context.restore();
    });
  }
}

class PaneView implements IPrimitivePaneView {
  shapes: Painted[] = [];
  constructor(private readonly style: () => DrawingStyle) {}
  renderer(): IPrimitivePaneRenderer {
    return new PaneRenderer(this.shapes, this.style());
  }
}

/** The rectangle and Fibonacci drawings of one chart. */
export class DrawingsPrimitive implements ISeriesPrimitive<Time> {
  private drawings: Drawing[] = [];
  private selectedId: string | null = null;
  private requestUpdate: (() => void) | null = null;
  /** Set with the drawings (nothing is drawn before). */
  private style: DrawingStyle = { line: '', selected: '', text: '', priceText: String };
  private readonly view: PaneView;
  private readonly views: readonly IPrimitivePaneView[];

  /** `projector`: where chart points are on screen (the panel hit-tests clicks with it too). */
  constructor(readonly projector: Projector) {
    this.view = new PaneView(() => this.style);
    this.views = [this.view];
  }

  attached(parameters: SeriesAttachedParameter<Time>): void {
    this.requestUpdate = parameters.requestUpdate;
  }

  detached(): void {
    this.requestUpdate = null;
  }

  /** Replaces what is drawn (other kinds are ignored) and redraws. */
  set(drawings: readonly Drawing[], selectedId: string | null, style: DrawingStyle): void {
    this.drawings = drawings.filter((drawing) => drawing.kind === 'rectangle' || drawing.kind === 'fib');
    this.selectedId = selectedId;
    this.style = style;
    this.requestUpdate?.();
  }

  /** Redraws after the projection changed without the library knowing (a new window). */
  redraw(): void {
    this.requestUpdate?.();
  }

  updateAllViews(): void {
    const shapes: Painted[] = [];
    const point = (at: DrawingPoint) => {
      const x = this.projector.x(at.time);
      const y = this.projector.y(at.priceTicks);
      return x === null || y === null ? null : { x, y };
    };
    for (const drawing of this.drawings) {
      if (drawing.kind !== 'rectangle' && drawing.kind !== 'fib') continue;
      const a = point(drawing.from);
      const b = point(drawing.to);
      if (!a || !b) continue;
      const selected = drawing.id === this.selectedId;
      const left = Math.min(a.x, b.x);
      const right = Math.max(a.x, b.x);
      if (drawing.kind === 'rectangle') {
        shapes.push({ kind: 'rectangle', left, right, top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y), selected });
        continue;
      }
      const levels: Array<{ y: number; text: string }> = [];
      for (const level of fibLevels(drawing.from.priceTicks, drawing.to.priceTicks)) {
        const y = this.projector.y(level.priceTicks);
        if (y !== null) levels.push({ y, text: `${level.label} ${this.style.priceText(level.priceTicks)}` });
      }
      shapes.push({ kind: 'fib', left, right, levels, selected });
    }
    this.view.shapes = shapes;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }
}
