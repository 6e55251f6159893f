/**
 * top's stacks and threads views against a real DPDK group: a no-huge testpmd primary whose main
 * thread and forwarding lcore thread stand in for the stack threads of a simulated lstack (the
 * simulator reports their TIDs, as lstack reports its stack threads' TIDs), so the join goes
 * through /proc/<tid> exactly as with a real lstack. TIDs, names, cores and allowed CPUs on screen
 * must equal what ps -L and /proc say about the same threads.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tempDir } from '../support/run-dir.js';
import { startSimulator } from '../../src/sim/simulator.js';
import { parseInstanceSpec } from '../../src/sim/instance-spec.js';
import { renderOnce, type TopIo } from '../../src/tui/app.js';
import { runLs } from '../../src/discovery/command.js';
import { dpdkExporter } from './exporter.js';
import { captureIo } from '../capture-io.js';
import { BASE, isRoot, psL, telemetryPy, testOnNoHugePrimary, testpmdFile } from './testpmd.js';

const io = { stdout: { columns: 160, rows: 45, isTTY: false } } as unknown as TopIo;
const dpdk = testpmdFile();

/** A simulated lstack `tp_` that reports these real threads as its stack threads; its run dir goes after the file. */
async function lstackOnThreads(tag: string, tids: number[]) {
  const { dir, cleanup } = tempDir(`gz-${tag}tp-`);
  dpdk.cleanup(cleanup);
  const runDir = `${dir}/run/`;
  const sim = await startSimulator({
    runDir,
    instances: [parseInstanceSpec('tp_:lstack:2')],
    stackTids: () => tids,
  });
  return { runDir, sim };
}

const allowed = (pid: number, tid: number): string =>
  /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'))![1]!;

