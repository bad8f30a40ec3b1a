// A generated performance PDF opens and shows its charts: the file is rendered to PNG with
// poppler's pdftoppm (Debian poppler-utils) at 72 dpi, so one pixel is one PDF point, and the
// chart boxes of page 2 must hold the equity line's and the drawdown's colours; a report on an
// account with no history (same layout, "No data") must not. pdftotext checks the statistics page.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { CHART_COLOURS, CHART_LAYOUT } from '../src/render/pdf.js';
import { PortfolioLedger } from './support/portfolio-ledger.js';
import { startHarness, type Harness, type TestUser } from './support/harness.js';
import { bookScenario } from './support/scenario.js';

const run = promisify(execFile);
let h: Harness;
let alice: TestUser;
let dir: string;

before(async () => {
  h = await startHarness({ smtp: false });
  alice = h.user();
  dir = await mkdtemp(path.join(os.tmpdir(), 'kestrel-reporting-pdf-'));
});
after(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function performancePdf(accountId: string): Promise<Buffer> {
  const created = await h.call('POST', '/v1/reports', {
    as: alice,
    body: { definition: { kind: 'performance', format: 'pdf', accountId, period: { from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' } } },
  });
  assert.equal(created.statusCode, 201, created.body);
  const download = await h.call('GET', `/v1/reports/${created.json().id}/download`, { as: alice });
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/pdf');
  return download.rawPayload;
}

async function renderPage(pdf: Buffer, page: number, name: string): Promise<PNG> {
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  try {
    await run('pdftoppm', ['-png', '-r', '72', '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, name)]);
  } catch (error) {
    throw new Error(`pdftoppm failed (install Debian's poppler-utils: apt-get install poppler-utils): ${(error as Error).message}`);
  }
  return PNG.sync.read(await readFile(path.join(dir, `${name}.png`)));
}

/** Pixels inside `box` within 60 (per channel) of `hex`. */
function pixelsNear(png: PNG, box: { x: number; y: number; width: number; height: number }, hex: string): number {
  const target = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let y = Math.ceil(box.y) + 1; y < Math.floor(box.y + box.height) - 1; y++) {
    for (let x = Math.ceil(box.x) + 1; x < Math.floor(box.x + box.width) - 1; x++) {
      const offset = (png.width * y + x) * 4;
      if (target.every((value, channel) => Math.abs(png.data[offset + channel]! - value) <= 60)) count++;
    }
  }
  return count;
}

describe('performance PDF', () => {
  it('renders the equity and drawdown charts as visible vector graphics', async () => {
    const ledger = await bookScenario(h.pool, alice.id);
    const pdf = await performancePdf(ledger.accountId);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const charts = await renderPage(pdf, 2, 'scenario');
    assert.ok(charts.width >= 590 && charts.width <= 600, `A4 at 72 dpi is 595 px wide, got ${charts.width}`);
    const equity = pixelsNear(charts, CHART_LAYOUT[0], CHART_COLOURS.line);
    const drawdown = pixelsNear(charts, CHART_LAYOUT[1], CHART_COLOURS.area);
    // A 1.5 pt line across a 450 pt wide chart covers several hundred pixels.
    assert.ok(equity > 300, `equity line pixels: ${equity}`);
    assert.ok(drawdown > 300, `drawdown pixels: ${drawdown}`);
    // Each colour stays in its own chart.
    assert.equal(pixelsNear(charts, CHART_LAYOUT[1], CHART_COLOURS.line), 0);

    const text = (await run('pdftotext', ['-f', '1', '-l', '1', '-layout', path.join(dir, 'scenario.pdf'), '-'])).stdout;
    for (const label of ['Total return (time-weighted)', 'Sharpe ratio', 'Sortino ratio', 'Max drawdown', 'Calmar ratio', 'Win rate', 'Profit factor', 'Expectancy per trade']) {
      assert.ok(text.includes(label), `page 1 shows ${label}`);
    }
    // Closing fills in 2023: the June GOOG sale (+1,100.00 - 1.00) and the MSFT cover (+200.00 - 1.00).
    assert.match(text, /Closing fills \(trades\)\s+2/);
    assert.match(text, /Win rate\s+100\.00 %/);
    assert.match(text, /Expectancy per trade\s+649\.00/);
    // The account opened inside the period: it starts from nothing and the deposit is a flow.
    assert.match(text, /Start equity\s+0\.00/);
    assert.match(text, /Net deposits in period\s+100000\.00/);
    // Cash 96,044.00 after the 2023 fills and fees, plus 60 GOOG marked at the last fill (80.00).
    assert.match(text, /End equity\s+100844\.00/);
  });

  it('draws no chart line when the account has no history in the period', async () => {
    const empty = await new PortfolioLedger(h.pool, alice.id).open('Empty account', ['GOOG']);
    const charts = await renderPage(await performancePdf(empty.accountId), 2, 'empty');
    assert.equal(pixelsNear(charts, CHART_LAYOUT[0], CHART_COLOURS.line), 0);
    assert.equal(pixelsNear(charts, CHART_LAYOUT[1], CHART_COLOURS.area), 0);
  });
});
