/** The frame reader over a real unix socket: chunking at any offset, timeouts, early close. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '../../src/transport/connection.js';
import { withTempDir } from '../support/run-dir.js';
import { serveUnix } from '../support/unix-server.js';
import { ClosedEarlyError, NotRunningError, RefusedError, TimeoutError } from '../../src/errors.js';

async function withServer(onConn: (s: Socket) => void, body: (path: string) => Promise<void>) {
  await withTempDir('gz-conn-', async ({ dir }) => {
    const server = await serveUnix(join(dir, 'x.sock'), onConn);
    try {
      await body(server.path);
    } finally {
      await server.close();
    }
  });
}

test('reassembles a 3 MB frame sent in ~100 irregular chunks, frames back to back', async () => {
  const frame = Buffer.alloc(3_168_040);
  for (let i = 0; i < frame.length; i += 4093) frame[i] = i & 0xff;
  const two = Buffer.concat([frame, frame.subarray(0, 1000)]);
  await withServer(
    (s) => {
      let off = 0;
      let k = 1;
      const pump = () => {
        if (off >= two.length) return;
        const n = Math.min(two.length - off, 20_000 + ((k++ * 7919) % 40_000));
        s.write(two.subarray(off, off + n));
        off += n;
        setImmediate(pump);
      };
      pump();
    },
    async (path) => {
      const c = await Connection.connect(path, { daemon: 'lstack', timeoutMs: 2000 });
      const a = await c.readExact(frame.length);
      assert.ok(a.equals(frame));
      const b = await c.readExact(1000);
      assert.ok(b.equals(frame.subarray(0, 1000)));
      c.close();
    },
  );
});

test('a daemon that never answers times out; one that closes early is reported', async () => {
  await withServer(
    () => undefined,
    async (path) => {
      const c = await Connection.connect(path, { daemon: 'lstack', timeoutMs: 150 });
      await assert.rejects(c.readExact(10), TimeoutError);
      c.close();
    },
  );
  await withServer(
    (s) => s.end(Buffer.alloc(5)),
    async (path) => {
      const c = await Connection.connect(path, { daemon: 'lstack', timeoutMs: 1000 });
      await assert.rejects(
        c.readExact(10),
        (e: unknown) => e instanceof ClosedEarlyError && e.received === 5,
      );
      c.close();
    },
  );
});

test('connect failures are typed: missing socket, stale socket file', async () => {
  await withTempDir('gz-conn-', async ({ dir }) => {
    await assert.rejects(Connection.connect(join(dir, 'none.sock'), { daemon: 'lstack' }), NotRunningError);
    const stale = join(dir, 'stale.sock');
    const server = createServer();
    await new Promise<void>((r) => server.listen(stale, () => r()));
    // keep the file, drop the listener
    writeFileSync(join(dir, 'marker'), '');
    const { linkSync, renameSync } = await import('node:fs');
    linkSync(stale, `${stale}.k`);
    await new Promise<void>((r) => server.close(() => r()));
    renameSync(`${stale}.k`, stale);
    await assert.rejects(Connection.connect(stale, { daemon: 'lstack' }), RefusedError);
    chmodSync(stale, 0o600);
  });
});
