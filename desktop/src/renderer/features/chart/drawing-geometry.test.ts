import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Drawing } from '../workspace/panel-params.js';
import { drawingGrabPoint, fibLevels, hitDrawing, isDrawing, normalizedRectangle, savedDrawings, segmentDistance } from './drawing-geometry.js';

describe('Fibonacci retracement levels', () => {
  it('puts 0% at the end of the move and 100% at its start, in whole ticks', () => {
    // A move up from 100.00 to 110.00 (ticks of 0.01): 61.8% back is 110.00 − 6.18 = 103.82.
    assert.deepEqual(fibLevels(10000, 11000), [
      { label: '0%', priceTicks: 11000 },
      { label: '23.6%', priceTicks: 10764 },
      { label: '38.2%', priceTicks: 10618 },
      { label: '50%', priceTicks: 10500 },
      { label: '61.8%', priceTicks: 10382 },
      { label: '78.6%', priceTicks: 10214 },
      { label: '100%', priceTicks: 10000 },
    ]);
  });

  it('rounds levels that fall between ticks to the nearest tick, symmetrically for moves down', () => {
    // 7 ticks × 0.236 = 1.652 → 2; × 0.5 = 3.5 → 4 (halves away from the end).
    const up = fibLevels(0, 7).map((level) => level.priceTicks);
    assert.deepEqual(up, [7, 5, 4, 3, 3, 1, 0]);
    const down = fibLevels(7, 0).map((level) => level.priceTicks);
    assert.deepEqual(down, [0, 2, 3, 4, 4, 6, 7]);
    for (const level of [...fibLevels(-1234, 98765), ...fibLevels(98765, -1234)]) assert.ok(Number.isSafeInteger(level.priceTicks));
  });

  it('collapses to one price when both points are at the same price', () => {
    assert.ok(fibLevels(500, 500).every((level) => level.priceTicks === 500));
  });
});

describe('rectangles', () => {
  it('orders the corners whichever way they were clicked', () => {
    assert.deepEqual(normalizedRectangle({ time: 200, priceTicks: 5 }, { time: 100, priceTicks: 9 }), { fromTime: 100, toTime: 200, lowTicks: 5, highTicks: 9 });
  });
});

describe('saved drawings', () => {
  it('loads the old kinds and the new ones, and skips unknown or damaged drawings', () => {
    const raw = [
      { id: 'a', kind: 'hline', priceTicks: 100 },
      { id: 'b', kind: 'trend', from: { time: 1, priceTicks: 1 }, to: { time: 2, priceTicks: 2 } },
      { id: 'c', kind: 'rectangle', from: { time: 1, priceTicks: 1 }, to: { time: 2, priceTicks: 2 } },
      { id: 'd', kind: 'fib', from: { time: 1, priceTicks: 1 }, to: { time: 2, priceTicks: 2 } },
      { id: 'e', kind: 'pitchfork', points: [] },
      { id: 'f', kind: 'hline', priceTicks: 1.5 },
      { id: 'g', kind: 'fib', from: { time: 1, priceTicks: 1 } },
      null,
    ];
    assert.deepEqual(
      savedDrawings(raw).map((drawing) => drawing.id),
      ['a', 'b', 'c', 'd'],
    );
    assert.deepEqual(savedDrawings(undefined), []);
    assert.equal(isDrawing({ kind: 'hline', priceTicks: 1 }), false);
  });
});

describe('hit testing', () => {
  // 1 px per second, 1 px per tick, y grows downwards from price 1000.
  const project = (point: { time: number; priceTicks: number }) => ({ x: point.time, y: 1000 - point.priceTicks });
  const projectPrice = (ticks: number) => 1000 - ticks;
  const drawings: Drawing[] = [
    { id: 'h', kind: 'hline', priceTicks: 900 },
    { id: 't', kind: 'trend', from: { time: 0, priceTicks: 500 }, to: { time: 100, priceTicks: 600 } },
    { id: 'r', kind: 'rectangle', from: { time: 300, priceTicks: 300 }, to: { time: 400, priceTicks: 200 } },
    { id: 'f', kind: 'fib', from: { time: 600, priceTicks: 0 }, to: { time: 700, priceTicks: 1000 } },
  ];
  const hit = (x: number, y: number) => hitDrawing(drawings, x, y, project, projectPrice)?.id ?? null;

  it('finds the drawing under the pointer', () => {
    assert.equal(hit(50, 103), 'h');
    assert.equal(hit(50, 452), 't');
    assert.equal(hit(350, 750), 'r', 'inside the rectangle');
    assert.equal(hit(298, 750), 'r', 'near its left edge');
    assert.equal(hit(650, 500), 'f', 'on the 50% level');
    assert.equal(hit(650, 236 + 3), 'f', 'near the 23.6% level');
  });

  it('misses empty space and points beyond a segment', () => {
    assert.equal(hit(200, 500), null);
    assert.equal(hit(650, 430), null, 'between two fib levels');
    assert.equal(hit(750, 500), null, 'right of the fib');
    assert.equal(segmentDistance(110, 400, { x: 0, y: 500 }, { x: 100, y: 400 }), 10);
  });

  it('ignores drawings that are off the chart', () => {
    assert.equal(hitDrawing(drawings, 50, 103, () => null, () => null), null);
  });

  it('reports for every drawing a point that selects it, and none for a drawing off the chart', () => {
    const points = drawings.map((drawing) => drawingGrabPoint(drawing, project, projectPrice, 1000));
    assert.deepEqual(points, [{ x: 500, y: 100 }, { x: 50, y: 450 }, { x: 350, y: 750 }, { x: 650, y: 500 }]);
    for (const [index, point] of points.entries()) assert.equal(hit(point!.x, point!.y), drawings[index]!.id);
    assert.equal(drawingGrabPoint(drawings[2]!, () => null, () => null, 1000), null);
    assert.equal(drawingGrabPoint(drawings[0]!, project, () => null, 1000), null);
  });
});
