import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, defineService } from '@kestrel/server-common';
import { UsageError } from './args.js';
import { selectServices } from './prepare.js';

const plugin = async () => undefined;
const registry = [defineService({ name: 'gateway', plugin }), defineService({ name: 'auth', plugin }), defineService({ name: 'user', plugin })];

describe('selectServices', () => {
  it('keeps registry order and supports all', () => {
    assert.deepEqual(selectServices(registry, ['all'], 'config').map((m) => m.name), ['gateway', 'auth', 'user']);
    assert.deepEqual(selectServices(registry, ['user', 'gateway'], 'arguments').map((m) => m.name), ['gateway', 'user']);
  });

  it('reports an unknown name as a usage error from arguments and a config error from KESTREL_SERVICES', () => {
    assert.throws(() => selectServices(registry, ['orders'], 'arguments'), (error) => error instanceof UsageError && /unknown service "orders" \(known: gateway, auth, user\)/.test(error.message));
    assert.throws(
      () => selectServices(registry, ['auth', 'orders'], 'config'),
      (error) => error instanceof ConfigError && error.key === 'KESTREL_SERVICES' && /^KESTREL_SERVICES names an unknown service "orders"/.test(error.message),
    );
  });
});
