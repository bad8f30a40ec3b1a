// docs/desktop.md lists every DESKTOP_* code the shell returns, and no code that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DESKTOP_ERROR_CODES } from '../src/common/ipc-result.js';

const doc = readFileSync(new URL('../../docs/desktop.md', import.meta.url), 'utf8');
const documented = [...doc.matchAll(/^\| `(DESKTOP_[A-Z_]+)` \|/gm)].map((match) => match[1]);

describe('docs/desktop.md', () => {
  it('documents exactly the desktop error codes', () => {
    assert.deepEqual([...documented].sort(), [...DESKTOP_ERROR_CODES].sort());
  });
});
