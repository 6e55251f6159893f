/**
 * `top`'s extra CPU for the stack threads' core and CPU%: the per-refresh read of
 * /proc/<tid>/task/<tid>/stat for 8 stacks (real /proc, this process's own threads standing in for
 * the stack threads), against the refresh's in-process work without it (applyShow of 8 samples and
 * the stacks view's lines), both measured here in the same run. The absolute column gives the
 * extra CPU per second at top's default 1 s interval.
 */
import { readdirSync } from 'node:fs';
import { ThreadCpuReader } from '../src/monitor/threadCpu.js';
import type { StackSample } from '../src/stats/stackSample.js';
import { applyShow, newInstance } from '../src/tui/state/instanceData.js';
import { stackLines } from '../src/tui/state/stackLines.js';
import { median, runs, type Row } from './lib.js';

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

export async function topThreadsRows(): Promise<Row[]> {
  const own = readdirSync('/proc/self/task').map(Number);
  const tids = Array.from({ length: STACKS }, (_, i) => own[i % own.length]!);
  const reader = new ThreadCpuReader();
  const sort = { column: 'stack', order: 'asc' as const };
  let inst = newInstance('07');
  let t = 0;
  const refresh = (): void => {
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
  const read = async (): Promise<void> => {
    for (let i = 0; i < REFRESHES; i++) await reader.read(tids, i * 1000);
  };
  if ((await reader.read(tids, 0)).size !== new Set(tids).size)
    throw new Error('threads bench: /proc misread');
  const withRead: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < runs; i++) {
    without.push(
      await cpuMs(() => {
        for (let j = 0; j < REFRESHES; j++) refresh();
      }),
    );
    withRead.push(await cpuMs(read));
  }
  const r = median(withRead) / REFRESHES;
  const base = median(without) / REFRESHES;
  return [
    [
      `top: /proc read of ${STACKS} stack threads per refresh (CPU) vs the refresh's own work`,
      r / base,
      `${(r * 1000).toFixed(0)} us vs ${(base * 1000).toFixed(0)} us per refresh; +${(r / 10).toFixed(3)}% of a core at 1 s`,
    ],
  ];
}
