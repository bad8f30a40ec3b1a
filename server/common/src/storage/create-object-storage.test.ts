// The configuration decides the backend.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { createObjectStorage } from './create-object-storage.js';
import { LocalObjectStorage } from './local-object-storage.js';
import { S3ObjectStorage } from './s3-object-storage.js';

describe('createObjectStorage', () => {
  it('uses S3 only when an endpoint is configured, and then needs a bucket', () => {
    assert.ok(createObjectStorage({}, tmpdir()) instanceof LocalObjectStorage);
    const s3 = createObjectStorage({ endpoint: 'http://127.0.0.1:9000', bucket: 'kestrel' }, tmpdir());
    assert.ok(s3 instanceof S3ObjectStorage);
    (s3 as S3ObjectStorage).close();
    assert.throws(() => createObjectStorage({ endpoint: 'http://127.0.0.1:9000' }, tmpdir()), { code: 'STORAGE_INVALID_OPTIONS' });
  });
});
