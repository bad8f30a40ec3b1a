// Desktop benchmarks in Debian's Chromium (headless, software rendering): the chart loading and
// drawing 1,000,000 bars and updating the forming bar, the orders blotter at 10,000 rows with
// 1,000 row updates per second (longest and p99 frame), and order ticket submit → blotter. Numbers are printed with a baseline
// measured in the same browser and run (sorting 1M doubles) so runs on different machines compare
// by ratio, and with the load average. Run: node --import tsx desktop/bench/desktop.bench.ts
// [chart] [blotter] [ticket] (KESTREL_BENCH_DIRECT=0 skips the slow all-bars-to-the-library
// comparison). `ticket` starts a `kestrel serve --all` (about a minute) and measures order
// ticket submit → order in the blotter (ticket-latency.ts), next to the POST /v1/orders it waited
// for, so the workstation's share can be read while the server is slow.
import { createReadStream, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../e2e/support/browser.js';
import { measureTicketLatency, type TicketSample } from './ticket-latency.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Which benchmarks to run: `chart`, `blotter`, `ticket` (default all), e.g. `desktop.bench.ts chart`. */
const parts = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['chart', 'blotter', 'ticket']);
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
  const run = <T>(body: string): Promise<T> => page.evaluate(body) as Promise<T>;
  const f = (value: number) => value.toFixed(1);
  const g = (value: number) => value.toFixed(3);
  const baseline = await run<number>('window.kestrelBench.baselineMs()');
  const ratio = (value: number) => (value / baseline).toFixed(2);
  console.log(`load average ${loadavg().map((each) => each.toFixed(2)).join(' ')}; baseline (sort 1M doubles in the page): ${f(baseline)} ms`);
  if (parts.has('chart')) {
    for (const count of [10_000, 1_000_000]) {
      const chart = await run<Record<string, number>>(`window.kestrelBench.chartBench(${count})`);
      console.log(
        `chart ${count.toLocaleString('en')} bars (windowed): convert ${f(chart['convertMs']!)} ms, SMA(20) ${f(chart['smaMs']!)} ms, window setData+first frame ${f(chart['setDataAndFirstFrameMs']!)} ms ` +
          `(${chart['windowBars']} bars drawn), load+draw ${f(chart['loadAndDrawMs']!)} ms (${ratio(chart['loadAndDrawMs']!)}x baseline); ` +
          `live update (merge+SMA+draw) mean ${g(chart['updateCallMeanMs']!)} ms, p50 ${g(chart['updateCallP50Ms']!)} ms, p99 ${g(chart['updateCallP99Ms']!)} ms, max ${f(chart['updateCallMaxMs']!)} ms; ` +
          `update→frame p50 ${f(chart['updateToFrameP50Ms']!)} ms, p99 ${f(chart['updateToFrameP99Ms']!)} ms; new bar p50 ${g(chart['appendCallP50Ms']!)} ms, max ${f(chart['appendCallMaxMs']!)} ms; ` +
          `zoom out to all ${f(chart['zoomOutMs']!)} ms (${chart['zoomedBars']} bars of ${chart['zoomedBucketSeconds']} s), back ${f(chart['zoomInMs']!)} ms; ` +
          `older page of ${chart['prependBars']} bars prepended ${f(chart['prependMs']!)} ms (columns ${f(chart['prependColumnsMs']!)} ms, SMA over all ${f(chart['prependIndicatorMs']!)} ms, re-slice + frame the rest), ` +
          `the next page ${f(chart['nextPrependMs']!)} ms (columns ${f(chart['nextPrependColumnsMs']!)} ms, SMA ${f(chart['nextPrependIndicatorMs']!)} ms)`,
      );
    }
    if (process.env['KESTREL_BENCH_DIRECT'] !== '0') {
      const direct = await run<Record<string, number>>('window.kestrelBench.chartDirectBench(1000000)');
      console.log(
        `chart 1,000,000 bars handed to the library (comparison): load+draw ${f(direct['loadAndDrawMs']!)} ms (${ratio(direct['loadAndDrawMs']!)}x baseline); update() p50 ${g(direct['updateCallP50Ms']!)} ms, max ${f(direct['updateCallMaxMs']!)} ms`,
      );
    }
  }
  if (parts.has('blotter')) {
    for (const mode of ['component', 'component-rebuilt', 'transaction']) {
      const grid = await run<Record<string, number | string>>(`window.kestrelBench.blotterBench(10000, 1000, 5, '${mode}')`);
      console.log(
        `blotter ${Number(grid['rows']).toLocaleString('en')} rows × ${grid['updatesPerSecond']} updates/s via ${grid['mode']}: first render ${f(Number(grid['firstRenderMs']))} ms; ` +
          `${grid['frames']} frames, longest ${f(Number(grid['longestFrameMs']))} ms, p99 ${f(Number(grid['p99FrameMs']))} ms, p50 ${f(Number(grid['p50FrameMs']))} ms (longest = ${ratio(Number(grid['longestFrameMs']))}x baseline)`,
      );
    }
  }
  if (parts.has('ticket')) {
    const samples = await measureTicketLatency(browser, 30);
    const column = (key: keyof TicketSample) => samples.map((sample) => sample[key]).sort((a, b) => a - b);
    const describe = (values: number[]) => `p50 ${f(values[Math.floor(values.length * 0.5)]!)} ms, p90 ${f(values[Math.floor(values.length * 0.9)]!)} ms, max ${f(values[values.length - 1]!)} ms`;
    console.log(
      `ticket submit → order in the blotter (${samples.length} orders, serve --all): row in the DOM ${describe(column('rowInDomMs'))}; on screen (next frame) ${describe(column('rowOnScreenMs'))}; ` +
        `the sample's POST /v1/orders ${describe(column('postMs'))}; the workstation's share: click → POST start ${describe(column('clickToPostMs'))}, ` +
        `POST end → row in the DOM ${describe(column('postToRowMs'))} (negative: the stream's order update showed the row before the POST's answer), ` +
        `row in the DOM less the POST ${describe(samples.map((sample) => sample.rowInDomMs - sample.postMs).sort((a, b) => a - b))}; the same POST from Node (server only) ${describe(column('directPostMs'))}`,
    );
  }
  console.log(`load average ${loadavg().map((each) => each.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  server.close();
}
