/** Shared measuring helpers for `npm run bench`. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileName } from '../src/protocol/profiles.js';

/** name, ratio (against a baseline measured in the same run), absolute medians */
export type Row = [name: string, ratio: number, absolute: string];

export const root = join(fileURLToPath(import.meta.url), '..', '..');
export const bin = join(root, 'bin', 'run.js');
export const runs = Number(process.env.BENCH_RUNS ?? 11);

/**
 * The environment every timed child gets. This machine exports NODE_EXTRA_CA_CERTS, which makes each
 * Node process read a CA bundle at start (~40 ms); operators' hosts do not set it, and it would add
 * the same noise to both sides of every start-up ratio.
 */
export const benchEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'),
);

/**
 * A reference C gazellectl (GAZELLECTL_BENCH_C), the run dir compiled into it, and the protocol era
 * its structs are from (GAZELLECTL_BENCH_C_PROFILE, default v2024.09: upstream master before the
 * 2025-07 restructuring), when given. scripts/c-client.md says how to build one.
 */
export const cClient = process.env.GAZELLECTL_BENCH_C
  ? {
      bin: process.env.GAZELLECTL_BENCH_C,
      runDir: process.env.GAZELLECTL_BENCH_C_RUN_DIR ?? '/var/run/gazelle/',
      profile: (process.env.GAZELLECTL_BENCH_C_PROFILE ?? 'v2024.09') as ProfileName,
    }
  : undefined;

/** An older build's bin/run.js (GAZELLECTL_BENCH_BASE) to compare with in the same run, when given. */
export const baseBin = process.env.GAZELLECTL_BENCH_BASE;

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of one child process; async, because some daemons under test live in this process. */
export async function timeCommand(args: string[], env: NodeJS.ProcessEnv = benchEnv): Promise<number> {
  return timeProgram(process.execPath, args, env);
}

/** Wall time of any program (the C client, a bundled runtime), output discarded. */
export async function timeProgram(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = benchEnv,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function sampleCommands(
  cmds: Record<string, string[]>,
  env?: NodeJS.ProcessEnv,
): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let i = 0; i < runs; i++)
    for (const [k, args] of Object.entries(cmds)) times[k].push(await timeCommand(args, env));
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

export async function waitFor(path: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(path)) throw new Error(`no socket at ${path}`);
}
