import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, parseCommand } from './args.js';

describe('parseCommand', () => {
  it('parses serve, migrate, help and version', () => {
    assert.deepEqual(parseCommand(['serve', '--all']), { kind: 'serve', configFile: undefined, all: true, services: [] });
    assert.deepEqual(parseCommand(['serve', 'auth', 'user', '--config', 'k.json']), { kind: 'serve', configFile: 'k.json', all: false, services: ['auth', 'user'] });
    assert.deepEqual(parseCommand(['migrate']), { kind: 'migrate', configFile: undefined, services: [] });
    assert.deepEqual(parseCommand([]), { kind: 'help' });
    assert.deepEqual(parseCommand(['--help']), { kind: 'help' });
    assert.deepEqual(parseCommand(['serve', '-h']), { kind: 'help' });
    assert.deepEqual(parseCommand(['-v']), { kind: 'version' });
  });

  it('rejects bad usage with a UsageError', () => {
    for (const argv of [['launch'], ['serve', '--all', 'auth'], ['serve', '--port', '1'], ['migrate', '--all'], ['serve', '--config']]) {
      assert.throws(() => parseCommand(argv), UsageError, argv.join(' '));
    }
  });
});
