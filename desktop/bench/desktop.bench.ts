// Desktop benchmarks in Debian's Chromium (headless, software rendering): the chart loading and
// drawing 1,000,000 bars and updating the forming bar, and the orders blotter at 10,000 rows with
// 1,000 row updates per second (longest and p99 frame). Numbers are printed with a baseline
// measured in the same browser and run (sorting 1M doubles) so runs on different machines compare
// by ratio. Run: node --import tsx desktop/bench/desktop.bench.ts
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../e2e/support/browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '../out/bench');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };

await build({ configFile: path.join(here, 'vite.bench.config.ts') });
const server = createServer((request, response) => {
  const file = path.join(out, path.normalize(decodeURIComponent((request.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, ''));
  const target = file.endsWith('/') || file === out ? path.join(out, 'bench.html') : file;
  if (!target.startsWith(out) || !existsSync(target)) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
  createReadStream(target).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/bench.html`);
  await page.waitForFunction(() => 'kestrelBench' in window);
  type Bench = {
    baselineMs(): number;
    chartBench(count: number): Promise<Record<string, number>>;
    blotterBench(count: number, perSecond: number, seconds: number, mode: string): Promise<Record<string, number | string>>;
  };
  const run = <T>(body: string): Promise<T> => page.evaluate(body) as Promise<T>;
  const baseline = await run<number>('window.kestrelBench.baselineMs()');
  const small = await run<Record<string, number>>('window.kestrelBench.chartBench(10000)');
  const large = await run<Record<string, number>>('window.kestrelBench.chartBench(1000000)');
  const reactRows = await run<Record<string, number | string>>("window.kestrelBench.blotterBench(10000, 1000, 5, 'react-rows')");
  const transaction = await run<Record<string, number | string>>("window.kestrelBench.blotterBench(10000, 1000, 5, 'transaction')");
  void (null as unknown as Bench);
  const f = (value: number) => value.toFixed(1);
  const ratio = (value: number) => (value / baseline).toFixed(2);
  console.log(`baseline (sort 1M doubles in the page): ${f(baseline)} ms`);
  for (const chart of [small, large]) {
    console.log(
      `chart ${chart['bars']!.toLocaleString('en')} bars: convert ${f(chart['convertMs']!)} ms, SMA(20) ${f(chart['smaMs']!)} ms, setData+first frame ${f(chart['setDataAndFirstFrameMs']!)} ms, ` +
        `load+draw ${f(chart['loadAndDrawMs']!)} ms (${ratio(chart['loadAndDrawMs']!)}x baseline); live bar update→frame p50 ${f(chart['updateToFrameP50Ms']!)} ms, p99 ${f(chart['updateToFrameP99Ms']!)} ms; ` +
        `update() call p50 ${chart['updateCallP50Ms']!.toFixed(3)} ms, max ${f(chart['updateCallMaxMs']!)} ms`,
    );
  }
  for (const grid of [reactRows, transaction]) {
    console.log(
      `blotter ${Number(grid['rows']).toLocaleString('en')} rows × ${grid['updatesPerSecond']} updates/s via ${grid['mode']}: first render ${f(Number(grid['firstRenderMs']))} ms; ` +
        `${grid['frames']} frames, longest ${f(Number(grid['longestFrameMs']))} ms, p99 ${f(Number(grid['p99FrameMs']))} ms, p50 ${f(Number(grid['p50FrameMs']))} ms (longest = ${ratio(Number(grid['longestFrameMs']))}x baseline)`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
