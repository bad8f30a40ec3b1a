import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBridge, type IpcRendererPort } from './create-bridge.js';

function recordingIpc() {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc: IpcRendererPort = {
    invoke: async (channel, ...args) => (invoked.push([channel, args]), { ok: true, value: 'v' }),
    on: (channel, listener) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(listener),
    removeListener: (channel, listener) => void listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener({ sender: 'secret' }, payload));
  return { ipc, invoked, listeners, emit };
}

describe('preload bridge', () => {
  it('forwards known channels with exactly one argument', async () => {
    const { ipc, invoked } = recordingIpc();
    const bridge = createBridge(ipc);
    assert.equal(bridge.kind, 'kestrel-desktop');
    assert.deepEqual(await bridge.invoke('app:info', {}), { ok: true, value: 'v' });
    assert.deepEqual(invoked, [['app:info', [{}]]]);
  });

  it('refuses unknown channels without reaching the main process', async () => {
    const { ipc, invoked } = recordingIpc();
    const result = await createBridge(ipc).invoke('fs:read' as 'app:info', {});
    assert.deepEqual(result, { ok: false, error: { code: 'DESKTOP_IPC_UNKNOWN_CHANNEL', message: 'Unknown channel fs:read' } });
    assert.deepEqual(invoked, []);
  });

  it('passes only the payload of events to listeners, and unsubscribes', () => {
    const { ipc, listeners, emit } = recordingIpc();
    const bridge = createBridge(ipc);
    const received: unknown[][] = [];
    const off = bridge.on('connection:changed', (...args: unknown[]) => received.push(args));
    emit('connection:changed', { mode: 'remote' });
    assert.deepEqual(received, [[{ mode: 'remote' }]]);
    off();
    assert.equal(listeners.get('connection:changed')?.size, 0);
    assert.equal(typeof bridge.on('ipc:anything' as 'connection:changed', () => undefined), 'function');
    assert.equal(listeners.has('ipc:anything'), false);
  });
});
