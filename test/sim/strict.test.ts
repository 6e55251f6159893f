/**
 * The simulator's lstack control thread is as strict as the real one (PROTOCOL.md §11.6), and its
 * log says what lstack's would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RawClient, ask, request, simulate, withSim } from './helpers.js';
import { RefusedError } from '../../src/errors.js';
import { connectError } from '../../src/transport/connection.js';

const ONE = [{ prefix: '07', mode: 'lstack', stacks: 2, clients: 1 }] as const;

test('a request written and closed at once is lost: the hung-up connection is closed unread', () =>
  withSim({ instances: ONE }, async (sim) => {
    const proc = sim.instances[0].processes[0];
    const sock = createConnection({ path: sim.socketPaths[0] });
    await new Promise((r) => sock.once('connect', r));
    sock.end(request(sim.wire, 'LSTACK_LOG_LEVEL_SET', { log_level: 'debug' }));
    sock.destroy();
    await sleep(50);
    assert.equal(proc.loglevel, 7, 'still info: the request was never read');
    // held open until read, like the C client: taken
    await ask(sim.socketPaths[0], request(sim.wire, 'LSTACK_LOG_LEVEL_SET', { log_level: 'debug' }), 0);
    assert.equal(proc.loglevel, 8);
    assert.equal(sim.instances[0].log.count('lstack log set to debug level!'), 1);
  }));

test('a request in two pieces is refused and logged; an unknown mode is logged, unanswered, kept open', () =>
  withSim({ instances: ONE }, async (sim) => {
    const { log } = sim.instances[0];
    const req = request(sim.wire, 'LSTACK_SHOW');
    const c = await RawClient.connect(sim.socketPaths[0]);
    c.send(req.subarray(0, 10));
    assert.ok(await c.closedWithin(1000), 'closed after a short read');
    assert.equal(log.count('unknow wrong, we recieve something, ret 10'), 1);

    const u = await RawClient.connect(sim.socketPaths[0]);
    try {
      u.send(request(sim.wire, 'LSTACK_SHOW', { stat_mode: 99 }));
      assert.equal(await u.quietFor(80), 0);
      assert.equal(u.closed, false);
      assert.equal(log.count('recv wrong stat mode 99'), 1);
      // still served on the same connection
      u.send(req);
      assert.equal((await u.read(2 * sim.wire.layouts.dfx.size)).length, 2 * sim.wire.layouts.dfx.size);
    } finally {
      u.close();
    }
    assert.equal(log.count('write msg from peer failed'), 0);
  }));

test('an answer the client stops reading is logged as lstack logs it; set loglevel unread is not', () =>
  withSim({ instances: ONE }, async (sim) => {
    const { log } = sim.instances[0];
    const size = sim.wire.layouts.dfx.size;
    await ask(sim.socketPaths[0], request(sim.wire, 'LSTACK_SHOW'), 100); // header only, then close
    await sleep(100);
    assert.equal(log.count('write msg from peer failed, errno 32.'), 1);
    assert.equal(log.errors.length, 1);
    // the C client's set: held 1 s (here less), closed without reading: one write(), partial is fine
    const c = await RawClient.connect(sim.socketPaths[0]);
    c.send(request(sim.wire, 'LSTACK_LOG_LEVEL_SET', { log_level: 'info' }));
    await c.quietFor(60);
    c.close();
    await sleep(50);
    assert.equal(log.count('write msg from peer failed'), 1);
    // a whole answer read to its end leaves nothing in the log
    await ask(sim.socketPaths[0], request(sim.wire, 'LSTACK_SHOW'), 2 * size);
    await sleep(50);
    assert.equal(log.errors.length, 1);
  }));

test('one event at a time: a client that does not read holds up the others', () =>
  withSim({ instances: ONE }, async (sim) => {
    const slow = createConnection({ path: sim.socketPaths[0] });
    slow.pause(); // reads nothing
    await new Promise((r) => slow.once('connect', r));
    // 2 x ~3 MB: more than the socket buffers hold, so the thread blocks in write()
    slow.write(request(sim.wire, 'LSTACK_SHOW'));
    await sleep(30);
    const other = await RawClient.connect(sim.socketPaths[0]);
    other.send(request(sim.wire, 'LSTACK_SHOW_SNMP'));
    assert.equal(await other.quietFor(100), 0, 'not served while the thread is stuck writing');
    slow.resume();
    await other.read(2 * sim.wire.layouts.dfx.size);
    slow.destroy();
    other.close();
  }));

test('leaveSockets: a stopped daemon leaves its socket file, which refuses connections', async () => {
  const { sim, done } = await simulate({ instances: ONE, leaveSockets: true });
  const path = sim.socketPaths[0];
  await sim.close();
  try {
    assert.ok(existsSync(path));
    const err = await new Promise<NodeJS.ErrnoException>((resolve) =>
      createConnection({ path }).once('error', resolve),
    );
    assert.ok(connectError(err, path, 'lstack') instanceof RefusedError);
  } finally {
    await done();
  }
});
