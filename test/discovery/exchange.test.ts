/** exchange(): one request, its answer read through the transport's frame reader, ended as the rules say. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { exchange, type ExchangeOptions } from '../../src/discovery/exchange.js';
import { Discard, ExactFrame } from '../../src/transport/frameReader.js';
import { serveUnix } from '../support/unix-server.js';
import { withTempDir } from '../support/run-dir.js';

const opts: ExchangeOptions = { daemon: 'lstack', timeoutMs: 2000, idleMs: 100 };

/** A daemon that reads the 4-byte request, then lets `reply` answer on the socket. */
async function withDaemon<T>(
  reply: (sock: Socket, request: Buffer) => void,
  body: (path: string, requests: Buffer[]) => Promise<T>,
): Promise<T> {
  return withTempDir('gz-exchange-', async ({ dir }) => {
    const requests: Buffer[] = [];
    const srv = await serveUnix(join(dir, 'lstack_cmd.sock'), (sock) =>
      sock.once('data', (req) => {
        requests.push(req);
        reply(sock, req);
      }),
    );
    try {
      return await body(srv.path, requests);
    } finally {
      await srv.close();
    }
  });
}

const request = Buffer.from([1, 2, 3, 4]);

test('an answer that is done ends it at once, the request arrived whole', async () => {
  await withDaemon(
    (sock) => sock.write(Buffer.alloc(10, 7)), // and keeps the connection open, as lstack does
    async (path, requests) => {
      const frame = new ExactFrame(10);
      const r = await exchange(path, request, frame, opts);
      assert.deepEqual(r, { bytes: 10, ended: 'stopped' });
      assert.deepEqual(frame.buffer, Buffer.alloc(10, 7));
      assert.deepEqual(requests, [request]);
    },
  );
});

test('confirmEnd: a done answer waits for quiet, and counts the bytes beyond it', async () => {
  await withDaemon(
    (sock) => sock.write(Buffer.alloc(10)),
    async (path) => {
      const r = await exchange(path, request, new ExactFrame(10), { ...opts, confirmEnd: true });
      assert.deepEqual(r, { bytes: 10, ended: 'quiet' });
    },
  );
  await withDaemon(
    (sock) => {
      sock.write(Buffer.alloc(10));
      setTimeout(() => sock.write(Buffer.alloc(3)), 20);
    },
    async (path) => {
      const r = await exchange(path, request, new ExactFrame(10), { ...opts, confirmEnd: true });
      assert.deepEqual(r, { bytes: 13, ended: 'stopped' });
    },
  );
});

test('a daemon that closes ends it; one that stays silent is a timeout, or quiet when no answer is due', async () => {
  await withDaemon(
    (sock) => sock.end(Buffer.alloc(4)),
    async (path) => {
      assert.deepEqual(await exchange(path, request, new ExactFrame(10), opts), {
        bytes: 4,
        ended: 'closed',
      });
    },
  );
  await withDaemon(
    () => undefined,
    async (path) => {
      const silent = { ...opts, timeoutMs: 150 };
      assert.deepEqual(await exchange(path, request, new ExactFrame(10), silent), {
        bytes: 0,
        ended: 'timeout',
      });
      assert.deepEqual(await exchange(path, request, new Discard(), { ...silent, settledAtStart: true }), {
        bytes: 0,
        ended: 'quiet',
      });
    },
  );
});
