// Rendering speed of the two output formats on a synthetic trade history (no database: the content
// builder, the CSV writer and the PDF writer only), with a baseline in the same run — serialising
// the same rows as JSON — so numbers from noisy machines can be compared by ratio.
// Run: node --import tsx server/reporting/bench/render.bench.ts [fills=20000]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { tradeHistoryContent } from '../src/domain/content-builders.js';
import { renderCsv } from '../src/render/csv.js';
import { renderPdf } from '../src/render/pdf.js';
import type { FillRow } from '../src/domain/portfolio-rows.js';

const count = Number(process.argv[2] ?? 20_000);
const start = Date.UTC(2023, 0, 2, 14, 30);
const fills: FillRow[] = Array.from({ length: count }, (_, i) => ({
  executionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  orderId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  symbol: ['GOOG', 'MSFT', 'AAPL'][i % 3]!,
  side: i % 2 === 0 ? 'buy' : 'sell',
  priceTicks: 10_000 + (i % 500),
  quantityLots: 1 + (i % 100),
  feeMinor: 100,
  notionalMinor: (10_000 + (i % 500)) * (1 + (i % 100)),
  cashDeltaMinor: -((10_000 + (i % 500)) * (1 + (i % 100))) - 100,
  realisedPnlMinor: i % 2 === 0 ? 0 : (i % 7) * 100 - 300,
  executedAt: new Date(start + i * 60_000),
  tickSize: '0.01',
  lotSize: 1,
}));
const context = {
  account: { id: '00000000-0000-4000-8000-000000000000', ownerUserId: 'bench', name: 'Bench', currency: 'USD', lotMethod: 'fifo' },
  definition: { kind: 'trade-history' as const, format: 'pdf' as const, accountId: '00000000-0000-4000-8000-000000000000', period: { lookbackDays: 365 } },
  fromMs: start,
  toMs: start + count * 60_000,
  generatedAt: new Date(),
};

async function time<T>(label: string, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms  ${((count / ms) * 1000).toFixed(0).padStart(9)} rows/s`);
  return { ms, value };
}

console.log(`reporting render bench: ${count} fills, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const content = await time('build content', () => tradeHistoryContent(context, fills));
const baseline = await time('baseline: JSON.stringify', () => Buffer.from(JSON.stringify(content.value.tables[0]!.rows)));
const csv = await time('CSV (csv-stringify)', () => renderCsv(content.value));
const pdf = await time('PDF (pdfkit)', () => renderPdf(content.value, { author: 'bench' }));
console.log(`sizes: JSON ${baseline.value.length} B, CSV ${csv.value.length} B, PDF ${pdf.value.length} B`);
console.log(`ratios to the JSON baseline: CSV ${(csv.ms / baseline.ms).toFixed(1)}x, PDF ${(pdf.ms / baseline.ms).toFixed(1)}x`);
