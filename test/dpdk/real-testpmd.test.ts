/**
 * `gazellectl dpdk` against real DPDK programs (DPDK.md §5): what we show must equal what the
 * kernel (ps) and DPDK's own client (dpdk-telemetry.py) say about the same group.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DpdkGroup } from '../../src/dpdk/model.js';
import { dpdkView } from '../../src/dpdk/view.js';
import { runDpdk } from '../../src/dpdk/command.js';
import { captureIo } from '../capture-io.js';
import {
  BASE,
  NO_HUGE_PRIMARY,
  NULL_PORTS_PRIMARY,
  isRoot,
  psThreads,
  reserveHugepages,
  skipNoDpdk,
  telemetryPy,
  uniquePrefix,
  testpmdFile,
  testOnNoHugePrimary,
  freezeCounters,
} from './testpmd.js';

const dpdk = testpmdFile();

async function groupOf(prefix: string, cpu = false, telemetry = true): Promise<DpdkGroup | undefined> {
  const memory = { atMs: 0, ticks: new Map<string, number>() };
  const o = { bases: [BASE], filePrefix: prefix, telemetry, timeoutMs: 3000, isRoot };
  if (cpu) {
    await dpdkView({ ...o, telemetry: false }, Date.now(), memory);
    await sleep(300);
  }
  const v = await dpdkView(o, Date.now(), cpu ? memory : undefined);
  return v.groups.find((g) => g.filePrefix === prefix);
}

/**
 * Threads of each member, read without telemetry: DPDK runs a `telemetry-v2` thread per connected
 * client, which outlives the client's close by a moment.
 */
async function threadsNow(prefix: string): Promise<Map<number, [number, string][]>> {
  await sleep(300);
  const g = await groupOf(prefix, false, false);
  return new Map(g?.processes.map((p) => [p.pid, p.threads.map((t) => [t.tid, t.name] as [number, string])]));
}

testOnNoHugePrimary(
  dpdk,
  'an idle no-huge testpmd primary: PID, threads, ports, mempools as DPDK says',
  'nohuge',
  async (tp, prefix) => {
    await freezeCounters(tp);

    const g = await groupOf(prefix, true);
    assert.ok(g, 'group found');
    assert.equal(g.state, 'live');
    assert.equal(g.primaryPid, tp.pid);
    assert.equal(g.noHuge, true);
    assert.deepEqual(
      g.processes.map((p) => [p.pid, p.role]),
      [[tp.pid, 'primary']],
    );
    const ours = await threadsNow(prefix);
    assert.deepEqual(ours.get(tp.pid), [...psThreads(tp.pid)], 'threads and names equal ps -L');
    for (const name of ['eal-intr-thread', 'rte_mp_handle', 'telemetry-v2']) {
      assert.ok(
        g.processes[0]!.threads.some((t) => t.name === name),
        `${name} among the threads`,
      );
    }
    for (const t of g.processes[0]!.threads) assert.notEqual(t.cpuPercent, null, 'CPU% after two samples');

    assert.ok(g.telemetry, `telemetry read (${g.notes.join('; ')})`);
    assert.equal(g.telemetry.pid, tp.pid);
    const py = telemetryPy(prefix, [
      '/ethdev/list',
      '/ethdev/stats,0',
      '/ethdev/stats,1',
      '/ethdev/link_status,0',
      '/mempool/list',
    ]) as Record<string, Record<string, unknown>>[];
    assert.equal(py.length, 5, 'dpdk-telemetry.py answered every command');
    assert.deepEqual(
      g.telemetry.ports.map((p) => p.id),
      py[0]!['/ethdev/list'],
    );
    for (const port of [0, 1]) {
      const theirs = py[1 + port]!['/ethdev/stats']!;
      const mine: Readonly<Record<string, number>> = g.telemetry.ports[port]!.stats!;
      for (const k of [
        'ipackets',
        'opackets',
        'ibytes',
        'obytes',
        'imissed',
        'ierrors',
        'oerrors',
        'rx_nombuf',
      ]) {
        assert.equal(mine[k], theirs[k], `port ${port} ${k}`);
      }
    }
    assert.ok(g.telemetry.ports[0]!.stats!.opackets! > 0, 'tx_first sent packets');
    const link = py[3]!['/ethdev/link_status'] as unknown as { status: string; speed: number };
    assert.equal(g.telemetry.ports[0]!.link?.status, link.status);
    assert.equal(g.telemetry.ports[0]!.link?.speed, link.speed);
    assert.deepEqual(
      g.telemetry.mempools.map((m) => m.name),
      py[4]!['/mempool/list'],
    );

    // the command prints the same group
    const io = captureIo();
    const code = await runDpdk(
      { 'file-prefix': prefix, 'dpdk-dir': [BASE], interval: '0', 'no-gazelle': true },
      io,
      { now: Date.now, isRoot },
    );
    assert.equal(code, 0, io.err());
    assert.match(io.out(), new RegExp(`GROUP ${prefix}  LIVE .* primary ${tp.pid}`));
    assert.match(io.out(), /telemetry-v2/);

    await tp.quit();
    const after = await groupOf(prefix);
    assert.equal(after?.state, 'stale', 'after quit the dir stays and shows stale');
    assert.equal(after?.primaryPid, null);
  },
);

