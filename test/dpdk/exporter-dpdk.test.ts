/** `gazellectl exporter --dpdk` against the simulator's DPDK groups, and the pure family mapping. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simGroupsSkip, startSimGroups } from './sim-groups-support.js';
import type { DpdkGroup } from '../../src/dpdk/model.js';
import { dpdkFamiliesOf, MAX_XSTATS } from '../../src/exporter/dpdk.js';
import { dpdkExporter } from './exporter.js';
import { tempDir } from '../support/run-dir.js';

const thread = (tid: number, name: string, cpu: number, cpuSeconds: number) => ({
  tid,
  name,
  state: 'S',
  cpu,
  allowed: '0-3',
  cpuSeconds,
  cpuPercent: null,
});

const group = (threads: ReturnType<typeof thread>[]): DpdkGroup => ({
  filePrefix: 'gz1',
  base: '/var/run/dpdk',
  dir: '/var/run/dpdk/gz1',
  state: 'stale',
  primaryPid: null,
  processes: [
    {
      pid: 1,
      role: 'primary',
      cmdline: [],
      hugetlbBytes: null,
      threads,
    },
  ],
  hugepages: { files: 4, bytes: 8 << 20 },
  noHuge: false,
  leftoverSockets: [],
  telemetry: null,
  notes: [],
  gazelle: [{ unixPrefix: 'a_', daemon: 'lstack', via: 'stack-tid' }],
});
const familiesOf = (g: DpdkGroup) =>
  new Map(dpdkFamiliesOf({ bases: [], groups: [g], notes: [] }).map((f) => [f.name, f]));

test('families: threads summed by name, stale groups down with their hugepages', () => {
  const fams = familiesOf(
    group([
      thread(1, 'gazellelstack00', 2, 1.5),
      thread(2, 'gazellelstack00', 3, 2),
      thread(3, 'eal-intr-thread', 0, 0.25),
    ]),
  );
  assert.deepEqual(fams.get('gazelle_dpdk_group_up')!.samples, [
    { labels: { file_prefix: 'gz1', gazelle_instance: 'a_' }, value: 0 },
  ]);
  assert.equal(fams.get('gazelle_dpdk_hugepage_bytes')!.samples[0]!.value, 8 << 20);
  assert.deepEqual(
    fams.get('gazelle_dpdk_thread_cpu_seconds_total')!.samples.map((s) => [s.labels, s.value]),
    [
      [{ file_prefix: 'gz1', gazelle_instance: 'a_', thread: 'gazellelstack00' }, 3.5],
      [{ file_prefix: 'gz1', gazelle_instance: 'a_', thread: 'eal-intr-thread' }, 0.25],
    ],
  );
  // of the two same-named threads, the lowest TID's core
  assert.deepEqual(
    fams.get('gazelle_dpdk_thread_core')!.samples.map((s) => [s.labels.thread, s.value]),
    [
      ['gazellelstack00', 2],
      ['eal-intr-thread', 0],
    ],
  );
  assert.equal(fams.has('gazelle_dpdk_port_rx_packets_total'), false, 'no telemetry, no port families');
});

test('families: a thread that moves core keeps its CPU-seconds series (rate() stays whole); the core gauge moves', () => {
  const before = familiesOf(group([thread(7, 'gazellelstack00', 2, 10)]));
  const after = familiesOf(group([thread(7, 'gazellelstack00', 5, 11)]));
  const cpu = (f: typeof before) => f.get('gazelle_dpdk_thread_cpu_seconds_total')!.samples;
  assert.deepEqual(cpu(before)[0]!.labels, cpu(after)[0]!.labels);
  assert.equal(cpu(after)[0]!.value - cpu(before)[0]!.value, 1);
  assert.deepEqual(
    [before, after].map((f) => f.get('gazelle_dpdk_thread_core')!.samples[0]!.value),
    [2, 5],
  );
});

test('families: xstats only when read, per-queue ones left out, at most MAX_XSTATS per port', () => {
  const many = Object.fromEntries([
    ['rx_good_packets', 5],
    ['rx_q0_packets', 5],
    ['tx_q12_bytes', 9],
    ...Array.from({ length: MAX_XSTATS + 50 }, (_, i) => [`x${i}`, i]),
  ]);
  const g = (xstats?: Record<string, number>): DpdkGroup => ({
    ...group([]),
    state: 'live',
    telemetry: {
      version: 'DPDK 22.11.11',
      pid: 1,
      ports: [{ id: 0, link: null, stats: { ipackets: 5 }, ...(xstats ? { xstats } : {}) }],
      mempools: [],
      heaps: [],
    },
  });
  assert.equal(familiesOf(g()).has('gazelle_dpdk_port_xstats_total'), false);
  const xs = familiesOf(g(many)).get('gazelle_dpdk_port_xstats_total')!.samples;
  assert.equal(xs.length, MAX_XSTATS);
  assert.deepEqual(xs[0], {
    labels: { file_prefix: 'gz1', gazelle_instance: 'a_', port: '0', xstat: 'rx_good_packets' },
    value: 5,
  });
  assert.ok(!xs.some((s) => /_q\d+_/.test(s.labels.xstat!)));
});

test(
  'exporter --dpdk --xstats: group up, joined instance, port counters and xstats from the same traffic model; promtool accepts it',
  { skip: simGroupsSkip, timeout: 60_000 },
  async () => {
    let now = 1_700_000_000_000;
    const { runDir, dpdkDir, s, remove } = await startSimGroups('expdpdk', ['g1_:lstack:2'], {
      clock: () => now,
      advanceEveryMs: 0,
    });
    now += 3000;
    const exporter = await dpdkExporter(
      runDir,
      { bases: [dpdkDir], timeoutMs: 3000, isRoot: true, xstats: true },
      { only: ['v1.0.3'] },
    );
    try {
      const body = await (await fetch(`${exporter.url}/metrics`)).text();
      const fp = s.groups[0]!.filePrefix;
      assert.match(
        body,
        new RegExp(`^gazelle_dpdk_group_up\\{file_prefix="${fp}",gazelle_instance="g1_"\\} 1$`, 'm'),
      );
      let rx = 0n;
      for (const st of s.sim.instances[0]!.processes[0]!.traffic.stacks) rx += st.counters.rx;
      assert.ok(rx > 0n);
      assert.match(
        body,
        new RegExp(
          `^gazelle_dpdk_port_rx_packets_total\\{file_prefix="${fp}",gazelle_instance="g1_",port="0"\\} ${rx}$`,
          'm',
        ),
      );
      assert.match(body, /^gazelle_dpdk_port_link_up\{.*port="0"\} 1$/m);
      assert.match(body, /^gazelle_dpdk_mempool_in_use\{.*mempool="rxtx_mbuf_pool_0_0"\} \d+$/m);
      assert.match(body, /^gazelle_dpdk_thread_cpu_seconds_total\{.*thread="gazellelstack01"\} [\d.e-]+$/m);
      assert.match(body, /^gazelle_dpdk_thread_core\{.*thread="gazellelstack01"\} \d+$/m);
      assert.match(
        body,
        new RegExp(
          `^gazelle_dpdk_port_xstats_total\\{file_prefix="${fp}",gazelle_instance="g1_",port="0",xstat="rx_good_packets"\\} ${rx}$`,
          'm',
        ),
      );
      if (spawnSync('promtool', ['--version']).status === 0) {
        const check = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
        assert.equal(check.status, 0, `promtool check metrics: ${check.stdout}${check.stderr}`);
      } else if (process.env.CI) assert.fail('promtool is not installed (.ci/run installs prometheus)');
    } finally {
      await exporter.close();
      await s.close();
      remove();
    }
  },
);

test('exporter --dpdk: what cannot be read is logged once, not once per scrape; the scrape still serves', async () => {
  const { dir: root, cleanup } = tempDir('gz-expnote-');
  try {
    const notDir = join(root, 'dpdk-is-a-file');
    writeFileSync(notDir, '');
    mkdirSync(join(root, 'run'));
    const lines: string[] = [];
    const exporter = await dpdkExporter(
      `${root}/run/`,
      { bases: [notDir], timeoutMs: 1000, isRoot: false },
      { only: ['v1.0.3'], log: (l) => lines.push(l) },
    );
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${exporter.url}/metrics`);
        assert.equal(res.status, 200);
        assert.match(await res.text(), /^gazelle_build_info\{/m);
      }
      assert.deepEqual(
        lines.filter((l) => l.includes('DPDK')),
        [`DPDK: ${notDir} is not a directory`],
      );
    } finally {
      await exporter.close();
    }
  } finally {
    cleanup();
  }
});
