import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSuiteProcess, type ForkSuite } from './suite-process.js';

const fixture = fileURLToPath(new URL('./fixtures/fake-cli.mjs', import.meta.url));

function forkWith(mode: string): ForkSuite {
  return (entry, args, env) => {
    const child = fork(entry, [...args], { env: { ...process.env, ...env, FIXTURE_MODE: mode }, stdio: 'pipe' });
    return { stdout: child.stdout, stderr: child.stderr, onExit: (listener) => child.on('exit', listener), kill: () => child.kill('SIGTERM') };
  };
}

describe('startSuiteProcess', () => {
  it('resolves with the printed URL and the lines before it, and stops the child', async () => {
    const suite = await startSuiteProcess(forkWith('ready'), { entry: fixture, dataDir: '/tmp/kestrel-x', timeoutMs: 60_000 });
    assert.equal(suite.url, 'http://127.0.0.1:45678');
    assert.deepEqual(suite.startupLines, ['Kestrel admin a@b.c one-time password: pw']);
    await suite.stop();
    await suite.stop();
  });

  it('rejects with the output when the child exits before it is ready', async () => {
    await assert.rejects(startSuiteProcess(forkWith('exit'), { entry: fixture, dataDir: '/tmp/kestrel-x', timeoutMs: 60_000 }), /exited with code 78[\s\S]*config error/);
  });

  it('rejects and kills a child that never becomes ready', async () => {
    await assert.rejects(startSuiteProcess(forkWith('silent'), { entry: fixture, dataDir: '/tmp/kestrel-x', timeoutMs: 500 }), /did not start within 500 ms/);
  });
});
