/**
 * npm run bench: every row is a ratio measured side by side in this run (medians of several runs,
 * because these machines are noisy), with the absolute medians beside it. Each area adds its rows
 * from its own bench/*.bench.ts module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactRows } from './artifact.bench.js';
import { cliRows } from './cli.bench.js';
import { dpdkExporterRows, dpdkRows } from './dpdk.bench.js';
import { exporterRows } from './exporter.bench.js';
import { monitorRows } from './monitors.bench.js';
import { topAgainstRows } from './monitors-top.bench.js';
import { cClient, runs, type Row } from './lib.js';
import { recorderRows } from './recorder.bench.js';
import { replayRows } from './replay.bench.js';
import { topThreadsRows } from './top-threads.bench.js';
import { tuiRows } from './tui.bench.js';

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'gz-bench-'));
  const rows: Row[] = [];
  try {
    // BENCH_ONLY=cli,exporter runs only those areas (a full run takes many minutes on a loaded machine)
    const only = process.env.BENCH_ONLY?.split(',');
    const areas: [string, () => Promise<Row[]>][] = [
      ['cli', () => cliRows(runDir)],
      ['artifact', () => artifactRows(runDir)],
      ['exporter', () => exporterRows()],
      ['monitors', () => monitorRows()],
      ['monitors-top', () => topAgainstRows()],
      ['tui', () => tuiRows()],
      ['top-threads', () => topThreadsRows()],
      ['dpdk', () => dpdkRows()],
      ['dpdk-exporter', () => dpdkExporterRows()],
      ['recorder', () => recorderRows()],
      ['replay', () => replayRows()],
    ];
    for (const [name, area] of areas) if (!only || only.includes(name)) rows.push(...(await area()));
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(
    "start-up rows: child processes run without NODE_EXTRA_CA_CERTS (operators' hosts do not set it)",
  );
  if (!cClient)
    console.log(
      'C-client rows skipped: set GAZELLECTL_BENCH_C=/path/to/gazellectl (and GAZELLECTL_BENCH_C_RUN_DIR, _PROFILE)',
    );
  console.log(`${'benchmark'.padEnd(w)}  ratio   medians (runs=${runs})`);
  for (const [name, ratio, abs] of rows)
    console.log(`${name.padEnd(w)}  ${ratio.toFixed(2).padStart(5)}x  ${abs}`);
}

await main();
