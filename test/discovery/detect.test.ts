/** Profile detection and `ls` rows against the simulator running each profile, and broken sockets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { detectProfile } from '../../src/discovery/detect.js';
import { listInstances } from '../../src/discovery/list.js';
import { renderTable } from '../../src/discovery/table.js';
import { NotRunningError, ProtocolError, RefusedError } from '../../src/errors.js';
import { encodeDfx, encodeLtran } from '../../src/protocol/codec.js';
import { PROFILE_NAMES, wireFor } from '../../src/protocol/profiles.js';
import { simulate, withSim, tempRunDir } from '../sim/helpers.js';
import { serveUnix } from '../support/unix-server.js';

const fleet = [
  { prefix: '07', mode: 'lstack', stacks: 3, clients: 1 },
  { prefix: '08', mode: 'ltran', stacks: 2, clients: 2 },
] as const;

for (const profile of PROFILE_NAMES) {
  test(`detectProfile: simulator speaking ${profile}`, () =>
    withSim({ profile, instances: fleet }, async (sim) => {
      const lstack = await detectProfile(sim.runDir, '07', { idleMs: 100 });
      assert.equal(lstack.profile, profile);
      assert.deepEqual(lstack.candidates, [profile]);
      assert.equal(lstack.daemon, 'lstack');
      assert.equal(lstack.stacks, 3);
      const ltran = await detectProfile(sim.runDir, '08', { idleMs: 100 });
      assert.equal(ltran.profile, profile);
      assert.deepEqual(ltran.candidates, [profile], 'a registered lstack tells the dfx layouts apart');
      assert.deepEqual(
        ltran.clients?.map((c) => [c.ip, c.stacks]),
        [
          ['192.0.2.11', 2],
          ['192.0.2.12', 2],
        ],
      );
      await assert.rejects(detectProfile(sim.runDir, '09'), NotRunningError);
      // lstack commands on 08 would go to ltran; asking for lstack only finds nothing
      await assert.rejects(detectProfile(sim.runDir, '08', { daemon: 'lstack' }), NotRunningError);
    }));
}

test('an explicit profile that the daemon does not speak is one line naming the right one', () =>
  withSim({ profile: 'v2024.09', instances: [fleet[0]] }, async (sim) => {
    await assert.rejects(detectProfile(sim.runDir, '07', { only: ['v1.0.3'], idleMs: 100 }), (e: unknown) => {
      assert.ok(e instanceof ProtocolError);
      assert.match(e.message, /07lstack_cmd\.sock speaks v2024\.09, not --profile v1\.0\.3$/);
      assert.equal(e.hint, 'use --profile v2024.09 (or --profile auto)');
      return true;
    });
    await assert.rejects(detectProfile(sim.runDir, '07', { only: ['v1.0.2'] }), {
      message: `${sim.runDir}07lstack_cmd.sock belongs to v1.0.3 or v2024.09, not --profile v1.0.2`,
    });
  }));

test('ltran without registered lstack: both profiles remain (ltran reads alike in them)', async () => {
  const { dir, cleanup } = tempRunDir();
  const w = wireFor('v1.0.3');
  const server = await serveUnix(`${dir}ltran_cmd.sock`, (s) =>
    s.once('data', () => s.end(encodeLtran(w, 'ltranClient', { client_num: 0 }))),
  );
  try {
    const d = await detectProfile(dir, '', { idleMs: 50 });
    assert.deepEqual([d.profile, d.candidates, d.clients], ['v1.0.3', ['v1.0.3', 'v2024.09'], []]);
    const only = await detectProfile(dir, '', { idleMs: 50, only: ['v2024.09'] });
    assert.deepEqual([only.profile, only.candidates], ['v2024.09', ['v2024.09']]);
  } finally {
    await server.close();
    cleanup();
  }
});

/** A daemon of an intermediate build: one 2,992,040-byte struct (the 2024-01 layout). */
async function oddLstack(runDir: string): Promise<() => Promise<void>> {
  const w = wireFor('v1.0.3');
  const struct = encodeDfx(w, { eof: 1, stack_id: 0 }).subarray(0, 2_992_040);
  const server = await serveUnix(`${runDir}odd_lstack_cmd.sock`, (s) =>
    s.once('data', () => s.write(struct)),
  );
  return () => server.close();
}

