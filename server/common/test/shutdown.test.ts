// Graceful shutdown of a listening server on real PostgreSQL: it stops accepting connections,
// lets an in-flight request finish, then closes the services, the pool, and whatever started
// first, in reverse order.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/log/logger.js';
import { Lifecycle } from '../src/lifecycle/lifecycle.js';
import { startServer } from '../src/runtime/start-server.js';
import { defineService } from '../src/service.js';
import { LogCapture } from '../src/testing/test-deps.js';
import { requireTestEnv } from '../src/testing/require-test-env.js';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new connections and closes in reverse start order', async () => {
    const { config } = loadConfig({ env: { KESTREL_DATABASE_URL: requireTestEnv('KESTREL_TEST_DATABASE_URL'), KESTREL_HTTP_PORT: '0' } });
    const logger = createLogger({ destination: new LogCapture().stream });
    const lifecycle = new Lifecycle(logger);
    const order: string[] = [];
    lifecycle.onClose('started first', () => order.push('started first'));

    let entered: () => void = () => undefined;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => undefined;
    const slow = defineService({
      name: 'slow',
      async plugin(app, deps) {
        app.get('/v1/slow', async () => {
          entered();
          await new Promise<void>((resolve) => (release = resolve));
          const { rows } = await deps.db.query('select 41 + 1 as answer');
          return { answer: rows[0].answer };
        });
        app.addHook('onClose', async () => {
          order.push('service');
        });
      },
    });

    const { url, deps } = await startServer({ config, modules: [slow], logger, lifecycle });
    const port = Number(new URL(url).port);
    const inFlight = get(`${url}/v1/slow`);
    await handlerEntered;
    // The close deadline must outlast the wait below, or a slow machine would see the in-flight
    // request cut off rather than finished.
    const closing = lifecycle.close(120_000);

    // Bounded by time, not by a number of tries (50 of them took about a second: too little for
    // a loaded CI machine to get the listener closed).
    let stoppedAccepting = false;
    for (const deadline = Date.now() + 30_000; !stoppedAccepting && Date.now() < deadline; ) {
      stoppedAccepting = await refused(port);
      if (!stoppedAccepting) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(stoppedAccepting, 'new connections are refused once shutdown starts');

    release();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), { answer: 42 });

    assert.deepEqual(await closing, { clean: true, failed: [] });
    assert.deepEqual(order, ['service', 'started first']);
    assert.equal(deps.db.ended, true, 'the pool is closed');
  });
});
