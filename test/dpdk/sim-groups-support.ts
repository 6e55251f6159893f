/** Simulated Gazelle instances that are DPDK groups too (sim --dpdk-dir), in a temp dir of their own. */
import { spawnSync } from 'node:child_process';
import { startSimulatorWithDpdk } from '../../src/sim/dpdk/groups.js';
import { parseInstanceSpec } from '../../src/sim/instance-spec.js';
import type { SimulatorOptions } from '../../src/sim/simulator.js';
import { tempDir } from '../support/run-dir.js';

const hasPerl = spawnSync('perl', ['-Mthreads', '-e', '1']).status === 0;
/** The groups' primary is a perl helper that holds the config lock. */
export const simGroupsSkip: string | false = hasPerl
  ? false
  : 'perl with threads is not installed (CI installs perl): sim DPDK groups skipped';

export interface SimGroups {
  root: string;
  runDir: string;
  dpdkDir: string;
  s: Awaited<ReturnType<typeof startSimulatorWithDpdk>>;
  /** Removes the temp dir (after s.close()). */
  remove(): void;
}

export async function startSimGroups(
  name: string,
  specs: string[],
  extra: Partial<SimulatorOptions> = {},
): Promise<SimGroups> {
  const { dir: root, cleanup } = tempDir(`gz-${name}-`);
  const runDir = `${root}/run/`;
  const dpdkDir = `${root}/dpdk`;
  const s = await startSimulatorWithDpdk({
    ...extra,
    runDir,
    dpdkDir,
    instances: specs.map(parseInstanceSpec),
  });
  return { root, runDir, dpdkDir, s, remove: cleanup };
}
