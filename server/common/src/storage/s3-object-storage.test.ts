// Runs the ObjectStorage contract against the S3-compatible server started by
// scripts/test-services.sh (KESTREL_TEST_S3_*). Each storage gets its own key prefix in the bucket.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { requireTestEnv } from '../testing/require-test-env.js';
import { objectStorageContract } from './object-storage-contract.js';
import { S3ObjectStorage } from './s3-object-storage.js';

const s3Options = () => ({
  endpoint: requireTestEnv('KESTREL_TEST_S3_ENDPOINT'),
  bucket: requireTestEnv('KESTREL_TEST_S3_BUCKET'),
  accessKeyId: requireTestEnv('KESTREL_TEST_S3_ACCESS_KEY'),
  secretAccessKey: requireTestEnv('KESTREL_TEST_S3_SECRET_KEY'),
});

objectStorageContract('s3', {
  async createStorage() {
    return new S3ObjectStorage({ ...s3Options(), keyPrefix: `contract-${randomUUID()}/` });
  },
  async dispose(storage) {
    (storage as S3ObjectStorage).close();
  },
});

describe('S3ObjectStorage', () => {
  it('keeps objects of different key prefixes apart in one bucket', async () => {
    const first = new S3ObjectStorage({ ...s3Options(), keyPrefix: `iso-${randomUUID()}/` });
    const second = new S3ObjectStorage({ ...s3Options(), keyPrefix: `iso-${randomUUID()}/` });
    try {
      await first.put('same-key', 'first');
      assert.equal(await second.head('same-key'), undefined);
      assert.deepEqual((await second.list('')).objects, []);
      assert.deepEqual((await first.list('')).objects.map((o) => o.key), ['same-key']);
    } finally {
      first.close();
      second.close();
    }
  });

  it('reports an unreachable endpoint as STORAGE_UNAVAILABLE', async () => {
    const storage = new S3ObjectStorage({ ...s3Options(), endpoint: 'http://127.0.0.1:1', requestTimeoutMs: 2000 });
    try {
      await assert.rejects(storage.put('k', 'x'), { code: 'STORAGE_UNAVAILABLE' });
      await assert.rejects(storage.head('k'), { code: 'STORAGE_UNAVAILABLE' });
    } finally {
      storage.close();
    }
  });

  it('rejects invalid options with STORAGE_INVALID_OPTIONS', () => {
    assert.throws(() => new S3ObjectStorage({ bucket: 'Bad_Bucket' }), { code: 'STORAGE_INVALID_OPTIONS' });
    assert.throws(() => new S3ObjectStorage({ bucket: 'ok-bucket', keyPrefix: 'no-slash' }), { code: 'STORAGE_INVALID_OPTIONS' });
    assert.throws(() => new S3ObjectStorage({ bucket: 'ok-bucket', accessKeyId: 'only-one' }), { code: 'STORAGE_INVALID_OPTIONS' });
  });
});
