import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { multipartByteranges } from './multipart-byteranges.js';

const data = Buffer.from('0123456789abcdefghij');
const open = async (range: { start: number; end: number }) => [data.subarray(range.start, range.end + 1)];

describe('multipartByteranges', () => {
  it('produces exactly `length` bytes with one correctly labelled part per range, in order', async () => {
    const body = multipartByteranges([{ start: 10, end: 12 }, { start: 0, end: 1 }], data.length, 'application/octet-stream', open);
    const bytes = await buffer(body.stream);
    assert.equal(bytes.length, body.length);
    const boundary = /boundary=(.+)$/.exec(body.contentType)![1];
    const text = bytes.toString('latin1');
    assert.equal(
      text,
      `--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 10-12/20\r\n\r\nabc` +
        `\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-1/20\r\n\r\n01` +
        `\r\n--${boundary}--\r\n`,
    );
  });

  it('fails the stream when a part yields the wrong number of bytes', async () => {
    const body = multipartByteranges([{ start: 0, end: 4 }], data.length, 'text/plain', async () => [data.subarray(0, 2)]);
    await assert.rejects(buffer(body.stream), /yielded 2 bytes instead of 5/);
  });
});
