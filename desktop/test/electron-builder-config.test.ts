// electron-builder.yml, checked with electron-builder's own loader and schema validation (the
// same code `electron-builder` runs before building), plus the choices this project depends on:
// the targets per platform, the generic update provider, signing taken only from the
// environment, and the packed files matching what electron-vite builds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DebugLogger, log } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration, TargetConfiguration } from 'app-builder-lib';

// electron-builder logs ("• loaded configuration …") to stdout, which is the test runner's channel
// to this file's process: a line landing inside one of its frames fails the whole file ("Unable
// to deserialize cloned data"). Its logger writes to stderr instead (the stream is a protected
// field of builder-util's Logger, which has no setting for it).
(log as unknown as { stream: NodeJS.WritableStream }).stream = process.stderr;

const desktop = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(desktop, '..');
const configFile = path.join(root, 'electron-builder.yml');

async function load(): Promise<Configuration> {
  return getConfig(root, configFile, null);
}

function targetNames(targets: unknown): string[] {
  return (targets as Array<string | TargetConfiguration>).map((target) => (typeof target === 'string' ? target : target.target));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder validation (which refuses a wrong key)', async () => {
    await validateConfiguration(await load(), new DebugLogger(false));
    await assert.rejects(validateConfiguration({ ...(await load()), nsis: { oneClik: false } } as Configuration, new DebugLogger(false)), /configuration\.nsis/);
  });

  it('builds NSIS for Windows, DMG and zip for macOS, AppImage and deb for Linux', async () => {
    const config = await load();
    assert.deepEqual(targetNames(config.win?.target), ['nsis']);
    assert.deepEqual(targetNames(config.mac?.target), ['dmg', 'zip']);
    assert.deepEqual(targetNames(config.linux?.target), ['AppImage', 'deb']);
  });

  it('publishes to a generic feed (the app sets the real URL at run time)', async () => {
    const config = await load();
    const publish = config.publish as Array<{ provider: string }>;
    assert.deepEqual(
      publish.map((entry) => entry.provider),
      ['generic'],
    );
    const main = readFileSync(path.join(desktop, 'src/main/updates/update-feed.ts'), 'utf8');
    assert.match(main, /setFeedURL\(\{ provider: 'generic', url: feedUrl \}\)/);
  });

  it('keeps signing secrets out of the file', () => {
    const text = readFileSync(configFile, 'utf8');
    for (const secret of ['certificatePassword', 'cscKeyPassword', 'appleIdPassword', 'certificateFile']) assert.ok(!text.includes(`${secret}:`), secret);
  });

  it('packs the electron-vite output the desktop manifest points at', async () => {
    const config = await load();
    const manifest = JSON.parse(readFileSync(path.join(desktop, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    assert.equal(config.directories?.app, 'desktop');
    // electron-builder normalises the list into one filter set.
    assert.deepEqual(config.files, [{ filter: ['out/**/*', '!out/**/*.map', 'package.json'] }]);
    assert.equal(manifest.main, './out/main/index.js');
    // Only what the main process loads at run time is a dependency (electron-builder packs those).
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), ['@sinclair/typebox', 'electron-updater']);
  });
});
