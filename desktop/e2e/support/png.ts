// Pixel statistics of a PNG screenshot: how many pixels differ from the background and how many
// distinct colours there are — a blank or single-colour chart fails both.
import { PNG } from 'pngjs';

/** Counts of a screenshot's pixels. */
export interface PixelStats {
  width: number;
  height: number;
  /** Pixels whose colour differs from the most common colour (the background). */
  nonBackground: number;
  /** Pixels that are clearly green-ish (up candles) and red-ish (down candles). */
  greenish: number;
  reddish: number;
  distinctColours: number;
}

/** Decodes a PNG and counts. */
export function pixelStats(buffer: Buffer): PixelStats {
  const png = PNG.sync.read(buffer);
  const counts = new Map<number, number>();
  let greenish = 0;
  let reddish = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i]!;
    const g = png.data[i + 1]!;
    const b = png.data[i + 2]!;
    const key = (r << 16) | (g << 8) | b;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (g > 120 && g > r + 50 && g > b + 20) greenish += 1;
    if (r > 150 && r > g + 70 && r > b + 50) reddish += 1;
  }
  const background = Math.max(...counts.values());
  return { width: png.width, height: png.height, nonBackground: png.width * png.height - background, greenish, reddish, distinctColours: counts.size };
}