test('an answer that fits no profile names the nearest and --profile', async () => {
  const { dir, cleanup } = tempRunDir();
  const stop = await oddLstack(dir);
  try {
    await assert.rejects(detectProfile(dir, 'odd_', { idleMs: 100, timeoutMs: 500 }), (e: unknown) => {
      assert.ok(e instanceof ProtocolError);
      assert.match(e.message, /answered LSTACK_SHOW with 2,992,040 bytes, which fits no profile of its era/);
      assert.match(e.hint ?? '', /^nearest is v2024\.09: pass --profile v2024\.09/);
      return true;
    });
  } finally {
    await stop();
    cleanup();
  }
});

/** A socket file whose listener died (SIGKILL leaves the file): connect says ECONNREFUSED. */
function staleSocket(path: string): void {
  const r = spawnSync(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  assert.equal(r.signal, 'SIGKILL');
  assert.ok(existsSync(path));
}

test('ls: alive with profile, stale, not a socket, unsupported 1.0.1 era, mismatch', async () => {
  const { sim, done } = await simulate({ profile: 'v2024.09', instances: fleet });
  const stop = await oddLstack(sim.runDir);
  try {
    staleSocket(`${sim.runDir}dead_lstack_cmd.sock`);
    writeFileSync(`${sim.runDir}plain_ltran_cmd.sock`, '');
    const old = createServer();
    await new Promise<void>((r) => old.listen(`${sim.runDir}libos_client.sock`, r));
    try {
      const rows = await listInstances(sim.runDir, { idleMs: 100, timeoutMs: 1000 });
      const brief = rows.map((r) => [r.prefix, r.daemon, r.state, r.profile]);
      assert.deepEqual(brief, [
        ['', 'lstack', 'alive', null],
        ['07', 'lstack', 'alive', 'v2024.09'],
        ['08', 'ltran', 'alive', 'v2024.09'],
        ['dead_', 'lstack', 'stale', null],
        ['odd_', 'lstack', 'alive', null],
        ['plain_', 'ltran', 'not-a-socket', null],
      ]);
      assert.equal(rows[0].note, 'Gazelle 1.0.1 era: not supported');
      assert.match(rows[4].note ?? '', /fits no profile/);
      const table = renderTable(rows);
      // listInstances alone does not join DPDK: PIDS and FILE-PREFIX are '-'
      assert.match(table, /^PREFIX +DAEMON +SOCKET +STATE +PROFILE +PIDS +FILE-PREFIX +DETAIL$/m);
      assert.match(table, /^07 +lstack +07lstack_cmd\.sock +alive +v2024\.09 +- +- +3 stacks$/m);
      assert.match(
        table,
        /^dead_ +lstack +dead_lstack_cmd\.sock +stale \(ECONNREFUSED: nobody listens\) +- +- +- *$/m,
      );
    } finally {
      old.close();
    }
  } finally {
    await stop();
    await done();
  }
});

test('ls: a run dir that does not exist is "not running"', async () => {
  await assert.rejects(listInstances('/nonexistent-gz-run/'), NotRunningError);
});

test('detectProfile on a stale socket is the refused error', async () => {
  const { dir, cleanup } = tempRunDir();
  try {
    staleSocket(`${dir}lstack_cmd.sock`);
    await assert.rejects(detectProfile(dir, ''), RefusedError);
  } finally {
    cleanup();
  }
});

const helper = fileURLToPath(new URL('./ls-as-user.ts', import.meta.url));

test('ls: a socket this user may not write is "permission denied"', async (t) => {
  const asRoot = process.getuid?.() === 0;
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find(existsSync);
  if (asRoot && !runuser) return t.skip('root and no runuser: root passes every permission check');
  const { sim, done } = await simulate({ instances: [fleet[0]] });
  try {
    chmodSync(sim.runDir, 0o755);
    chmodSync(`${sim.runDir}07lstack_cmd.sock`, 0o600);
    const cmd = asRoot ? [runuser!, '-u', 'nobody', '--', process.execPath] : [process.execPath];
    const r = spawnSync(cmd[0], [...cmd.slice(1), '--import', 'tsx', helper, sim.runDir], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [['07', 'denied']]);
  } finally {
    await done();
  }
});
