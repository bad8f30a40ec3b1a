// BackgroundRouting: routings run detached up to the limit, past it (and once closed) the caller
// waits for its own; a failed routing is logged, never thrown at the caller; close() waits for
// what runs detached.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { OrderRecord } from '../domain/order-record.js';
import { BackgroundRouting } from './background-routing.js';

/** A routeOrder whose calls end when the test says so. */
function controlledRouting() {
  const pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const routed: string[] = [];
  const route = (order: OrderRecord) =>
    new Promise<void>((resolve, reject) => {
      pending.set(order.id, {
        resolve: () => {
          routed.push(order.id);
          resolve();
        },
        reject,
      });
    });
  return { pending, routed, route };
}

const order = (id: string) => ({ id }) as OrderRecord;
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

function silent() {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, new Writable({ write: (chunk, _encoding, callback) => (lines.push(String(chunk)), callback()) }));
  return { logger, lines };
}

test('detaches up to the limit, then the caller waits for its own routing', async () => {
  const { pending, routed, route } = controlledRouting();
  const background = new BackgroundRouting(route, silent().logger, 2);
  assert.equal(await settled(background.route(order('a'))), true);
  assert.equal(await settled(background.route(order('b'))), true);
  assert.equal(background.running, 2);
  const third = background.route(order('c'));
  assert.equal(await settled(third), false, 'past the limit the caller waits');
  pending.get('c')!.resolve();
  assert.equal(await settled(third), true);
  assert.equal(background.running, 2, 'the waited routing was never detached');
  pending.get('a')!.resolve();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(background.running, 1);
  assert.equal(await settled(background.route(order('d'))), true, 'room again');
  pending.get('b')!.resolve();
  pending.get('d')!.resolve();
  await background.close();
  assert.deepEqual(routed.sort(), ['a', 'b', 'c', 'd']);
});

test('close() waits for detached routings, and routings after it are awaited', async () => {
  const { pending, route } = controlledRouting();
  const background = new BackgroundRouting(route, silent().logger, 10);
  await background.route(order('a'));
  const closing = background.close();
  assert.equal(await settled(closing), false);
  const late = background.route(order('b'));
  assert.equal(await settled(late), false, 'no longer detached once closed');
  pending.get('a')!.resolve();
  pending.get('b')!.resolve();
  await closing;
  await late;
});

test('a failed routing is logged with the order id and not thrown', async () => {
  const { pending, route } = controlledRouting();
  const { logger, lines } = silent();
  const background = new BackgroundRouting(route, logger, 0);
  const waited = background.route(order('x'));
  pending.get('x')!.reject(new Error('database gone'));
  await waited;
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /"orderId":"x"/);
  assert.match(lines[0]!, /database gone/);
});
