/** Quick fuzz pass of the frame readers (properties in ./frames.ts); `npm run fuzz` runs the long one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Connection, HIGH_WATER_BYTES } from '../../src/transport/connection.js';
import { wireFor } from '../../src/protocol/profiles.js';
import {
  injectPieces,
  pattern,
  queuedChunks,
  runSkimCase,
  runStreamCase,
  skimCase,
  streamCase,
  StreamServer,
} from './frames.js';

test('readExact over a socket: any chunking, short, stalled and over-long streams', async () => {
  const server = await StreamServer.start();
  try {
    await fc.assert(
      fc.asyncProperty(streamCase(), (c) => runStreamCase(server, c)),
      { numRuns: 60 },
    );
  } finally {
    await server.close();
  }
});

test('readExact reassembles a full 3 MB dfx frame fed in 1-byte and 7-byte chunks', async () => {
  const frame = pattern(wireFor('v1.0.3').layouts.dfx.size, 42);
  const server = await StreamServer.start();
  try {
    for (const piece of [1, 7]) {
      server.next(() => undefined); // the daemon says nothing; the pieces are injected
      const conn = await Connection.connect(server.path, { daemon: 'lstack', timeoutMs: 2000 });
      const sock = (conn as unknown as { socket: { emit(e: string, b: Buffer): void } }).socket;
      // bytes that arrive while nobody reads are coalesced: at most one queued block per 64 KB
      const head = 100_000 - (100_000 % piece);
      for (let i = 0; i < head; i += piece) sock.emit('data', frame.subarray(i, i + piece));
      assert.ok(queuedChunks(conn) <= 2, `${queuedChunks(conn)} chunks queued for 100 KB`);
      const rest = frame.subarray(head);
      const got = Buffer.concat([await conn.readExact(head), await injectPieces(conn, rest, piece)]);
      assert.ok(got.equals(frame), `${piece}-byte chunks`);
      assert.equal(conn.pendingBytes, 0);
      conn.close();
    }
  } finally {
    await server.close();
  }
});

test('FrameSkimmer agrees with a reference parser at any chunking and honours max', () => {
  fc.assert(fc.property(skimCase, runSkimCase), { numRuns: 400 });
});

test('a daemon that floods while nobody reads fills at most HIGH_WATER_BYTES (+ one read) of our heap', async () => {
  const server = await StreamServer.start();
  const block = Buffer.alloc(256 * 1024, 0xab);
  try {
    server.next((s) => {
      s.on('error', () => undefined);
      const pump = (): void => {
        while (!s.destroyed && s.write(block));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const conn = await Connection.connect(server.path, { daemon: 'lstack', timeoutMs: 2000 });
    await conn.readExact(1000);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(conn.pendingBytes <= HIGH_WATER_BYTES + 256 * 1024, `${conn.pendingBytes} bytes queued`);
    // and reading resumes on demand
    const big = await conn.readExact(HIGH_WATER_BYTES * 2);
    assert.equal(big.length, HIGH_WATER_BYTES * 2);
    conn.close();
  } finally {
    await server.close();
  }
});
