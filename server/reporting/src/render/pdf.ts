// PDF output (pdfkit, standard Helvetica so no font files ship): page 1 has the title, subtitle and
// summary; when the report has charts, page 2 draws them as vector graphics (axes, grid, a line
// for equity, a filled area for drawdown) at the fixed CHART_LAYOUT boxes; then every table,
// paginated with its header repeated, then the notes. Known limits: Helvetica covers Latin-1
// only (other characters print as '?'); long cells are truncated to their column width.
import PDFDocument from 'pdfkit';
import type { Chart, ReportContent, Table } from '../domain/report-content.js';

/** A4 in points. */
const PAGE = { width: 595.28, height: 841.89, margin: 48 };
/** Where charts are drawn on the charts page (page 2), in points from the top-left corner. */
export const CHART_LAYOUT = [
  { x: 96, y: 96, width: 450, height: 220 },
  { x: 96, y: 420, width: 450, height: 220 },
] as const;
/** Stroke colour of chart lines (the tests look for it in the rendered page). */
export const CHART_COLOURS = { line: '#1f5fbf', area: '#c62828' } as const;

function latin1(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

function axisLabel(value: number, unit: Chart['unit']): string {
  if (unit === 'percent') return `${(value * 100).toFixed(1)} %`;
  // Money charts carry minor units; labels are approximate by nature (an axis, not a ledger).
  return (value / 100).toLocaleString('en-US', { maximumFractionDigits: 0 });
}

function drawChart(doc: PDFKit.PDFDocument, chart: Chart, box: (typeof CHART_LAYOUT)[number]): void {
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#000000').text(latin1(chart.title), box.x - 48, box.y - 22, { lineBreak: false });
  doc.lineWidth(0.5).strokeColor('#9e9e9e').rect(box.x, box.y, box.width, box.height).stroke();
  const points = chart.times.map((t, i) => [t, chart.values[i]!] as const).filter(([, v]) => Number.isFinite(v));
  if (points.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor('#616161').text('No data in this period', box.x + 10, box.y + box.height / 2, { lineBreak: false });
    return;
  }
  let low = Math.min(...points.map(([, v]) => v));
  let high = Math.max(...points.map(([, v]) => v));
  if (chart.area) high = Math.max(high, 0);
  if (high === low) {
    const pad = Math.abs(high) * 0.05 || 1;
    low -= pad;
    high += pad;
  }
  const t0 = points[0]![0];
  const t1 = points[points.length - 1]![0];
  const x = (t: number): number => box.x + (t1 === t0 ? box.width / 2 : ((t - t0) / (t1 - t0)) * box.width);
  const y = (v: number): number => box.y + box.height - ((v - low) / (high - low)) * box.height;
  doc.font('Helvetica').fontSize(7).fillColor('#424242');
  for (let step = 0; step <= 4; step++) {
    const value = low + ((high - low) * step) / 4;
    const yy = y(value);
    doc.lineWidth(0.25).strokeColor('#e0e0e0').moveTo(box.x, yy).lineTo(box.x + box.width, yy).stroke();
    doc.fillColor('#424242').text(axisLabel(value, chart.unit), box.x - 46, yy - 3, { width: 42, align: 'right', lineBreak: false });
  }
  doc.text(new Date(t0).toISOString().slice(0, 10), box.x, box.y + box.height + 4, { lineBreak: false });
  doc.text(new Date(t1).toISOString().slice(0, 10), box.x + box.width - 40, box.y + box.height + 4, { lineBreak: false });
  if (chart.area) {
    doc.moveTo(x(points[0]![0]), y(0));
    for (const [t, v] of points) doc.lineTo(x(t), y(v));
    doc.lineTo(x(points[points.length - 1]![0]), y(0)).closePath().fillOpacity(0.35).fill(CHART_COLOURS.area).fillOpacity(1);
  }
  doc.lineWidth(1.5).strokeColor(chart.area ? CHART_COLOURS.area : CHART_COLOURS.line);
  doc.moveTo(x(points[0]![0]), y(points[0]![1]));
  for (const [t, v] of points.slice(1)) doc.lineTo(x(t), y(v));
  if (points.length === 1) doc.lineTo(x(points[0]![0]) + 1, y(points[0]![1]));
  doc.stroke();
}

function columnWidths(table: Table, total: number): number[] {
  const weights = table.columns.map((column, i) => Math.min(40, Math.max(column.label.length * 0.6, ...table.rows.slice(0, 200).map((row) => row[i]!.length), 4)));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => (weight / sum) * total);
}

