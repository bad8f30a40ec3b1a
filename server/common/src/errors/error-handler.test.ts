import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommonErrors } from './common-errors.js';
import { toErrorResponse } from './error-handler.js';
import { KestrelError } from './kestrel-error.js';

describe('toErrorResponse', () => {
  it('keeps a KestrelError code, status, message and details', () => {
    const response = toErrorResponse(new KestrelError(CommonErrors.REQUEST_INVALID, 'bad', { details: [1] }), 'r1');
    assert.deepEqual(response, { status: 400, body: { error: { code: 'REQUEST_INVALID', message: 'bad', requestId: 'r1', details: [1] } } });
  });

  it('maps Fastify client errors to common codes, keeping their status', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    assert.equal(toErrorResponse(tooLarge, 'r').body.error.code, 'REQUEST_TOO_LARGE');
    const other = Object.assign(new Error('Not acceptable'), { code: 'FST_SOMETHING', statusCode: 406 });
    assert.deepEqual(toErrorResponse(other, 'r'), { status: 406, body: { error: { code: 'REQUEST_REJECTED', message: 'Not acceptable', requestId: 'r' } } });
  });

  it('hides the message of unexpected errors', () => {
    const response = toErrorResponse(new Error('password column missing in SELECT ...'), 'r2');
    assert.deepEqual(response, { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'Internal server error', requestId: 'r2' } } });
    assert.equal(toErrorResponse(Object.assign(new Error('boom'), { statusCode: 503 }), 'r').body.error.code, 'INTERNAL_ERROR');
    assert.equal(toErrorResponse('a string', 'r').status, 500);
  });
});
