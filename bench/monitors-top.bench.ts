/**
 * `top` and `record` against another build of gazellectl, in the same run: CPU (% of one core,
 * /proc utime+stime) and average RSS while watching 4 lstack instances x 8 stacks of the simulator at
 * the default 1 s interval (each LSTACK_SHOW drains ~3.2 MB per stack), alternating the two builds
 * window by window so that both see the same machine load. The baseline is the `bin/run.js` of
 * another checkout given as GAZELLECTL_BENCH_BASE (built); without it only this build is measured,
 * against a raw reader of the same sockets (one kept connection per instance, bytes dropped).
 * "top's data layer" is top's controller polling live without ink: what the screen costs is the
 * difference to top.
 *
 *   GAZELLECTL_BENCH_BASE=/path/to/other/bin/run.js BENCH_TOP_SECONDS=20 BENCH_TOP_ROUNDS=3 \
 *     node --import tsx bench/monitors-top.bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bin, median, type Row } from './lib.js';
import {
  measureChild,
  measureRawReader,
  measureTop,
  type Usage,
  WATCHED,
  WATCHED_STACKS,
  withWatchedSim,
} from './process-usage.js';

const SECONDS = Math.max(2, Number(process.env.BENCH_TOP_SECONDS ?? 20));
const ROUNDS = Math.max(1, Number(process.env.BENCH_TOP_ROUNDS ?? 3));
const INSTANCES = WATCHED;
const STACKS = WATCHED_STACKS;
/** What top's screen must show at the end of its window: the last instance, connected. */
const SHOWN = /t4_\s+lstack.*connected/;

type Subject = (runDir: string) => Promise<Usage>;

export async function topAgainstRows(base = process.env.GAZELLECTL_BENCH_BASE): Promise<Row[]> {
  return withWatchedSim('top', async (runDir) => {
    const subjects: Record<string, Subject> = {
      raw: (d) => measureRawReader(d, INSTANCES, SECONDS),
      top: (d) => measureTop(bin, d, SECONDS, SHOWN),
      record: (d) => measureRecord(bin, d),
      'data layer': (d) => measureDataLayer(bin, d),
      ...(base ? { 'base top': (d: string) => measureTop(base, d, SECONDS, SHOWN) } : {}),
      ...(base ? { 'base record': (d: string) => measureRecord(base, d) } : {}),
      ...(base ? { 'base data layer': (d: string) => measureDataLayer(base, d) } : {}),
    };
    const got: Record<string, Usage[]> = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++)
      for (const [name, measure] of Object.entries(subjects)) got[name].push(await measure(runDir));
    const cpu = (k: string) => median(got[k].map((u) => u.cpuPercent));
    const rss = (k: string) => median(got[k].map((u) => u.rssMb));
    const window = `${SECONDS} s x ${ROUNDS}, 4 x ${STACKS} stacks at 1 s`;
    const rows: Row[] = [
      [
        'top: CPU vs raw reader',
        cpu('top') / cpu('raw'),
        `${cpu('top').toFixed(2)}% vs ${cpu('raw').toFixed(2)}% (${window})`,
      ],
      [
        'top: RSS vs raw reader',
        rss('top') / rss('raw'),
        `${rss('top').toFixed(1)} MB vs ${rss('raw').toFixed(1)} MB`,
      ],
      [
        'record: CPU vs raw reader',
        cpu('record') / cpu('raw'),
        `${cpu('record').toFixed(2)}% vs ${cpu('raw').toFixed(2)}%`,
      ],
    ];
    rows.push([
      "top's data layer (no ink): CPU vs raw reader",
      cpu('data layer') / cpu('raw'),
      `${cpu('data layer').toFixed(2)}% vs ${cpu('raw').toFixed(2)}%, RSS ${rss('data layer').toFixed(1)} MB`,
    ]);
    if (base) {
      rows.push(
        [
          'top: CPU vs base build',
          cpu('top') / cpu('base top'),
          `${cpu('top').toFixed(2)}% vs ${cpu('base top').toFixed(2)}%`,
        ],
        [
          'top: RSS vs base build',
          rss('top') / rss('base top'),
          `${rss('top').toFixed(1)} MB vs ${rss('base top').toFixed(1)} MB`,
        ],
        [
          "top's data layer: CPU vs base build",
          cpu('data layer') / cpu('base data layer'),
          `${cpu('data layer').toFixed(2)}% vs ${cpu('base data layer').toFixed(2)}%`,
        ],
        [
          'record: CPU vs base build',
          cpu('record') / cpu('base record'),
          `${cpu('record').toFixed(2)}% vs ${cpu('base record').toFixed(2)}%`,
        ],
      );
    }
    return rows;
  });
}

/** top without the screen: its controller polling every instance live, as top does. */
async function measureDataLayer(which: string, runDir: string): Promise<Usage> {
  const controller = join(dirname(which), '..', 'dist', 'tui', 'data', 'controller.js');
  const script = `
    const { TopController } = await import(${JSON.stringify(controller)});
    const c = new TopController({ runDir: ${JSON.stringify(runDir)}, prefixes: null, timeoutMs: 5000 }, 1000);
    await c.start(true);`;
  return measureChild(
    spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' }),
    SECONDS,
  );
}

async function measureRecord(which: string, runDir: string): Promise<Usage> {
  const out = mkdtempSync(join(tmpdir(), 'gz-top-bench-rec-'));
  try {
    const child = spawn(process.execPath, [which, 'record', '--run-dir', runDir, '--out', join(out, 'rec')], {
      stdio: 'ignore',
      env: { ...process.env, CI: '1' },
    });
    return await measureChild(child, SECONDS);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, ratio, abs] of await topAgainstRows())
    console.log(`${name}  ${ratio.toFixed(2)}x  ${abs}`);
}
