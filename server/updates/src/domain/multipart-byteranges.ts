// The body of a `multipart/byteranges` response (RFC 9110 §14.6): one part per requested range,
// each with its Content-Type and Content-Range, separated by a random boundary. The part contents
// come from `open(range)`, called lazily one range at a time, so only one ranged read of the
// object is open at once and memory stays bounded by the stream buffers.
// Invariants: `length` is the exact number of bytes the stream produces when every `open` yields
// exactly end-start+1 bytes; a part that yields a different count fails the stream (the client
// sees a truncated body and retries) rather than sending a body that disagrees with its headers.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { contentRange, type SatisfiedRange } from './byte-ranges.js';

/** A multipart/byteranges body and the headers that describe it. */
export interface MultipartBody {
  contentType: string;
  length: number;
  stream: Readable;
}

/** Builds the multipart body of `ranges` of a `size`-byte object of type `partType`. */
export function multipartByteranges(
  ranges: readonly SatisfiedRange[],
  size: number,
  partType: string,
  open: (range: SatisfiedRange) => Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>>,
): MultipartBody {
  const boundary = `kestrel-${randomBytes(12).toString('hex')}`;
  const heads = ranges.map(
    (range, index) =>
      `${index === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${partType}\r\nContent-Range: ${contentRange(range, size)}\r\n\r\n`,
  );
  const tail = `\r\n--${boundary}--\r\n`;
  const length =
    heads.reduce((total, head) => total + Buffer.byteLength(head), 0) +
    ranges.reduce((total, range) => total + (range.end - range.start + 1), 0) +
    Buffer.byteLength(tail);
  async function* parts(): AsyncGenerator<Buffer | Uint8Array> {
    for (const [index, range] of ranges.entries()) {
      yield Buffer.from(heads[index] as string);
      let sent = 0;
      for await (const chunk of await open(range)) {
        sent += chunk.byteLength;
        yield chunk;
      }
      const expected = range.end - range.start + 1;
      if (sent !== expected) throw new Error(`range ${range.start}-${range.end} yielded ${sent} bytes instead of ${expected}`);
    }
    yield Buffer.from(tail);
  }
  return { contentType: `multipart/byteranges; boundary=${boundary}`, length, stream: Readable.from(parts(), { objectMode: false }) };
}
