/**
 * npm run bench: every row is a ratio measured side by side in this run (medians of several runs,
 * because these machines are noisy), with the absolute medians beside it. Each area adds its rows
 * from its own bench/*.bench.ts module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRows } from './cli.bench.js';
import { exporterRows } from './exporter.bench.js';
import { monitorRows } from './monitors.bench.js';
import { runs, type Row } from './lib.js';
import { tuiRows } from './tui.bench.js';

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'gz-bench-'));
  const rows: Row[] = [];
  try {
    rows.push(...(await cliRows(runDir)));
    rows.push(...(await exporterRows()));
    rows.push(...(await monitorRows()));
    rows.push(...(await tuiRows()));
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'benchmark'.padEnd(w)}  ratio   medians (runs=${runs})`);
  for (const [name, ratio, abs] of rows)
    console.log(`${name.padEnd(w)}  ${ratio.toFixed(2).padStart(5)}x  ${abs}`);
}

await main();
