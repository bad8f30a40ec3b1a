import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedObjectKey, fileKind, isChannelName, isFeedFileName } from './feed-path.js';

describe('feed names', () => {
  it('accepts channel names of lower-case words', () => {
    for (const name of ['stable', 'beta', 'nightly-2']) assert.ok(isChannelName(name), name);
    for (const name of ['', 'Stable', '-beta', 'beta-', 'a/b', '..', 'x'.repeat(33)]) assert.ok(!isChannelName(name), name);
  });

  it('accepts the file names electron-builder writes and nothing that leaves the channel folder', () => {
    for (const name of ['latest.yml', 'latest-mac.yml', 'Kestrel Setup 1.2.3.exe', 'Kestrel-1.2.3-arm64.dmg.blockmap', 'kestrel_1.2.3_amd64 (1).deb']) {
      assert.ok(isFeedFileName(name), name);
    }
    for (const name of ['', '.env', '../secrets', 'a/b.yml', 'a\\b', 'a..b', 'x\u0000.yml', 'x'.repeat(256)]) {
      assert.ok(!isFeedFileName(name), JSON.stringify(name));
    }
  });

  it('maps a file to its object key and tells manifests from artefacts', () => {
    assert.equal(feedObjectKey('updates', 'beta', 'latest.yml'), 'updates/beta/latest.yml');
    assert.equal(fileKind('latest-linux.yml'), 'manifest');
    assert.equal(fileKind('Kestrel Setup 1.2.3.exe.blockmap'), 'blockmap');
    assert.equal(fileKind('Kestrel-1.2.3.AppImage'), 'artifact');
  });
});
