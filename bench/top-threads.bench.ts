/**
 * `top`'s extra CPU for the stack threads' core and CPU%: the per-refresh read of
 * /proc/<tid>/task/<tid>/stat for 8 stacks (real /proc, this process's own threads standing in for
 * the stack threads), against the refresh's in-process work without it (applyShow of 8 samples and
 * the stacks view's lines), both measured here in the same run. The absolute column gives the
 * extra CPU per second at top's default 1 s interval.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dpdkView } from '../src/dpdk/view.js';
import { InstanceDpdkReader } from '../src/monitor/instanceDpdk.js';
import { ThreadCpuReader } from '../src/monitor/threadCpu.js';
import type { StackSample } from '../src/stats/stackSample.js';
import { applyShow, newInstance } from '../src/tui/state/instanceData.js';
import { stackLines } from '../src/tui/state/stackLines.js';
import { bin, median, runs, waitFor, type Row } from './lib.js';

const STACKS = 8;
/** Refreshes per measurement, so that one measurement is well above the clock's resolution. */
const REFRESHES = 200;

const sample = (tid: number, stackId: number, n: bigint): StackSample => ({
  tid,
  stackId,
  rx: 1000n * n,
  tx: 900n * n,
  rxDrop: n,
  txDrop: 0n,
  rxBytes: 1_500_000n * n,
  txBytes: 1_400_000n * n,
  allocFail: 0n,
  connNum: 100,
  mbufFree: 60_000,
  wakeupEvents: 70n * n,
  loglevel: 6,
  lowPower: 0,
});

function cpuMs(fn: () => Promise<void> | void): Promise<number> {
  const t0 = process.cpuUsage();
  return Promise.resolve(fn()).then(() => {
    const d = process.cpuUsage(t0);
    return (d.user + d.system) / 1000;
  });
}

/** The stacks view's refresh without any /proc read: the baseline of both rows. */
function stacksRefresh(tids: readonly number[]): () => void {
  const sort = { column: 'stack', order: 'asc' as const };
  let inst = newInstance('07');
  let t = 0;
  return () => {
    t++;
    inst = applyShow(
      inst,
      'lstack',
      tids.map((tid, i) => sample(tid, i, BigInt(t))),
      t * 1000,
      300_000,
    );
    stackLines([inst], sort, '');
  };
}

/**
 * The threads view (d): per refresh, the selected instance's group read again — /proc of its
 * processes and threads, and the primary's telemetry (ports, mempools, heap) on one connection —
 * for a simulated lstack with 8 stacks (a sim process, so only top's side is counted here).
 */
async function threadsViewRow(): Promise<Row> {
  const root = mkdtempSync(join(tmpdir(), 'gz-bench-thv-'));
  const dpdkDir = join(root, 'dpdk');
  const sim = spawn(
    process.execPath,
    [bin, 'sim', '--run-dir', `${root}/run/`, '--dpdk-dir', dpdkDir, '--instance', '07:lstack:8'],
    { stdio: 'ignore' },
  );
  try {
    await waitFor(join(dpdkDir, 'gazellesim0_07', 'dpdk_telemetry.v2'));
    const view = await dpdkView({ bases: [dpdkDir], telemetry: false, timeoutMs: 1000, isRoot: true }, 0);
    const stackTids = view.groups
      .flatMap((g) => g.processes.flatMap((p) => p.threads))
      .filter((t) => t.name.startsWith('gazellelstack'))
      .map((t) => t.tid);
    if (stackTids.length !== STACKS) throw new Error('threads-view bench: stack threads not found');
    const fact = { unixPrefix: '07', daemon: 'lstack' as const, stackTids };
    const reader = new InstanceDpdkReader({ bases: [dpdkDir], timeoutMs: 1000 });
    const first = await reader.read(fact, 0);
    if (first.groups.length !== 1 || !first.groups[0]!.telemetry)
      throw new Error(`threads-view bench: group not read (${first.notes.join('; ')})`);
    const n = 20;
    const refresh = stacksRefresh(stackTids);
    const { r, base } = await perRefresh(n, refresh, async (i) => {
      for (let j = 0; j < n; j++) await reader.read(fact, (i * n + j + 1) * 1000);
    });
    return [
      `top: threads view refresh (group /proc + telemetry, ${STACKS} stacks, CPU) vs the stacks refresh`,
      r / base,
      `${(r * 1000).toFixed(0)} us vs ${(base * 1000).toFixed(0)} us per refresh; +${(r / 10).toFixed(2)}% of a core at 1 s`,
    ];
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * CPU ms per refresh of `subject` (n refreshes in round i) and of the stacks refresh alone, measured
 * in turn `runs` times; medians.
 */
async function perRefresh(
  n: number,
  refresh: () => void,
  subject: (i: number) => Promise<void>,
): Promise<{ r: number; base: number }> {
  const withSubject: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < runs; i++) {
    without.push(
      await cpuMs(() => {
        for (let j = 0; j < n; j++) refresh();
      }),
    );
    withSubject.push(await cpuMs(() => subject(i)));
  }
  return { r: median(withSubject) / n, base: median(without) / n };
}

export async function topThreadsRows(): Promise<Row[]> {
  const own = readdirSync('/proc/self/task').map(Number);
  const tids = Array.from({ length: STACKS }, (_, i) => own[i % own.length]!);
  const reader = new ThreadCpuReader();
  const refresh = stacksRefresh(tids);
  const read = async (): Promise<void> => {
    for (let i = 0; i < REFRESHES; i++) await reader.read(tids, i * 1000);
  };
  if ((await reader.read(tids, 0)).size !== new Set(tids).size)
    throw new Error('threads bench: /proc misread');
  const { r, base } = await perRefresh(REFRESHES, refresh, read);
  return [
    [
      `top: /proc read of ${STACKS} stack threads per refresh (CPU) vs the refresh's own work`,
      r / base,
      `${(r * 1000).toFixed(0)} us vs ${(base * 1000).toFixed(0)} us per refresh; +${(r / 10).toFixed(3)}% of a core at 1 s`,
    ],
    await threadsViewRow(),
  ];
}
