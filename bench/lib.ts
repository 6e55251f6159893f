/** Shared measuring helpers for `npm run bench`. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** name, ratio (against a baseline measured in the same run), absolute medians */
export type Row = [name: string, ratio: number, absolute: string];

export const root = join(fileURLToPath(import.meta.url), '..', '..');
export const bin = join(root, 'bin', 'run.js');
export const runs = Number(process.env.BENCH_RUNS ?? 11);

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of one child process; async, because some daemons under test live in this process. */
export async function timeCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return timeExec(process.execPath, args, env);
}

/** Wall time of one run of any executable (an installed gazellectl, another node). */
export async function timeExec(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${stderr}`);
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
