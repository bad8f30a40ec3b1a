import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HealthRegistry } from './health-registry.js';

describe('HealthRegistry', () => {
  it('reports ok when every check resolves, with a latency per check', async () => {
    const health = new HealthRegistry();
    health.register('fast', async () => undefined);
    health.register('slower', () => new Promise((resolve) => setTimeout(resolve, 30)));
    const report = await health.run();
    assert.equal(report.status, 'ok');
    assert.deepEqual(report.checks.map((c) => [c.name, c.status]), [['fast', 'ok'], ['slower', 'ok']]);
    assert.ok((report.checks[1]?.latencyMs ?? 0) >= 25);
  });

  it('fails on a throwing check and on a check exceeding its timeout, which is aborted', async () => {
    const health = new HealthRegistry();
    let aborted = false;
    health.register('broken', async () => {
      throw new Error('connection refused');
    });
    health.register('hung', (signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true))), { timeoutMs: 50 });
    health.register('fine', async () => undefined);
    const started = Date.now();
    const report = await health.run();
    // Generous for a loaded machine: it only has to tell the 50 ms timeout from a probe that hangs.
    assert.ok(Date.now() - started < 10_000, 'a hung check does not stall the probe');
    assert.equal(report.status, 'fail');
    assert.deepEqual(report.checks.map((c) => [c.name, c.status, c.error]), [
      ['broken', 'fail', 'connection refused'],
      ['hung', 'fail', 'timed out after 50 ms'],
      ['fine', 'ok', undefined],
    ]);
    assert.equal(aborted, true);
  });

  it('refuses a duplicate name', () => {
    const health = new HealthRegistry();
    health.register('database', async () => undefined);
    assert.throws(() => health.register('database', async () => undefined), /already registered/);
  });
});