test(
  'a hugepage primary and its secondary; SIGKILL leaves a stale group with its hugepages',
  { skip: skipNoDpdk, timeout: 120_000 },
  async (t) => {
    const huge = await reserveHugepages(48);
    if (typeof huge === 'string') return t.skip(huge);
    dpdk.cleanup(() => huge.release());
    const prefix = uniquePrefix('huge');
    const primary = await dpdk.primary(['--huge-dir', huge.dir, ...NULL_PORTS_PRIMARY], prefix, {
      hugeDir: huge.dir,
    });
    const secondary = dpdk.start(['--proc-type=secondary', '--no-pci', '-l', '0-1', '--', '-i'], prefix);
    await secondary.prompt();

    const g = await groupOf(prefix);
    assert.ok(g);
    assert.equal(g.state, 'live');
    assert.deepEqual(
      g.processes.map((p) => [p.pid, p.role]),
      [
        [primary.pid, 'primary'],
        [secondary.pid, 'secondary'],
      ],
    );
    assert.equal(g.noHuge, false);
    assert.ok(g.hugepages.files > 0 && g.hugepages.bytes === g.hugepages.files * 2 * 1024 * 1024);
    const threads = await threadsNow(prefix);
    for (const p of g.processes)
      assert.deepEqual(threads.get(p.pid), [...psThreads(p.pid)], `threads of ${p.pid}`);
    assert.ok(g.telemetry && g.telemetry.ports.length === 2);

    await secondary.quit();
    primary.child.kill('SIGKILL');
    await primary.exited;
    const dead = await groupOf(prefix);
    assert.ok(dead);
    assert.equal(dead.state, 'stale');
    assert.equal(dead.processes.length, 0);
    assert.equal(dead.hugepages.files, g.hugepages.files, 'the hugepage files stay after SIGKILL');
    assert.ok(dead.leftoverSockets.includes('dpdk_telemetry.v2'));
    assert.equal(dead.telemetry, null);
  },
);

const hasNetns = isRoot && spawnSync('ip', ['netns', 'list']).status === 0;

test(
  'a group in another network namespace is still found, telemetry included',
  { skip: skipNoDpdk || (hasNetns ? false : 'needs root and ip netns'), timeout: 60_000 },
  async () => {
    const ns = `gzt${process.pid}`;
    assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
    dpdk.cleanup(() => void spawnSync('ip', ['netns', 'delete', ns]));
    const prefix = uniquePrefix('netns');
    const tp = await dpdk.primary(NO_HUGE_PRIMARY, prefix, { netns: ns });
    const g = await groupOf(prefix);
    assert.ok(g && existsSync(g.dir));
    assert.equal(g.state, 'live');
    const pid = g.primaryPid!;
    assert.ok(pid > 0);
    const netnsOf = (p: number | string): string =>
      spawnSync('readlink', [`/proc/${p}/ns/net`])
        .stdout.toString()
        .trim();
    assert.notEqual(netnsOf(pid), netnsOf('self'), 'the primary runs in another netns');
    assert.equal(g.telemetry?.pid, pid);
    await tp.quit();
  },
);
