// A tiny line of the last closes, drawn as SVG (no canvas per row; scales with CSS).
/** Props of Sparkline. */
export interface SparklineProps {
  values: readonly number[];
  width?: number;
  height?: number;
}

/** The points of a polyline through `values` in a width × height box. */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length < 2) return '';
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  const span = high - low || 1;
  const step = width / (values.length - 1);
  return values.map((value, index) => `${(index * step).toFixed(1)},${(height - 1 - ((value - low) / span) * (height - 2)).toFixed(1)}`).join(' ');
}

/** A sparkline, green when the last value is above the first. */
export function Sparkline({ values, width = 80, height = 18 }: SparklineProps) {
  const points = sparklinePoints(values, width, height);
  const rising = values.length > 1 && values[values.length - 1]! >= values[0]!;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      {points && <polyline points={points} fill="none" stroke={rising ? 'var(--buy-strong)' : 'var(--sell-strong)'} strokeWidth="1.2" />}
    </svg>
  );
}
