// Chart colours from the page's theme variables, so the chart follows light/dark like the rest.

/** Colours the chart uses. */
export interface ChartColors {
  background: string;
  text: string;
  grid: string;
  border: string;
  up: string;
  down: string;
  accent: string;
  warn: string;
}

/** Reads the current theme's chart colours. */
export function chartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--bg-panel', '#11161d'),
    text: read('--chart-text', '#8593a3'),
    grid: read('--chart-grid', '#1a2230'),
    border: read('--border', '#243041'),
    up: read('--buy', '#1fa971'),
    down: read('--sell', '#e5484d'),
    accent: read('--accent', '#3d8bfd'),
    warn: read('--warn', '#e0a526'),
  };
}

/** Colours of indicator lines, in order of appearance. */
export const INDICATOR_PALETTE = ['#f5a623', '#a78bfa', '#22d3ee', '#f472b6', '#84cc16', '#fb7185'];
