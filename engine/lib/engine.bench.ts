// Benchmark of the engine through the binding's batch API on the exchange-core-shaped workload
// (engine/bench/exchange_workload.h), against the native pipeline on the identical stream in the
// same run. `kestrel-engine bench-pipeline` generates the stream, writes it as packed commands, and
// times it natively (Engine::submit + packing every event, i.e. the work one batch call does); this
// script then times the same commands through Engine.submitBatch (no durability, no risk limits), checks
// that it ends in the same state hash, and prints ops/s and the ratio. Also reported: the same with
// every event decoded to an object, with a journal (fsync group: one fdatasync per call) in $TMPDIR,
// and the one-command-per-call API.
// Usage: npx tsx engine/lib/engine.bench.ts [--ops N] [--batch N] [--runs N] [--seed N]
// Needs `npm run build:engine` first (addon and CLI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from './engine.js';
import { COMMAND_SIZE, CommandBatch } from './packed.js';

const args = new Map<string, number>();
for (let i = 2; i + 1 < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), Number(process.argv[i + 1]));
const ops = args.get('ops') ?? 2_000_000;
const batchSize = args.get('batch') ?? 20_000;
const runs = args.get('runs') ?? 3;
const seed = args.get('seed') ?? 1;

const cli = fileURLToPath(new URL('../build/kestrel-engine', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kestrel-engine-bench-'));
const file = join(dir, 'commands.bin');

const load = loadavg().map((l) => l.toFixed(2)).join(' ');
const native = execFileSync(cli, ['bench-pipeline', '--ops', String(ops), '--seed', String(seed), '--runs', String(runs),
  '--write-commands', file], { encoding: 'utf8' });
const rate = (label: string) => Number(new RegExp(`${label}: (\\d+) ops/s`).exec(native)?.[1]);
const nativeMatching = rate('matching engine alone');
const nativePipeline = rate('engine pipeline');
const nativePacked = rate('engine pipeline \\+ packed events');
const nativeHash = BigInt(`0x${/state hash ([0-9a-f]+)/.exec(native)?.[1]}`);

const bytes = new Uint8Array(readFileSync(file));
rmSync(dir, { recursive: true, force: true });
const header = new DataView(bytes.buffer, bytes.byteOffset, 16);
const fillCount = Number(header.getBigUint64(0, true));
const opsCount = Number(header.getBigUint64(8, true));
const fill = CommandBatch.fromPacked(bytes.subarray(16, 16 + fillCount * COMMAND_SIZE));
const all = CommandBatch.fromPacked(bytes.subarray(16 + fillCount * COMMAND_SIZE));
const batches: CommandBatch[] = [];
for (let first = 0; first < opsCount; first += batchSize) batches.push(all.slice(first, batchSize));

/** Best ops/s over `runs` fresh engines; `decode` materialises every event object; `durable` journals. */
function batchRate(decode: boolean, durable = false): { rate: number; events: number; hash: bigint } {
  let best = 0;
  let events = 0;
  let hash = 0n;
  for (let run = 0; run < runs; run++) {
    const dataDir = durable ? mkdtempSync(join(tmpdir(), 'kestrel-engine-bench-journal-')) : undefined;
    const engine = Engine.open(dataDir === undefined ? {} : { dataDir: join(dataDir, 'shard'), fsync: 'group' });
    engine.submitBatch(fill);
    let count = 0;
    const start = process.hrtime.bigint();
    for (const batch of batches) {
      const result = engine.submitBatch(batch);
      count += result.eventCount;
      if (decode) for (const event of result.events()) count += event.sequence > 0n ? 0 : 0;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, opsCount / seconds);
    events = count;
    hash = engine.stateHashes().combined;
    engine.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
  return { rate: best, events, hash };
}

// The one-command-per-call API on the first 200,000 commands (re-packing each command is not part of
// it: the records are taken from the packed stream one by one).
function singleRate(): number {
  const engine = Engine.open();
  engine.submitBatch(fill);
  const n = Math.min(200_000, opsCount);
  const singles = Array.from({ length: n }, (_, i) => all.slice(i, 1));
  const start = process.hrtime.bigint();
  for (const one of singles) engine.submitBatch(one);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  engine.close();
  return n / seconds;
}

const lazy = batchRate(false);
const decoded = batchRate(true);
const durable = batchRate(false, true);
const single = singleRate();
const million = (r: number) => `${(r / 1e6).toFixed(2)} M ops/s`;
console.log(`exchange-core-shaped workload: ${fillCount} fill + ${opsCount} measured commands, seed ${seed}; batches of ${batchSize}; best of ${runs}`);
console.log(`load average before the run: ${load}`);
console.log(`native matching engine alone:                 ${million(nativeMatching)}`);
console.log(`native Engine pipeline:                       ${million(nativePipeline)}`);
console.log(`native Engine pipeline + packed events:       ${million(nativePacked)}`);
console.log(`JS batch API (events decoded on access):      ${million(lazy.rate)}  ratio to native packed ${(lazy.rate / nativePacked).toFixed(2)}x, ${lazy.events} events`);
console.log(`JS batch API, every event decoded:            ${million(decoded.rate)}  ratio ${(decoded.rate / nativePacked).toFixed(2)}x`);
console.log(`JS batch API, journaled (group commit per call): ${million(durable.rate)}  (${tmpdir()})`);
console.log(`JS one command per call:                      ${million(single)}`);
const equal = lazy.hash === nativeHash && decoded.hash === nativeHash && durable.hash === nativeHash;
console.log(`state hash: native ${nativeHash.toString(16)}, JS ${lazy.hash.toString(16)} ${equal ? '(equal in every JS run)' : 'MISMATCH'}`);
console.log(`target >= 2 M ops/s through the batch API: ${lazy.rate >= 2e6 ? 'met' : 'NOT met'}`);
if (lazy.hash !== nativeHash || decoded.hash !== nativeHash || durable.hash !== nativeHash) process.exitCode = 1;
