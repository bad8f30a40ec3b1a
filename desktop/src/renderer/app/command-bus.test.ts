import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandBus } from './command-bus.js';

describe('CommandBus', () => {
  it('runs the latest handler, the preferred one after focus, and the fallback when none is left', () => {
    const bus = new CommandBus();
    const calls: string[] = [];
    bus.fallback('ticket.buy', () => calls.push('open ticket'));
    const offA = bus.handle('ticket.buy', () => calls.push('A'));
    const b = () => calls.push('B');
    const offB = bus.handle('ticket.buy', b);
    bus.run('ticket.buy');
    bus.prefer('ticket.buy', b);
    const a = () => calls.push('A2');
    const offA2 = bus.handle('ticket.buy', a);
    bus.prefer('ticket.buy', b);
    bus.run('ticket.buy');
    offB();
    bus.run('ticket.buy');
    offA();
    offA2();
    bus.run('ticket.buy');
    assert.deepEqual(calls, ['B', 'B', 'A2', 'open ticket']);
    assert.equal(bus.run('theme.toggle'), false);
  });
});
