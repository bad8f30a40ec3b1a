import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveParams } from './strategy-model.js';

describe('strategy model', () => {
  it('shows declared defaults overridden by the version, in declaration order', () => {
    assert.equal(effectiveParams({ paramSpecs: { fast: { default: 10 }, slow: { default: 30 }, size: { default: 1 } }, params: { slow: 50, extra: true } }), 'fast 10, slow 50, size 1, extra true');
    assert.equal(effectiveParams({ paramSpecs: {}, params: {} }), '');
  });
});
