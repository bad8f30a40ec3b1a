import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../log/logger.js';
import { LogCapture } from '../testing/test-deps.js';
import { Lifecycle } from './lifecycle.js';
import { installShutdownSignals } from './signals.js';

describe('installShutdownSignals', () => {
  it('closes on the first signal and exits 0; a second signal forces exit 130', async () => {
    const logger = createLogger({ destination: new LogCapture().stream });
    const lifecycle = new Lifecycle(logger);
    let release: () => void = () => undefined;
    lifecycle.onClose('slow', () => new Promise<void>((resolve) => (release = resolve)));
    const exits: number[] = [];
    const uninstall = installShutdownSignals(lifecycle, { graceMs: 5000, logger, exit: (code) => exits.push(code) });
    try {
      process.emit('SIGINT', 'SIGINT');
      assert.equal(lifecycle.closing, true);
      process.emit('SIGTERM', 'SIGTERM');
      assert.deepEqual(exits, [143]);
      release();
      await lifecycle.close(5000);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(exits, [143, 0]);
    } finally {
      uninstall();
    }
  });

  it('exits 1 when shutdown is not clean', async () => {
    const logger = createLogger({ destination: new LogCapture().stream });
    const lifecycle = new Lifecycle(logger);
    lifecycle.onClose('stuck', () => new Promise(() => undefined));
    const exits: number[] = [];
    const uninstall = installShutdownSignals(lifecycle, { graceMs: 50, logger, exit: (code) => exits.push(code) });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await lifecycle.close(50);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(exits, [1]);
    } finally {
      uninstall();
    }
  });
});