testOnNoHugePrimary(
  dpdk,
  'top --once against a real testpmd group joined to a simulated lstack: threads as ps -L and /proc see them',
  'top',
  async (tp, prefix) => {
    // --lcores=0@0,1@0: the main lcore (the process's own thread) and lcore 1's worker, both pinned
    // to CPU 0 — so their core cannot change between our read and ps's
    const before = psL(tp.pid);
    const worker = before.find((t) => t.comm === 'rte-worker-1');
    assert.ok(worker, `an rte-worker-1 thread: ${JSON.stringify(before)}`);
    const stackTids = [tp.pid, worker.tid];

    const { runDir, sim } = await lstackOnThreads('top', stackTids);
    try {
      const base = { runDir, prefixes: null, timeoutMs: 3000, intervalMs: 300, dpdkDirs: [BASE] };
      const threads = await renderOnce({ ...base, view: 'threads' }, io);
      const after = psL(tp.pid);
      const byTid = new Map(after.map((t) => [t.tid, t]));

      assert.match(
        threads,
        new RegExp(`GROUP ${prefix}\\s+LIVE .* primary ${tp.pid} .*gazelle lstack 'tp_' \\(stack-tid\\)`),
      );
      assert.match(threads, new RegExp(`\\n  PRIMARY ${tp.pid}\\n`));
      // one line per stack thread: STACK TID CORE ALLOWED CPU% ST LP NAME
      const rows = [
        ...threads.matchAll(
          /^\s{4}(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+([\d.]+|-)\s+([A-Z])\s+(on|off)\s+(\S+)\s*$/gm,
        ),
      ];
      assert.deepEqual(
        rows.map((m) => [Number(m[1]), Number(m[2])]),
        [
          [0, tp.pid],
          [1, worker.tid],
        ],
        threads,
      );
      for (const m of rows) {
        const tid = Number(m[2]);
        const ps = byTid.get(tid)!;
        assert.equal(m[8], ps.comm, `name of ${tid}`);
        assert.equal(Number(m[3]), ps.psr, `core of ${tid}`);
        assert.equal(m[4], allowed(tp.pid, tid), `allowed CPUs of ${tid}`);
        assert.match(m[5]!, /^\d+\.\d$/, 'CPU% measured over the interval');
      }
      // the other threads folded: the same names ps sees (a telemetry client thread may come and go)
      const folded = /other (\d+) threads: CPU% [\d.]+\s+cores ([\d,]+)\s+\((.*)\)/.exec(threads);
      assert.ok(folded, threads);
      const others = after.filter((t) => !stackTids.includes(t.tid));
      assert.deepEqual(
        [...new Set(folded[3]!.split(', '))].sort(),
        [...new Set(others.map((t) => t.comm))].sort(),
      );
      assert.ok(Math.abs(Number(folded[1]) - others.length) <= 1, `${folded[1]} vs ${others.length}`);
      // a short-lived thread (a telemetry client's) may have been the one on a core: it inherited
      // its creator's affinity, so the cores must lie within what some thread of the process may use
      for (const core of folded[2]!.split(',').map(Number)) {
        assert.ok(
          after.some((t) =>
            allowed(tp.pid, t.tid)
              .split(',')
              .some((r) => {
                const [lo, hi = lo] = r.split('-').map(Number);
                return core >= lo! && core <= hi!;
              }),
          ),
          `core ${core} is one a thread of the group may run on`,
        );
      }
      // ports and mempools from the real primary's telemetry
      assert.match(threads, /PORT\s+LINK\s+SPEED/);
      assert.match(threads, /^\s+0\s+(UP|DOWN)\s/m);
      assert.match(threads, /mb_pool_0/);

      // the stacks view: the same TIDs with their core beside the simulated counters
      const stacks = await renderOnce({ ...base, view: 'stacks' }, io);
      const now = new Map(psL(tp.pid).map((t) => [t.tid, t]));
      for (const [i, tid] of stackTids.entries()) {
        const m = new RegExp(`stack ${i}\\s+${tid}\\s+(\\d+)\\s+([\\d.]+)\\s+off\\s`).exec(stacks);
        assert.ok(m, `stack ${i} row:\n${stacks}`);
        assert.equal(Number(m[1]), now.get(tid)!.psr, `core of stack ${i}`);
      }
    } finally {
      await sim.close();
      await tp.quit();
    }
  },
);

testOnNoHugePrimary(
  dpdk,
  'ls and exporter --dpdk against the same kind of real testpmd group: PIDs, file-prefix, threads and ports as ps and dpdk-telemetry.py see them',
  'lsx',
  async (tp, prefix) => {
    const worker = psL(tp.pid).find((t) => t.comm === 'rte-worker-1');
    assert.ok(worker, 'an rte-worker-1 thread');
    const { runDir, sim } = await lstackOnThreads('lsx', [tp.pid, worker.tid]);
    try {
      const out = captureIo();
      assert.equal(await runLs({ 'run-dir': runDir, timeout: 3000, json: true, 'dpdk-dir': [BASE] }, out), 0);
      const [row] = JSON.parse(out.out()).instances as {
        prefix: string;
        pids: number[];
        filePrefixes: string[];
      }[];
      assert.equal(row!.prefix, 'tp_');
      assert.deepEqual(row!.pids, [tp.pid]);
      assert.deepEqual(row!.filePrefixes, [prefix]);

      const exporter = await dpdkExporter(runDir, { bases: [BASE], timeoutMs: 3000, isRoot, xstats: false });
      let body: string;
      try {
        body = await (await fetch(`${exporter.url}/metrics`)).text();
      } finally {
        await exporter.close();
      }
      const labels = `file_prefix="${prefix}",gazelle_instance="tp_"`;
      assert.match(body, new RegExp(`^gazelle_dpdk_group_up\\{${labels}\\} 1$`, 'm'));
      assert.match(
        body,
        new RegExp(`^gazelle_dpdk_thread_cpu_seconds_total\\{${labels},thread="rte-worker-1"\\} `, 'm'),
      );
      assert.match(
        body,
        new RegExp(`^gazelle_dpdk_thread_core\\{${labels},thread="rte-worker-1"\\} 0$`, 'm'),
      );
      // testpmd is idle (no `start`), so its counters hold still between our scrape and the script's read
      const py = telemetryPy(prefix, ['/ethdev/stats,0', '/ethdev/link_status,0', '/mempool/list']) as Record<
        string,
        Record<string, unknown>
      >[];
      const stats = py[0]!['/ethdev/stats'] as Record<string, number>;
      for (const [family, key] of [
        ['gazelle_dpdk_port_rx_packets_total', 'ipackets'],
        ['gazelle_dpdk_port_tx_packets_total', 'opackets'],
      ] as const) {
        assert.match(body, new RegExp(`^${family}\\{${labels},port="0"\\} ${stats[key]}$`, 'm'), family);
      }
      const link = py[1]!['/ethdev/link_status'] as unknown as { status: string };
      assert.match(
        body,
        new RegExp(
          `^gazelle_dpdk_port_link_up\\{${labels},port="0"\\} ${link.status === 'UP' ? 1 : 0}$`,
          'm',
        ),
      );
      for (const pool of py[2]!['/mempool/list'] as unknown as string[])
        assert.match(
          body,
          new RegExp(`^gazelle_dpdk_mempool_size\\{${labels},mempool="${pool}"\\} \\d+$`, 'm'),
          pool,
        );
    } finally {
      await sim.close();
      await tp.quit();
    }
  },
);
