import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_ORIGIN } from '../../common/app-origin.js';
import { IPC_CHANNELS } from '../../common/ipc-channels.js';
import type { IpcHandlers } from '../../common/ipc-contract.js';
import { DesktopError } from '../../common/ipc-result.js';
import { dispatch, registerIpcHandlers, type InvokeEvent } from './ipc-router.js';

const trusted = [APP_ORIGIN];
const topFrame = (url = 'kestrel-app://app/index.html'): InvokeEvent => ({ senderFrame: { url, parent: null }, sender: { id: 7 } });
const silent = { warn: () => undefined };

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  const connection = { mode: 'remote' as const, serverUrl: 'https://k.example', streamUrl: 'wss://k.example/v1/stream', updateChannel: 'stable' as const };
  return {
    'app:info': async () => ({ version: '1.0.0', platform: 'linux', electron: '45', chrome: '140', packaged: false }),
    'connection:get': async () => connection,
    'connection:set': async () => connection,
    'shell:open-external': async () => ({ opened: true }),
    'session:load': async () => ({ refreshToken: null }),
    'session:save': async () => ({ persisted: false }),
    'session:clear': async () => ({ cleared: true }),
    'updates:check': async () => ({ state: 'disabled', feedUrl: null, version: null, message: null }),
    'offline:status': async () => ({ available: false, reason: 'no' }),
    'auth:pkce-login': async () => ({ accessToken: 'a', refreshToken: 'r', expiresIn: 900 }),
    ...overrides,
  };
}

describe('IPC dispatch', () => {
  it('runs a valid call from the app top frame and returns its value', async () => {
    const result = await dispatch('app:info', handlers(), topFrame(), [{}], trusted, silent);
    assert.deepEqual(result, { ok: true, value: { version: '1.0.0', platform: 'linux', electron: '45', chrome: '140', packaged: false } });
  });

  it('passes the sender id to the handler', async () => {
    let seen = -1;
    await dispatch('session:clear', handlers({ 'session:clear': async (_request, context) => ((seen = context.senderId), { cleared: true }) }), topFrame(), [{}], trusted, silent);
    assert.equal(seen, 7);
  });

  it('refuses senders that are not the app top frame, before parsing', async () => {
    let called = false;
    const spy = handlers({ 'session:clear': async () => ((called = true), { cleared: true }) });
    const cases: InvokeEvent[] = [
      { senderFrame: null, sender: { id: 1 } },
      topFrame('https://evil.example/'),
      topFrame('file:///tmp/x.html'),
      { senderFrame: { url: 'kestrel-app://app/index.html', parent: {} }, sender: { id: 1 } },
    ];
    for (const event of cases) {
      const result = await dispatch('session:clear', spy, event, [{}], trusted, silent);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, 'DESKTOP_IPC_FORBIDDEN_SENDER');
    }
    assert.equal(called, false);
  });

  it('refuses requests that do not match the schema', async () => {
    const bad: Array<[(typeof IPC_CHANNELS)[number], unknown[]]> = [
      ['connection:set', [{ mode: 'remote', serverUrl: 'ftp://x.example' }]],
      ['connection:set', [{ mode: 'remote', serverUrl: 'https://x.example', extra: 1 }]],
      ['connection:set', [{ mode: 'nonsense' }]],
      ['shell:open-external', [{ url: 42 }]],
      ['shell:open-external', [{ url: 'x'.repeat(5000) }]],
      ['session:save', [{ refreshToken: 'has spaces and <script>' }]],
      ['app:info', [{}, {}]],
      ['app:info', ['string']],
    ];
    for (const [channel, args] of bad) {
      const result = await dispatch(channel, handlers(), topFrame(), args, trusted, silent);
      assert.equal(!result.ok && result.error.code, 'DESKTOP_IPC_INVALID_REQUEST', `${channel} ${JSON.stringify(args).slice(0, 80)}`);
    }
  });

  it('treats a call without an argument as an empty request', async () => {
    assert.equal((await dispatch('session:clear', handlers(), topFrame(), [], trusted, silent)).ok, true);
  });

  it('returns DesktopError codes and hides other failures behind HANDLER_FAILED', async () => {
    const failing = handlers({
      'shell:open-external': async () => {
        throw new DesktopError('DESKTOP_URL_NOT_ALLOWED', 'nope');
      },
      'session:clear': async () => {
        throw new TypeError('boom');
      },
    });
    assert.deepEqual(await dispatch('shell:open-external', failing, topFrame(), [{ url: 'file:///x' }], trusted, silent), {
      ok: false,
      error: { code: 'DESKTOP_URL_NOT_ALLOWED', message: 'nope' },
    });
    const result = await dispatch('session:clear', failing, topFrame(), [{}], trusted, silent);
    assert.equal(!result.ok && result.error.code, 'DESKTOP_IPC_HANDLER_FAILED');
  });

  it('refuses a handler response that breaks the contract', async () => {
    const broken = handlers({ 'session:clear': async () => ({ cleared: 'yes' }) as unknown as { cleared: boolean } });
    const result = await dispatch('session:clear', broken, topFrame(), [{}], trusted, silent);
    assert.equal(!result.ok && result.error.code, 'DESKTOP_IPC_HANDLER_FAILED');
  });
});

describe('registerIpcHandlers', () => {
  it('registers every channel of the contract', () => {
    const registered: string[] = [];
    registerIpcHandlers({ handle: (channel) => registered.push(channel) }, handlers(), trusted, silent);
    assert.deepEqual(registered, [...IPC_CHANNELS]);
  });

  it('fails at startup when a handler is missing', () => {
    const incomplete = { ...handlers() } as Partial<IpcHandlers>;
    delete incomplete['updates:check'];
    assert.throws(() => registerIpcHandlers({ handle: () => undefined }, incomplete as IpcHandlers, trusted, silent), /updates:check/);
  });
});
