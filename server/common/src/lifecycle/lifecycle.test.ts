import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogCapture } from '../testing/test-deps.js';
import { createLogger } from '../log/logger.js';
import { Lifecycle } from './lifecycle.js';

describe('Lifecycle', () => {
  it('runs hooks in reverse registration order, once', async () => {
    const order: string[] = [];
    const lifecycle = new Lifecycle();
    lifecycle.onClose('database', () => order.push('database'));
    lifecycle.onClose('redis', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('redis');
    });
    lifecycle.onClose('http', () => order.push('http'));
    assert.equal(lifecycle.closing, false);
    const [first, second] = await Promise.all([lifecycle.close(1000), lifecycle.close(1000)]);
    assert.deepEqual(order, ['http', 'redis', 'database']);
    assert.deepEqual(first, { clean: true, failed: [] });
    assert.equal(first, second);
    assert.equal(lifecycle.closing, true);
    assert.throws(() => lifecycle.onClose('late', () => undefined), /during shutdown/);
  });

  it('keeps closing after a failing hook and reports it', async () => {
    const capture = new LogCapture();
    const lifecycle = new Lifecycle(createLogger({ destination: capture.stream }));
    const closed: string[] = [];
    lifecycle.onClose('database', () => closed.push('database'));
    lifecycle.onClose('bus', () => {
      throw new Error('broker gone');
    });
    const result = await lifecycle.close(1000);
    assert.deepEqual(result, { clean: false, failed: ['bus'] });
    assert.deepEqual(closed, ['database']);
    assert.match(capture.text(), /close hook failed/);
    assert.match(capture.text(), /broker gone/);
  });

  it('gives up at the deadline, naming the hook still running', async () => {
    const lifecycle = new Lifecycle();
    let laterRan = false;
    lifecycle.onClose('database', () => (laterRan = true));
    lifecycle.onClose('stuck', () => new Promise(() => undefined));
    const started = Date.now();
    const result = await lifecycle.close(100);
    // Without the deadline close() would never return; the bound is loose because a loaded CI
    // machine can stall a 100 ms timer for seconds.
    assert.ok(Date.now() - started < 10_000, `closed after ${Date.now() - started} ms`);
    assert.deepEqual(result, { clean: false, failed: ['stuck'] });
    assert.equal(laterRan, false);
  });
});
