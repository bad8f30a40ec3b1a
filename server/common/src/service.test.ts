import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineService, migrationsTableName } from './service.js';

const plugin = async () => undefined;

describe('defineService', () => {
  it('accepts lower-case hyphenated names', () => {
    assert.equal(defineService({ name: 'market-data', plugin }).name, 'market-data');
  });

  it('rejects names that break env, table or config naming', () => {
    for (const name of ['Auth', 'market_data', '-x', 'x-', '1st', '', 'all', 'common', 'http', 'database', 'http-extra']) {
      assert.throws(() => defineService({ name, plugin }), /service name/, name);
    }
  });

  it('derives one migrations table per service', () => {
    assert.equal(migrationsTableName('auth'), 'kestrel_migrations_auth');
    assert.equal(migrationsTableName('market-data'), 'kestrel_migrations_market_data');
  });
});
