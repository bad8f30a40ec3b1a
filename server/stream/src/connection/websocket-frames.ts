// Encodes a batch of server-to-client WebSocket text messages (RFC 6455 §5.2: FIN set, opcode 1,
// unmasked, no extensions) into ONE buffer, so a connection's frames of one event-loop turn leave
// in a single socket write. Why not `ws.send` per frame: each send allocates a header and pushes
// two chunks through the socket's stream machinery, and at 200 clients × 1,000 msgs/s that
// per-frame overhead (not the bytes) dominated the CPU profile. A message is given as parts, so
// the bytes of a payload shared by every subscriber (encoded once per item by the hub) are copied
// into each connection's buffer, never re-encoded. Invariants: the output is exactly what
// `ws` would send for the same messages without permessage-deflate (the stream's server disables
// it); parts must form valid UTF-8 (strings always do; byte parts come from Buffer.from(string)).
// Known limit: the batch is held in memory once more while it is copied into the buffer.
import type { OutboundMessage } from '../domain/outbound-queue.js';

/** Returns the frames of `messages`, in order, as one buffer. */
export function encodeTextFrames(messages: readonly OutboundMessage[]): Buffer {
  const lengths = new Array<number>(messages.length);
  let total = 0;
  for (let m = 0; m < messages.length; m++) {
    let length = 0;
    for (const part of messages[m]!) length += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
    lengths[m] = length;
    total += headerLength(length) + length;
  }
  const buffer = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let m = 0; m < messages.length; m++) {
    const length = lengths[m]!;
    buffer[offset] = 0x81; // FIN + text
    if (length < 126) {
      buffer[offset + 1] = length;
      offset += 2;
    } else if (length < 65536) {
      buffer[offset + 1] = 126;
      buffer.writeUInt16BE(length, offset + 2);
      offset += 4;
    } else {
      buffer[offset + 1] = 127;
      buffer.writeUInt32BE(Math.floor(length / 2 ** 32), offset + 2);
      buffer.writeUInt32BE(length >>> 0, offset + 6);
      offset += 10;
    }
    for (const part of messages[m]!) {
      if (typeof part === 'string') offset += buffer.write(part, offset, 'utf8');
      else {
        buffer.set(part, offset);
        offset += part.length;
      }
    }
  }
  return buffer;
}

function headerLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
}
