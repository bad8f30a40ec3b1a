import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KestrelError, defineErrors, listErrorCodes } from './kestrel-error.js';

describe('defineErrors', () => {
  it('registers codes and builds errors carrying code, status and details', () => {
    const errors = defineErrors({ TESTAREA_THING_MISSING: { status: 404, description: 'No such thing.' } });
    assert.ok(listErrorCodes().some((entry) => entry.code === 'TESTAREA_THING_MISSING'));
    const error = new KestrelError(errors.TESTAREA_THING_MISSING, 'thing 7 not found', { details: { id: 7 }, cause: new Error('x') });
    assert.equal(error.code, 'TESTAREA_THING_MISSING');
    assert.equal(error.status, 404);
    assert.deepEqual(error.details, { id: 7 });
    assert.ok(error.cause instanceof Error);
  });

  it('rejects codes that are not AREA_REASON and statuses outside 4xx/5xx', () => {
    assert.throws(() => defineErrors({ notUpper: { status: 400, description: 'x' } }), /AREA_REASON/);
    assert.throws(() => defineErrors({ NOUNDERSCORE: { status: 400, description: 'x' } }), /AREA_REASON/);
    assert.throws(() => defineErrors({ TESTAREA_OK: { status: 200, description: 'x' } }), /400-599/);
  });

  it('accepts an identical redefinition and rejects a conflicting one', () => {
    defineErrors({ TESTAREA_TWICE: { status: 409, description: 'Twice.' } });
    assert.doesNotThrow(() => defineErrors({ TESTAREA_TWICE: { status: 409, description: 'Twice.' } }));
    assert.throws(() => defineErrors({ TESTAREA_TWICE: { status: 400, description: 'Twice.' } }), /defined twice/);
  });
});
