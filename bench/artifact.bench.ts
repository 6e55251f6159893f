/**
 * Start-up of the x64 release artifact (`npm run package` first; skipped without it): the launcher
 * and the bundled node, against that same node's own `-e 0`. Measured without NODE_EXTRA_CA_CERTS
 * (the ratios) and with it when the environment sets it (it makes every Node start load a CA file).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv, bin, median, root, runs, timeProgram, waitFor, type Row } from './lib.js';

const artifactRoot = join(root, 'out', 'root-x64');
const launcher = join(artifactRoot, 'usr/bin/gazellectl');
const bundledNode = join(artifactRoot, 'usr/lib/gazellectl/node');

export async function artifactRows(runDir: string): Promise<Row[]> {
  if (!existsSync(launcher)) {
    process.stderr.write('bench: no out/root-x64 (npm run package): artifact rows skipped\n');
    return [];
  }
  const sim = spawn(process.execPath, [bin, 'sim', '--run-dir', runDir, '--instance', 'a1_:lstack:2'], {
    stdio: 'ignore',
  });
  const rows: Row[] = [];
  try {
    await waitFor(join(runDir, 'a1_lstack_cmd.sock'));
    const show = ['lstack', 'show', '192.0.2.10', '-u', 'a1_', '--run-dir', runDir];
    const envs: [string, NodeJS.ProcessEnv][] = [['', benchEnv]];
    if (process.env.NODE_EXTRA_CA_CERTS) envs.push([', NODE_EXTRA_CA_CERTS set', process.env]);
    for (const [label, env] of envs) {
      const t: Record<'node' | 'version' | 'show', number[]> = { node: [], version: [], show: [] };
      for (let i = 0; i < runs; i++) {
        t.node.push(await timeProgram(bundledNode, ['-e', '0'], env));
        t.version.push(await timeProgram(launcher, ['--version'], env));
        t.show.push(await timeProgram(launcher, show, env));
      }
      const [n, v, s] = [median(t.node), median(t.version), median(t.show)];
      rows.push([
        `artifact: gazellectl --version vs its node -e 0${label}`,
        v / n,
        `${v.toFixed(1)} ms vs ${n.toFixed(1)} ms`,
      ]);
      rows.push([
        `artifact: lstack show IP vs its node -e 0${label}`,
        s / n,
        `${s.toFixed(1)} ms vs ${n.toFixed(1)} ms`,
      ]);
    }
  } finally {
    sim.kill('SIGTERM');
  }
  return rows;
}
