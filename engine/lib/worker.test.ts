// The addon in worker threads: it loads in a worker (per-environment instance data), and two workers
// run their own engines concurrently — each reaching exactly the state the same flow reaches on the
// main thread — while the main thread keeps using its own engine. Two workers cannot open the same
// data directory (the journal lock holds across threads).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Engine } from './engine.js';
import { commandFlow } from './fixtures/flow.js';

interface WorkerResult {
  combined: string;
  trades: number;
  threadId: number;
}

function runWorker(workerData: { seed: number; count: number; dataDir?: string }): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fixtures/engine-worker.mjs', import.meta.url), { workerData });
    let result: WorkerResult | undefined;
    worker.once('message', (message: WorkerResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`worker exited with ${code}`))));
  });
}

function mainThreadHash(seed: number, count: number): string {
  const engine = Engine.open();
  for (const command of commandFlow(seed, count)) engine.submit(command);
  const hash = engine.stateHashes().combined.toString();
  engine.close();
  return hash;
}

test('two workers run their own engines concurrently and agree with the main thread', async () => {
  const running = [runWorker({ seed: 1, count: 20_000 }), runWorker({ seed: 2, count: 20_000 })];
  // The main thread keeps working with its own engine meanwhile.
  const expected = [mainThreadHash(1, 20_000), mainThreadHash(2, 20_000)];
  const results = await Promise.all(running);
  assert.deepEqual(results.map((r) => r.combined), expected);
  assert.notEqual(results[0]!.threadId, results[1]!.threadId);
  assert.ok(results.every((r) => r.threadId > 0 && r.trades > 500));
});

test('a worker recovers a data directory written by another thread; the journal lock spans threads', async () => {
  const base = mkdtempSync(join(tmpdir(), 'kestrel-engine-worker-'));
  try {
    const dataDir = join(base, 'shard');
    const first = await runWorker({ seed: 3, count: 2_000, dataDir });
    const second = await runWorker({ seed: 4, count: 0, dataDir });  // opens, recovers, adds nothing
    assert.equal(second.combined, first.combined);
    const held = Engine.open({ dataDir });
    await assert.rejects(runWorker({ seed: 5, count: 10, dataDir }), (error: unknown) => {
      assert.match(String((error as Error).message), /locked/);
      return true;
    });
    held.close();
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
