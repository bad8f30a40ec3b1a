// Unit tests of generated-secrets.ts: creation and reuse, upgrade of an older file, refusal of a
// damaged one, and precedence/pairing when the secrets are filled into the configuration.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, type KestrelConfig } from '@kestrel/server-common';
import { loadOrCreateSecrets, secretsPath, withGeneratedSecrets } from './generated-secrets.js';

function withDir(run: (dir: string) => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-secrets-unit-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const config = (sections: KestrelConfig['sections']) => ({ sections }) as unknown as KestrelConfig;

describe('generated secrets', () => {
  it('creates the file once (0600, distinct random values) and reuses it', () =>
    withDir((dir) => {
      const first = loadOrCreateSecrets(path.join(dir, 'data'));
      assert.deepEqual(first.generated.sort(), ['authKeyEncryptionKey', 'marketDataServiceToken', 'orderServiceToken', 'portfolioServiceToken', 'strategyCredentialKey']);
      assert.equal(statSync(secretsPath(path.join(dir, 'data'))).mode & 0o777, 0o600);
      assert.equal(new Set(Object.values(first.secrets)).size, 5);
      assert.equal(Buffer.from(first.secrets.authKeyEncryptionKey, 'base64').length, 32);
      assert.match(first.secrets.strategyCredentialKey, /^[0-9a-f]{64}$/);
      const second = loadOrCreateSecrets(path.join(dir, 'data'));
      assert.deepEqual(second, { secrets: first.secrets, generated: [] });
    }));

  it('keeps the values of an older file and adds only the missing secrets', () =>
    withDir((dir) => {
      writeFileSync(secretsPath(dir), JSON.stringify({ portfolioServiceToken: 'p'.repeat(43) }), { mode: 0o600 });
      const { secrets, generated } = loadOrCreateSecrets(dir);
      assert.equal(secrets.portfolioServiceToken, 'p'.repeat(43));
      assert.deepEqual(generated.sort(), ['authKeyEncryptionKey', 'marketDataServiceToken', 'orderServiceToken', 'strategyCredentialKey']);
      assert.deepEqual(JSON.parse(readFileSync(secretsPath(dir), 'utf8')), secrets);
    }));

  it('refuses a damaged file with a ConfigError instead of replacing it', () =>
    withDir((dir) => {
      writeFileSync(secretsPath(dir), '{not json');
      assert.throws(() => loadOrCreateSecrets(dir), ConfigError);
      assert.equal(readFileSync(secretsPath(dir), 'utf8'), '{not json');
    }));

  it('fills only unset settings of loaded sections; order pairs with portfolio\'s effective token', () => {
    const secrets = { portfolioServiceToken: 'gen-portfolio', marketDataServiceToken: 'gen-md', orderServiceToken: 'gen-order', authKeyEncryptionKey: 'gen-kek', strategyCredentialKey: 'gen-strategy' };
    const filled = withGeneratedSecrets(config({ portfolio: { serviceToken: 'explicit' }, order: {}, 'market-data': {}, auth: {}, strategy: {} }), secrets);
    assert.deepEqual(filled.sections, {
      portfolio: { serviceToken: 'explicit' },
      order: { portfolioServiceToken: 'explicit', serviceToken: 'gen-order' },
      'market-data': { serviceToken: 'gen-md' },
      auth: { keyEncryptionKey: 'gen-kek' },
      strategy: { credentialKey: 'gen-strategy' },
    });
    const alone = withGeneratedSecrets(config({ order: { portfolioServiceToken: 'mine', serviceToken: 'own' } }), secrets);
    assert.deepEqual(alone.sections, { order: { portfolioServiceToken: 'mine', serviceToken: 'own' } });
    const generated = withGeneratedSecrets(config({ portfolio: {}, order: {} }), secrets);
    assert.deepEqual(generated.sections, { portfolio: { serviceToken: 'gen-portfolio' }, order: { portfolioServiceToken: 'gen-portfolio', serviceToken: 'gen-order' } });
  });
});