/**
 * Writes one cell on a single line, truncated to `width` and aligned by hand: measuring once and
 * placing the text ourselves keeps pdfkit's line wrapper (which measures every string again, with
 * kerning) out of the loop — most of the cost of a long table.
 */
function cell(doc: PDFKit.PDFDocument, text: string, x: number, top: number, width: number, right: boolean): void {
  let value = latin1(text);
  let measured = doc.widthOfString(value);
  while (value.length > 1 && measured > width - 4) {
    value = value.slice(0, -2) + '~';
    measured = doc.widthOfString(value);
  }
  doc.text(value, right ? x + width - 2 - measured : x + 2, top, { lineBreak: false });
}

/** Lets other work on the event loop run between pages of a long table. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function drawTable(doc: PDFKit.PDFDocument, table: Table): Promise<void> {
  const width = PAGE.width - 2 * PAGE.margin;
  const widths = columnWidths(table, width);
  const fontSize = table.columns.length > 8 ? 6.5 : 7.5;
  const rowHeight = fontSize + 5;
  const bottom = PAGE.height - PAGE.margin;
  const header = (): void => {
    doc.font('Helvetica-Bold').fontSize(fontSize).fillColor('#000000');
    let x = PAGE.margin;
    const top = doc.y;
    table.columns.forEach((column, i) => {
      cell(doc, column.label, x, top, widths[i]!, column.numeric);
      x += widths[i]!;
    });
    doc.y = top + rowHeight;
    doc.lineWidth(0.5).strokeColor('#000000').moveTo(PAGE.margin, doc.y - 2).lineTo(PAGE.margin + width, doc.y - 2).stroke();
    doc.font('Helvetica');
  };
  if (doc.y + 3 * rowHeight + 20 > bottom) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#000000').text(latin1(table.title), PAGE.margin, doc.y + 8);
  doc.moveDown(0.3);
  header();
  if (table.rows.length === 0) {
    doc.font('Helvetica').fontSize(fontSize).fillColor('#616161').text('No rows in this period.', PAGE.margin + 2, doc.y + 2);
    return;
  }
  for (const row of table.rows) {
    if (doc.y + rowHeight > bottom) {
      await yieldToEventLoop();
      doc.addPage();
      header();
    }
    const top = doc.y;
    let x = PAGE.margin;
    doc.fontSize(fontSize).fillColor('#000000');
    row.forEach((text, i) => {
      cell(doc, text, x, top, widths[i]!, table.columns[i]!.numeric);
      x += widths[i]!;
    });
    doc.y = top + rowHeight;
  }
}

/** The PDF bytes of a report. */
export async function renderPdf(content: ReportContent, info: { author: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, info: { Title: latin1(content.title), Author: latin1(info.author), Creator: 'Kestrel reporting' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text(latin1(content.title));
  doc.font('Helvetica').fontSize(9).fillColor('#424242');
  for (const line of content.subtitle) doc.text(latin1(line));
  doc.moveDown();
  doc.fillColor('#000000').fontSize(10);
  for (const [label, value] of content.summary) {
    const top = doc.y;
    doc.font('Helvetica').text(latin1(label), PAGE.margin, top, { width: 220, lineBreak: false });
    doc.font('Helvetica-Bold').text(latin1(value), PAGE.margin + 230, top, { width: 200, lineBreak: false });
    doc.y = top + 14;
  }
  if (content.charts.length > 0) {
    doc.addPage();
    content.charts.slice(0, CHART_LAYOUT.length).forEach((chart, i) => drawChart(doc, chart, CHART_LAYOUT[i]!));
    doc.addPage();
  } else {
    doc.moveDown();
  }
  for (const table of content.tables) await drawTable(doc, table);
  if (content.notes.length > 0) {
    if (doc.y + 20 + content.notes.length * 12 > PAGE.height - PAGE.margin) doc.addPage();
    doc.moveDown().font('Helvetica').fontSize(8).fillColor('#424242');
    for (const note of content.notes) doc.text(latin1(note), PAGE.margin, doc.y, { width: PAGE.width - 2 * PAGE.margin });
  }
  doc.end();
  return done;
}
