/** `gazellectl exporter --dpdk` against the simulator's DPDK groups, and the pure family mapping. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simGroupsSkip, startSimGroups } from './sim-groups-support.js';
import type { DpdkGroup } from '../../src/dpdk/model.js';
import { dpdkFamiliesOf } from '../../src/exporter/dpdk.js';
import { startExporter } from '../../src/exporter/server.js';

const thread = (tid: number, name: string, cpu: number, cpuSeconds: number) => ({
  tid,
  name,
  state: 'S',
  cpu,
  allowed: '0-3',
  cpuSeconds,
  cpuPercent: null,
});

test('families: threads summed by name and core, stale groups down with their hugepages', () => {
  const g: DpdkGroup = {
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
        threads: [
          thread(1, 'gazellelstack00', 2, 1.5),
          thread(2, 'gazellelstack00', 2, 2),
          thread(3, 'eal-intr-thread', 0, 0.25),
        ],
      },
    ],
    hugepages: { files: 4, bytes: 8 << 20 },
    noHuge: false,
    leftoverSockets: [],
    telemetry: null,
    notes: [],
    gazelle: [{ unixPrefix: 'a_', daemon: 'lstack', via: 'stack-tid' }],
  };
  const fams = new Map(dpdkFamiliesOf({ bases: [], groups: [g], notes: [] }).map((f) => [f.name, f]));
  assert.deepEqual(fams.get('gazelle_dpdk_group_up')!.samples, [
    { labels: { file_prefix: 'gz1', gazelle_instance: 'a_' }, value: 0 },
  ]);
  assert.equal(fams.get('gazelle_dpdk_hugepage_bytes')!.samples[0]!.value, 8 << 20);
  assert.deepEqual(
    fams
      .get('gazelle_dpdk_thread_cpu_seconds_total')!
      .samples.map((s) => [s.labels.thread, s.labels.core, s.value]),
    [
      ['gazellelstack00', '2', 3.5],
      ['eal-intr-thread', '0', 0.25],
    ],
  );
  assert.equal(fams.has('gazelle_dpdk_port_rx_packets_total'), false, 'no telemetry, no port families');
});

test(
  'exporter --dpdk: group up, joined instance, port counters from the same traffic model',
  { skip: simGroupsSkip, timeout: 60_000 },
  async () => {
    let now = 1_700_000_000_000;
    const { runDir, dpdkDir, s, remove } = await startSimGroups('expdpdk', ['g1_:lstack:2'], {
      clock: () => now,
      advanceEveryMs: 0,
    });
    now += 3000;
    const exporter = await startExporter({
      runDir,
      prefixes: null,
      only: ['v1.0.3'],
      timeoutMs: 3000,
      snmp: false,
      connections: false,
      latency: false,
      listen: { host: '127.0.0.1', port: 0 },
      version: 'test',
      dpdk: { bases: [dpdkDir], timeoutMs: 3000, isRoot: true },
    });
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
      assert.match(
        body,
        /^gazelle_dpdk_thread_cpu_seconds_total\{.*thread="gazellelstack01",core="\d+"\} [\d.e-]+$/m,
      );
    } finally {
      await exporter.close();
      await s.close();
      remove();
    }
  },
);
