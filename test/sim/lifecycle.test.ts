/** Starting and stopping: run dir, several instances, live and stale sockets, cleanup, restarts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, linkSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { PermissionDeniedError } from '../../src/errors.js';
import { decodeDfx } from '../../src/protocol/codec.js';
import { startSimulator } from '../../src/sim/simulator.js';
import { RawClient, ask, fakeClock, request, tempRunDir, withRunDir } from './helpers.js';
import { serveUnix } from '../support/unix-server.js';

test('several instances with different prefixes, each on its own socket, all removed on close', () =>
  withRunDir(async (dir) => {
    const sim = await startSimulator({
      runDir: dir,
      advanceEveryMs: 0,
      instances: [
        { prefix: '', mode: 'lstack', stacks: 1, clients: 1 },
        { prefix: 'b_', mode: 'lstack', stacks: 3, clients: 1 },
        { prefix: 'b_', mode: 'ltran', stacks: 2, clients: 2 },
      ],
    });
    assert.deepEqual(sim.socketPaths, [
      `${dir}lstack_cmd.sock`,
      `${dir}b_lstack_cmd.sock`,
      `${dir}b_ltran_cmd.sock`,
    ]);
    for (const p of sim.socketPaths) assert.ok(statSync(p).isSocket(), p);
    const ips = sim.instances.flatMap((i) => i.processes.map((p) => p.ip));
    const pids = sim.instances.flatMap((i) => i.processes.map((p) => p.pid));
    assert.equal(new Set(ips).size, 4);
    assert.equal(new Set(pids).size, 4);
    assert.ok(ips.every((ip) => ip.startsWith('192.0.2.')));

    const size = sim.wire.layouts.dfx.size;
    const b = await ask(sim.socketPaths[1], request(sim.wire, 'LSTACK_SHOW'), 3 * size);
    assert.equal(decodeDfx(sim.wire, b, 2 * size, 'LSTACK_SHOW').eof, 1);
    assert.equal(decodeDfx(sim.wire, b, 2 * size, 'LSTACK_SHOW').tid, sim.instances[1].processes[0].tids[2]);

    const open = await RawClient.connect(sim.socketPaths[0]); // an idle client must not block close()
    await sim.close();
    assert.ok(await open.closedWithin(1000));
    for (const p of sim.socketPaths) assert.equal(existsSync(p), false, p);
    assert.ok(statSync(dir).isDirectory(), 'the run dir stays');
    assert.ok(sim.instances.every((i) => !i.running));
  }));

test('the run dir is created when missing', () =>
  withRunDir(async (dir) => {
    const runDir = `${dir}run/gazelle`;
    const sim = await startSimulator({ runDir, advanceEveryMs: 0 });
    assert.equal(sim.runDir, `${runDir}/`);
    assert.ok(statSync(runDir).isDirectory());
    assert.equal(statSync(runDir).mode & 0o700, 0o700);
    assert.ok(existsSync(`${runDir}/lstack_cmd.sock`));
    await sim.close();
    assert.ok(statSync(runDir).isDirectory());
  }));

test('refuses a socket on which a daemon answers; leaves it alone', async () => {
  const { dir, cleanup } = tempRunDir();
  const path = `${dir}lstack_cmd.sock`;
  const live = await serveUnix(path, (s) => s.destroy());
  try {
    await assert.rejects(startSimulator({ runDir: dir, advanceEveryMs: 0 }), /already in use/);
    assert.ok(statSync(path).isSocket());
    // a simulator that failed part-way stops the instances it had started
    await assert.rejects(
      startSimulator({
        runDir: dir,
        advanceEveryMs: 0,
        instances: [
          { prefix: 'x_', mode: 'lstack', stacks: 1, clients: 1 },
          { prefix: '', mode: 'lstack', stacks: 1, clients: 1 },
        ],
      }),
      /already in use/,
    );
    assert.equal(existsSync(`${dir}x_lstack_cmd.sock`), false);
  } finally {
    await live.close();
    cleanup();
  }
});

test('replaces a stale socket file, but never a file that is not a socket', () =>
  withRunDir(async (dir) => {
    // A stale socket: a second name for a listening socket's inode outlives the listener.
    const gone = await serveUnix(`${dir}tmp.sock`, () => undefined);
    linkSync(`${dir}tmp.sock`, `${dir}lstack_cmd.sock`);
    await gone.close();
    const sim = await startSimulator({ runDir: dir, advanceEveryMs: 0 });
    const size = sim.wire.layouts.dfx.size;
    assert.equal(
      (await ask(sim.socketPaths[0], request(sim.wire, 'LSTACK_SHOW'), 2 * size)).length,
      2 * size,
    );
    await sim.close();

    writeFileSync(`${dir}ltran_cmd.sock`, 'not a socket');
    const spec = { prefix: '', mode: 'ltran' as const, stacks: 1, clients: 1 };
    await assert.rejects(
      startSimulator({ runDir: dir, advanceEveryMs: 0, instances: [spec] }),
      /not a socket/,
    );
    assert.equal(readFileSync(`${dir}ltran_cmd.sock`, 'utf8'), 'not a socket');
  }));

test('a restarted simulator starts its counters from zero', () =>
  withRunDir(async (dir) => {
    const clock = fakeClock();
    const first = await startSimulator({ runDir: dir, clock: clock.now, advanceEveryMs: 0, seed: 5 });
    clock.tick(5000);
    first.advance();
    const rx = first.instances[0].processes[0].traffic.stacks[0].counters.rx;
    assert.ok(rx > 0n);
    await first.close();
    const second = await startSimulator({ runDir: dir, clock: clock.now, advanceEveryMs: 0, seed: 5 });
    const size = second.wire.layouts.dfx.size;
    const d = decodeDfx(
      second.wire,
      await ask(second.socketPaths[0], request(second.wire, 'LSTACK_SHOW'), 2 * size),
      0,
      'LSTACK_SHOW',
    );
    assert.equal(d.data.pkts.stack_stat.rx, 0n);
    clock.tick(5000);
    second.advance();
    // same seed, same elapsed time: the same traffic again
    assert.equal(second.instances[0].processes[0].traffic.stacks[0].counters.rx, rx);
    await second.close();
  }));

test('the background timer keeps the models current', () =>
  withRunDir(async (dir) => {
    const clock = fakeClock();
    const sim = await startSimulator({ runDir: dir, clock: clock.now, advanceEveryMs: 10 });
    clock.tick(3000);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sim.instances[0].processes[0].traffic.ticks, 30);
    await sim.close();
  }));

test(
  'a run dir it may not write is a permission error, not a crash',
  { skip: process.getuid?.() === 0 },
  async () => {
    const { dir, cleanup } = tempRunDir();
    try {
      chmodSync(dir, 0o500);
      await assert.rejects(startSimulator({ runDir: `${dir}sub`, advanceEveryMs: 0 }), PermissionDeniedError);
      await assert.rejects(startSimulator({ runDir: dir, advanceEveryMs: 0 }), PermissionDeniedError);
    } finally {
      chmodSync(dir, 0o700);
      cleanup();
    }
  },
);
