import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { encodeTextFrames } from './websocket-frames.js';

describe('encodeTextFrames', () => {
  it('frames each message with the 7-bit, 16-bit and 64-bit length forms at their boundaries', () => {
    for (const [length, header] of [
      [0, 2],
      [125, 2],
      [126, 4],
      [65535, 4],
      [65536, 10],
    ] as const) {
      const frame = encodeTextFrames([['x'.repeat(length)]]);
      assert.equal(frame.length, header + length, `length ${length}`);
      assert.equal(frame[0], 0x81);
      const declared = header === 2 ? frame[1] : header === 4 ? frame.readUInt16BE(2) : Number(frame.readBigUInt64BE(2));
      assert.equal(frame[1]! & 0x80, 0, 'server frames are unmasked');
      assert.equal(declared, length);
    }
  });

  it('is read by a real ws client as the same messages, in order (multi-byte text, shared byte parts)', async () => {
    const shared = Buffer.from(JSON.stringify({ name: 'Zürich €', levels: [[1, 2]] }));
    const messages = [['{"type":"pong"}'], ['{"a":', shared, '}'], ['{"big":"', 'é'.repeat(40_000), '"}'], ['{"b":', shared, '}']];
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    server.on('upgrade', (request, socket, head) => {
      wss.handleUpgrade(request, socket, head, () => socket.write(encodeTextFrames(messages)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    try {
      const received = await new Promise<string[]>((resolve, reject) => {
        const texts: string[] = [];
        client.on('message', (data, isBinary) => {
          assert.equal(isBinary, false);
          texts.push(data.toString());
          if (texts.length === messages.length) resolve(texts);
        });
        client.on('error', reject);
      });
      assert.deepEqual(
        received,
        messages.map((parts) => parts.map((part) => part.toString()).join('')),
      );
    } finally {
      client.terminate();
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
