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
    assert.deepEqual(parseCommand(['admin', 'create', '--email', 'a@example.com']), { kind: 'admin-create', configFile: undefined, email: 'a@example.com' });
    assert.deepEqual(parseCommand(['admin', 'create', '--email=a@example.com', '--password', 'pass phrase', '--config', 'k.json']), {
      kind: 'admin-create',
      configFile: 'k.json',
      email: 'a@example.com',
      password: 'pass phrase',
    });
  });

  it('rejects bad usage with a UsageError', () => {
    for (const argv of [
      ['launch'],
      ['serve', '--all', 'auth'],
      ['serve', '--port', '1'],
      ['migrate', '--all'],
      ['serve', '--config'],
      ['admin'],
      ['admin', 'create'],
      ['admin', 'delete', '--email', 'a@example.com'],
      ['admin', 'create', 'extra', '--email', 'a@example.com'],
      ['admin', 'create', '--email'],
      ['admin', 'create', '--all', '--email', 'a@example.com'],
      ['serve', '--email', 'a@example.com'],
      ['migrate', '--password', 'x'],
    ]) {
      assert.throws(() => parseCommand(argv), UsageError, argv.join(' '));
    }
  });
});
