import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiError } from './api-error.js';
import { HttpClient } from './http-client.js';

// A loopback server standing in for the gateway: a CSV download that needs the current token.
const CSV = Buffer.from('\uFEFFExecuted at (UTC),Symbol\r\n2024-01-02T15:00:00Z,GOOG\r\n', 'utf8');
const PDF = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80]);

describe('HttpClient.blob', () => {
  let server: Server;
  let base: string;
  let validToken = 'fresh';
  const seen: Array<{ url: string; authorization: string | undefined; accept: string | undefined }> = [];

  before(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', authorization: request.headers.authorization, accept: request.headers.accept });
      if (request.headers.authorization !== `Bearer ${validToken}`) {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'AUTH_TOKEN_INVALID', message: 'expired' } }));
      } else if (request.url?.startsWith('/v1/reports/r1/download')) {
        const pdf = request.url.includes('version=2');
        response.writeHead(200, { 'content-type': pdf ? 'application/pdf' : 'text/csv; charset=utf-8' }).end(pdf ? PDF : CSV);
      } else {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'REPORT_NOT_FOUND', message: 'No such report' } }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('returns the exact bytes, with the bearer token, the query and any content type accepted', async () => {
    const client = new HttpClient(base);
    client.useCredentials({ accessToken: () => 'fresh', refresh: async () => true });
    seen.length = 0;
    const csv = await client.blob('/v1/reports/r1/download', { query: { version: undefined } });
    assert.deepEqual(Buffer.from(await csv.arrayBuffer()), CSV);
    assert.match(csv.type, /^text\/csv/);
    const pdf = await client.blob('/v1/reports/r1/download', { query: { version: 2 } });
    assert.deepEqual(Buffer.from(await pdf.arrayBuffer()), PDF);
    assert.deepEqual(seen, [
      { url: '/v1/reports/r1/download', authorization: 'Bearer fresh', accept: '*/*' },
      { url: '/v1/reports/r1/download?version=2', authorization: 'Bearer fresh', accept: '*/*' },
    ]);
  });

  it('renews an expired token once and retries the download', async () => {
    let token = 'stale';
    let refreshes = 0;
    validToken = 'renewed';
    const client = new HttpClient(base);
    client.useCredentials({
      accessToken: () => token,
      refresh: async () => {
        refreshes += 1;
        token = 'renewed';
        return true;
      },
    });
    const blob = await client.blob('/v1/reports/r1/download');
    assert.deepEqual(Buffer.from(await blob.arrayBuffer()), CSV);
    assert.equal(refreshes, 1);
    validToken = 'fresh';
  });

  it('fails with the server code, not with the error body as a file', async () => {
    const client = new HttpClient(base);
    client.useCredentials({ accessToken: () => 'fresh', refresh: async () => true });
    await assert.rejects(client.blob('/v1/reports/other/download'), (error: unknown) => error instanceof ApiError && error.code === 'REPORT_NOT_FOUND' && error.status === 404);
    const ended = new HttpClient(base);
    ended.useCredentials({ accessToken: () => 'stale', refresh: async () => false });
    await assert.rejects(ended.blob('/v1/reports/r1/download'), (error: unknown) => error instanceof ApiError && error.status === 401);
  });
});
