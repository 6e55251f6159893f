import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClosedEarlyError, TimeoutError } from '../../../src/errors.js';
import { Channel } from '../../../src/monitor/channel.js';
import { TopController } from '../../../src/tui/data/controller.js';
import { startFakeLstack } from '../fakeLstack.js';

const seg = { size: 8, keep: 8, until: 'one' as const, max: 1 };

test('polls every round on one kept lstack connection, and survives a daemon restart', async () => {
  const runDir = `${mkdtempSync(join(tmpdir(), 'gz-chan-'))}/`;
  let fake = await startFakeLstack(2, '07', runDir);
  let now = 0;
  const c = new TopController(
    { runDir, prefixes: ['07'], only: ['v1.0.3'], timeoutMs: 1000 },
    1000,
    () => now,
  );
  try {
    await c.start(false);
    for (let i = 0; i < 5; i++, now += 1000) await c.pollAll();
    // the first connection is the probe that found lstack; every SHOW went on the second
    assert.equal(fake.connections, 2);
    assert.equal(fake.requests.filter((r) => r === 'LSTACK_SHOW').length, 5);

    await fake.close(); // drops the kept connection, like a daemon that exits
    fake = await startFakeLstack(2, '07', runDir);
    await c.pollAll();
    assert.equal(c.getSnapshot().instances[0].status, 'ok');
    assert.deepEqual(fake.requests, ['LSTACK_SHOW']);
  } finally {
    c.stop();
    await fake.close();
    rmSync(runDir, { recursive: true, force: true });
  }
});

/** A daemon that answers each 4-byte request with `reply(request)` (or not at all). */
async function rawDaemon(reply: (req: Buffer) => Buffer | null) {
  const dir = mkdtempSync(join(tmpdir(), 'gz-chan-'));
  const path = join(dir, 'x.sock');
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('data', (d) => {
      const r = reply(d);
      if (r) s.write(r);
    });
  });
  await new Promise<void>((r) => server.listen(path, r));
  return {
    path,
    accepted: () => accepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a timeout or bytes beyond the reply fail the request and drop the connection; the next connects again', async () => {
  const d = await rawDaemon((req) =>
    req[0] === 0 ? null : req[0] === 2 ? Buffer.alloc(12, 2) : Buffer.alloc(8, req[0]),
  );
  const ch = new Channel(d.path, { daemon: 'lstack', timeoutMs: 100 });
  try {
    assert.equal((await ch.ask(Buffer.from([1, 0, 0, 0]), [seg]))[0][0][0], 1);
    await assert.rejects(ch.ask(Buffer.from([0, 0, 0, 0]), [seg]), TimeoutError);
    assert.equal((await ch.ask(Buffer.from([3, 0, 0, 0]), [seg]))[0][0][0], 3);
    assert.equal(d.accepted(), 2);
    // 4 bytes too many: the reply was cut at the wrong places, its values are not used
    await assert.rejects(ch.ask(Buffer.from([2, 0, 0, 0]), [seg]), /4 unexpected bytes after the reply/);
    assert.equal((await ch.ask(Buffer.from([4, 0, 0, 0]), [seg]))[0][0][0], 4);
    assert.equal(d.accepted(), 3);
  } finally {
    ch.close();
    await d.close();
  }
});

test('requests go one at a time in order; close fails the one in flight and refuses later ones', async () => {
  const d = await rawDaemon((req) => (req[0] === 0 ? null : Buffer.alloc(8, req[0])));
  const ch = new Channel(d.path, { daemon: 'lstack', timeoutMs: 1000 });
  try {
    const answers = await Promise.all([5, 6, 7].map((n) => ch.ask(Buffer.from([n, 0, 0, 0]), [seg])));
    assert.deepEqual(
      answers.map((a) => a[0][0][0]),
      [5, 6, 7],
    );
    const hanging = ch.ask(Buffer.from([0, 0, 0, 0]), [seg]);
    setTimeout(() => ch.close(), 20);
    await assert.rejects(hanging, ClosedEarlyError);
    await assert.rejects(ch.ask(Buffer.from([1, 0, 0, 0]), [seg]), ClosedEarlyError);
    assert.equal(d.accepted(), 1);
  } finally {
    await d.close();
  }
});
