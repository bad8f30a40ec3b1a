import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { ConfigError } from './config-error.js';
import { loadConfig, type LoadConfigOptions } from './load.js';

const context = { platform: 'linux' as const, env: {}, homeDir: '/home/ada', uid: 1000 };

function load(env: Record<string, string>, options: Omit<LoadConfigOptions, 'env'> = {}) {
  return loadConfig({ env, dataDirContext: context, ...options });
}

/** The ConfigError `fn` throws; fails the test when it throws anything else or nothing. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.doesNotMatch(error.toLine(), /\n/, 'a config error is one line');
    assert.match(error.toLine(), /^config error: /);
    return error;
  }
  assert.fail('expected a ConfigError');
}

function tempFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kestrel-config-')), 'kestrel.json');
  writeFileSync(file, content);
  return file;
}

const AuthSection = Type.Object({
  issuer: Type.String({ minLength: 1, description: 'issuer' }),
  ttlSeconds: Type.Integer({ minimum: 60, maximum: 3600, default: 900, description: 'ttl' }),
});

describe('loadConfig defaults', () => {
  it('fills every default and the platform data dir', () => {
    const { config, warnings } = load({});
    assert.equal(config.http.host, '127.0.0.1');
    assert.equal(config.http.port, 8080);
    assert.equal(config.log.level, 'info');
    assert.deepEqual(config.services, ['all']);
    assert.equal(config.shutdown.graceMs, 15000);
    assert.equal(config.database.url, undefined);
    assert.equal(config.database.migrateOnStart, true);
    assert.deepEqual(config.redis, { channelPrefix: 'kestrel:' });
    assert.equal(config.kafka.brokers, undefined);
    assert.equal(config.kafka.topicPrefix, '');
    assert.equal(config.s3.forcePathStyle, true);
    assert.equal(config.dataDir, '/home/ada/.local/share/kestrel');
    assert.deepEqual(warnings, []);
  });

  it('parses typed env values', () => {
    const { config } = load({
      KESTREL_HTTP_PORT: '9090',
      KESTREL_HTTP_TRUST_PROXY: 'yes',
      KESTREL_LOG_LEVEL: 'debug',
      KESTREL_KAFKA_BROKERS: 'k1:9092, k2:9092,',
      KESTREL_KAFKA_TOPIC_PREFIX: 'ci-42.',
      KESTREL_REDIS_CHANNEL_PREFIX: 'ci-42:',
      KESTREL_SERVICES: 'auth,user',
      KESTREL_DATABASE_URL: 'postgres://u:p@db:5432/kestrel',
      KESTREL_DATA_DIR: '/srv/kestrel',
    });
    assert.equal(config.http.port, 9090);
    assert.equal(config.http.trustProxy, true);
    assert.equal(config.log.level, 'debug');
    assert.deepEqual(config.kafka.brokers, ['k1:9092', 'k2:9092']);
    assert.equal(config.kafka.topicPrefix, 'ci-42.');
    assert.equal(config.redis.channelPrefix, 'ci-42:');
    assert.deepEqual(config.services, ['auth', 'user']);
    assert.equal(config.database.url, 'postgres://u:p@db:5432/kestrel');
    assert.equal(config.dataDir, '/srv/kestrel');
  });

  it('treats an empty variable as unset', () => {
    assert.equal(load({ KESTREL_HTTP_PORT: '' }).config.http.port, 8080);
  });
});

describe('loadConfig file and precedence', () => {
  it('reads the file and lets env override it', () => {
    const file = tempFile(JSON.stringify({ http: { port: 7000, host: '0.0.0.0' }, log: { level: 'warn' } }));
    const fromFile = load({}, { configFile: file }).config;
    assert.equal(fromFile.http.port, 7000);
    assert.equal(fromFile.http.host, '0.0.0.0');
    const overridden = load({ KESTREL_HTTP_PORT: '7001' }, { configFile: file }).config;
    assert.equal(overridden.http.port, 7001);
    assert.equal(overridden.http.host, '0.0.0.0');
    assert.equal(overridden.log.level, 'warn');
  });

  it('takes the file from KESTREL_CONFIG_FILE, and --config wins over it', () => {
    const a = tempFile(JSON.stringify({ http: { port: 7100 } }));
    const b = tempFile(JSON.stringify({ http: { port: 7200 } }));
    assert.equal(load({ KESTREL_CONFIG_FILE: a }).config.http.port, 7100);
    assert.equal(load({ KESTREL_CONFIG_FILE: a }, { configFile: b }).config.http.port, 7200);
  });

  it('warns about unknown top-level file keys and unknown variables outside loaded sections', () => {
    const file = tempFile(JSON.stringify({ orders: { maxOpen: 5 } }));
    const { warnings } = load({ KESTREL_ORDERS_MAX_OPEN: '5', KESTREL_TEST_DATABASE_URL: 'x' }, { configFile: file });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? '', /"orders"/);
    assert.match(warnings[1] ?? '', /KESTREL_ORDERS_MAX_OPEN/);
  });
});

describe('loadConfig errors name the key', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['non-integer port', { KESTREL_HTTP_PORT: 'abc' }, /^KESTREL_HTTP_PORT must be an integer between 0 and 65535 \(got "abc"\)$/],
    ['port out of range', { KESTREL_HTTP_PORT: '70000' }, /^KESTREL_HTTP_PORT must be an integer between 0 and 65535 \(got "70000"\)$/],
    ['fractional integer', { KESTREL_SHUTDOWN_GRACE_MS: '1.5' }, /^KESTREL_SHUTDOWN_GRACE_MS must be an integer between 0 and 600000/],
    ['bad log level', { KESTREL_LOG_LEVEL: 'loud' }, /^KESTREL_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)$/],
    ['bad boolean', { KESTREL_HTTP_TRUST_PROXY: 'maybe' }, /^KESTREL_HTTP_TRUST_PROXY must be true or false \(got "maybe"\)$/],
    ['wrong URL scheme', { KESTREL_DATABASE_URL: 'http://db/kestrel' }, /^KESTREL_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    ['unparsable URL', { KESTREL_REDIS_URL: 'not a url' }, /^KESTREL_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL \(got "not a url"\)$/],
    ['bad broker', { KESTREL_KAFKA_BROKERS: 'k1:9092,k2' }, /^KESTREL_KAFKA_BROKERS must be a non-empty comma-separated list where each item is a host:port address/],
    ['empty list', { KESTREL_SERVICES: ' , ' }, /^KESTREL_SERVICES must be a comma-separated list of service names/],
    ['bad S3 endpoint', { KESTREL_S3_ENDPOINT: 'ftp://x' }, /^KESTREL_S3_ENDPOINT must be an http:\/\/ or https:\/\/ URL/],
    ['bad bucket', { KESTREL_S3_BUCKET: 'Bad_Bucket' }, /^KESTREL_S3_BUCKET must be an S3 bucket name/],
    ['body limit too small', { KESTREL_HTTP_BODY_LIMIT_BYTES: '10' }, /^KESTREL_HTTP_BODY_LIMIT_BYTES must be an integer between 1024 and 104857600/],
    ['unknown key in a section', { KESTREL_HTTP_PROT: '1' }, /^KESTREL_HTTP_PROT is not a known setting \(known: KESTREL_HTTP_HOST, KESTREL_HTTP_PORT/],
    ['bucket missing for endpoint', { KESTREL_S3_ENDPOINT: 'http://minio:9000' }, /^KESTREL_S3_BUCKET is required when KESTREL_S3_ENDPOINT is set$/],
    ['secret without key id', { KESTREL_S3_SECRET_ACCESS_KEY: 's' }, /^KESTREL_S3_ACCESS_KEY_ID is required when KESTREL_S3_SECRET_ACCESS_KEY is set$/],
  ];
  for (const [name, env, message] of cases) {
    it(name, () => {
      const error = configError(() => load(env));
      assert.match(error.message, message);
      assert.equal(error.key, error.message.split(' ')[0]);
    });
  }

  it('names file keys with the file path', () => {
    const file = tempFile(JSON.stringify({ http: { port: 'abc' } }));
    const error = configError(() => load({}, { configFile: file }));
    assert.equal(error.message, `http.port in ${file} must be an integer between 0 and 65535 (got "abc")`);
  });

  it('rejects unknown keys inside a file section', () => {
    const file = tempFile(JSON.stringify({ http: { prot: 1 } }));
    assert.match(configError(() => load({}, { configFile: file })).message, new RegExp(`^http\\.prot in ${file} is not a known setting`));
  });

  it('rejects a section that is not an object', () => {
    const file = tempFile(JSON.stringify({ http: 8080 }));
    assert.equal(configError(() => load({}, { configFile: file })).message, `http in ${file} must be an object`);
  });

  it('reports an unreadable file against the flag that named it', () => {
    assert.match(configError(() => load({}, { configFile: '/nonexistent/k.json' })).message, /^--config names "\/nonexistent\/k\.json", which cannot be read \(ENOENT\)$/);
    assert.match(configError(() => load({ KESTREL_CONFIG_FILE: '/nonexistent/k.json' })).message, /^KESTREL_CONFIG_FILE names/);
  });

  it('reports invalid JSON and non-object JSON', () => {
    const broken = tempFile('{ "http": ');
    assert.match(configError(() => load({}, { configFile: broken })).message, new RegExp(`^${broken} \\(from --config\\) is not valid JSON`));
    const list = tempFile('[1]');
    assert.match(configError(() => load({}, { configFile: list })).message, /must contain a JSON object$/);
  });
});

describe('loadConfig service sections', () => {
  it('validates a service section from env and file with derived names', () => {
    const file = tempFile(JSON.stringify({ auth: { issuer: 'file-issuer' } }));
    const { config } = load({ KESTREL_AUTH_TTL_SECONDS: '120' }, { configFile: file, sections: [{ name: 'auth', schema: AuthSection }] });
    assert.deepEqual(config.sections.auth, { issuer: 'file-issuer', ttlSeconds: 120 });
  });

  it('requires a section key without default, naming its variable', () => {
    const error = configError(() => load({}, { sections: [{ name: 'auth', schema: AuthSection }] }));
    assert.equal(error.message, 'KESTREL_AUTH_ISSUER is required: set it to a non-empty string');
  });

  it('names the section variable in a range error and rejects unknown section variables', () => {
    const sections = [{ name: 'auth', schema: AuthSection }];
    assert.match(configError(() => load({ KESTREL_AUTH_ISSUER: 'x', KESTREL_AUTH_TTL_SECONDS: '5' }, { sections })).message, /^KESTREL_AUTH_TTL_SECONDS must be an integer between 60 and 3600 \(got "5"\)$/);
    assert.match(configError(() => load({ KESTREL_AUTH_ISSUER: 'x', KESTREL_AUTH_TTL: '5' }, { sections })).message, /^KESTREL_AUTH_TTL is not a known setting/);
  });

  it('derives env names for hyphenated services', () => {
    const schema = Type.Object({ feedUrl: Type.Optional(Type.String({ format: 'uri', description: 'feed' })) });
    const { config } = load({ KESTREL_MARKET_DATA_FEED_URL: 'wss://feed.example/v1' }, { sections: [{ name: 'market-data', schema }] });
    assert.deepEqual(config.sections['market-data'], { feedUrl: 'wss://feed.example/v1' });
  });

  it('refuses a section named like a core key', () => {
    assert.throws(() => load({}, { sections: [{ name: 'http', schema: AuthSection }] }), /collides with a core configuration key/);
  });
});
