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
    /** Subject `a` against `b`: the ratio and both values, and `more` after them. */
    const cpuRow = (label: string, a: string, b: string, more = ''): Row => [
      label,
      cpu(a) / cpu(b),
      `${cpu(a).toFixed(2)}% vs ${cpu(b).toFixed(2)}%${more}`,
    ];
    const rssRow = (label: string, a: string, b: string): Row => [
      label,
      rss(a) / rss(b),
      `${rss(a).toFixed(1)} MB vs ${rss(b).toFixed(1)} MB`,
    ];
    const rows: Row[] = [
      cpuRow('top: CPU vs raw reader', 'top', 'raw', ` (${window})`),
      rssRow('top: RSS vs raw reader', 'top', 'raw'),
      cpuRow('record: CPU vs raw reader', 'record', 'raw'),
      cpuRow(
        "top's data layer (no ink): CPU vs raw reader",
        'data layer',
        'raw',
        `, RSS ${rss('data layer').toFixed(1)} MB`,
      ),
    ];
    if (base) {
      rows.push(
        cpuRow('top: CPU vs base build', 'top', 'base top'),
        rssRow('top: RSS vs base build', 'top', 'base top'),
        cpuRow("top's data layer: CPU vs base build", 'data layer', 'base data layer'),
        cpuRow('record: CPU vs base build', 'record', 'base record'),
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
