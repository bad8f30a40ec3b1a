// The sandbox: a source strategy and a built-in load in a worker and report their declarations; a
// strategy stuck in a loop while loading is terminated by the watchdog (STRATEGY_TIMEOUT), one that
// allocates without bound hits the heap cap (STRATEGY_MEMORY_LIMIT), and a running strategy that
// throws in onBar is reported once as STRATEGY_HOOK_FAILED naming the hook — never as an exception
// in this process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileStrategy } from './compile.js';
import type { FromWorker } from './protocol.js';
import { describeStrategy, StrategySandbox, type SandboxFailure } from './strategy-sandbox.js';

/**
 * The watchdog measures wall-clock time and also watches loading (module evaluation in a fresh
 * worker): on a loaded CI machine a healthy load can take seconds, so the tests that expect no
 * timeout get a limit no stall reaches; the timeout test sets its own short one.
 */
const LIMITS = { memoryMb: 64, hookTimeoutMs: 10_000 };

describe('strategy sandbox', () => {
  it('describes a source strategy and a built-in', async () => {
    const code = await compileStrategy(
      "import { defineParams, defineStrategy } from '@kestrel/shared';\nexport default defineStrategy({ name: 'mine', description: 'mine d', params: defineParams({ n: { type: 'integer', default: 3, min: 1 } }), create: () => ({}) });",
      'typescript',
    );
    assert.deepEqual(await describeStrategy({ code }, LIMITS), { name: 'mine', description: 'mine d', params: { n: { type: 'integer', default: 3, min: 1 } } });
    assert.equal((await describeStrategy({ builtin: 'sma-cross' }, LIMITS)).name, 'sma-cross');
  });

  it('terminates a loop (watchdog) and a memory hog (heap cap)', async () => {
    const loop = await compileStrategy('for (;;) {}\nexport default 1;', 'typescript');
    await assert.rejects(describeStrategy({ code: loop }, { memoryMb: 64, hookTimeoutMs: 200 }), { code: 'STRATEGY_TIMEOUT' });
    const hog = await compileStrategy('const keep: number[][] = [];\nfor (;;) keep.push(new Array(100_000).fill(1));\nexport default 1;', 'typescript');
    await assert.rejects(describeStrategy({ code: hog }, { memoryMb: 32, hookTimeoutMs: 60_000 }), { code: 'STRATEGY_MEMORY_LIMIT' });
  });

  it('runs timers on the wall clock (onTimer) and orders leave through the parent with bound ids', async () => {
    const code = await compileStrategy(
      `import { defineParams, defineStrategy } from '@kestrel/shared';
       export default defineStrategy({ name: 'timed', description: 'd', params: defineParams({}), create: () => {
         let fired = 0;
         return {
           onStart(ctx) { ctx.every(30, 'tick'); },
           onTimer(ctx, timer) { if (++fired === 3) { ctx.log.warn('three', { name: timer.name }); ctx.buy(2, { limitPriceTicks: 99 }); } },
         };
       } });`,
      'typescript',
    );
    const messages: FromWorker[] = [];
    const sandbox = new StrategySandbox(
      {
        mode: 'run',
        strategy: { code },
        params: {},
        runMode: 'live',
        accountId: '00000000-0000-4000-8000-000000000002',
        symbols: ['ACME'],
        instruments: [{ symbol: 'ACME', tickSize: '0.01', multiplier: 1 }],
        tickValueMinor: { ACME: 1 },
        account: { cashMinor: 1_000_000, positions: {} },
        orderPrefix: 'sx-',
        nextOrderSeq: 7,
        seed: 1,
      },
      LIMITS,
      { onMessage: (message) => messages.push(message), onFailure: (failure) => assert.fail(`${failure.code}: ${failure.message}`) },
    );
    const deadline = Date.now() + 60_000;
    while (!messages.some((message) => message.type === 'loaded') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    sandbox.send({ type: 'start' });
    while (!messages.some((message) => message.type === 'submit') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await sandbox.stop(1_000);
    assert.deepEqual(messages.find((message) => message.type === 'log'), { type: 'log', level: 'warn', message: 'three', fields: { name: 'tick' } });
    const submit = messages.find((message) => message.type === 'submit') as Extract<FromWorker, { type: 'submit' }>;
    assert.equal(submit.request.clientOrderId, 'sx-7');
    assert.equal(submit.request.accountId, '00000000-0000-4000-8000-000000000002');
    assert.equal(submit.request.symbol, 'ACME');
    assert.deepEqual([submit.request.side, submit.request.type, submit.request.timeInForce, submit.request.quantityLots, submit.request.limitPriceTicks], ['buy', 'limit', 'GTC', 2, 99]);
  });

  it('reports a throwing hook once, naming it', async () => {
    const code = await compileStrategy(
      "import { defineParams, defineStrategy } from '@kestrel/shared';\nexport default defineStrategy({ name: 't', description: 'd', params: defineParams({}), create: () => ({ onBar() { throw new RangeError('bad'); } }) });",
      'typescript',
    );
    const failures: SandboxFailure[] = [];
    const messages: FromWorker[] = [];
    const sandbox = new StrategySandbox(
      {
        mode: 'run',
        strategy: { code },
        params: {},
        runMode: 'paper',
        accountId: '00000000-0000-4000-8000-000000000001',
        symbols: ['ACME'],
        instruments: [{ symbol: 'ACME', tickSize: '0.01', multiplier: 1 }],
        tickValueMinor: { ACME: 1 },
        account: { cashMinor: 1_000_000, positions: {} },
        orderPrefix: 't-',
        nextOrderSeq: 1,
        seed: 1,
      },
      LIMITS,
      { onMessage: (message) => messages.push(message), onFailure: (failure) => failures.push(failure) },
    );
    const deadline = Date.now() + 60_000;
    while (!messages.some((message) => message.type === 'loaded') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    sandbox.send({ type: 'start' });
    const bar = { symbol: 'ACME', timestamp: 0, open: 1, high: 1, low: 1, close: 1, volume: 1, ticks: { open: 100, high: 100, low: 100, close: 100 } };
    sandbox.send({ type: 'bar', bar });
    sandbox.send({ type: 'bar', bar: { ...bar, timestamp: 60_000 } });
    while (failures.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.code, 'STRATEGY_HOOK_FAILED');
    assert.match(failures[0]!.message, /^onBar threw RangeError: bad/);
    assert.equal(sandbox.ended, true);
  });
});
