/**
 * CPU (% of one core, /proc utime+stime) and average RSS of a process over a window after a warm-up,
 * and the processes the monitor benches measure that way: `top` in a real pseudo-terminal (tmux) and
 * a raw reader of the same sockets (the irreducible cost of draining the answers in Node).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeRequest } from '../src/protocol/codec.js';
import { wireFor } from '../src/protocol/profiles.js';
import { bin, waitFor } from './lib.js';

/**
 * Start-up (oclif, ink, first connects) is not what an operator pays while watching. A poll a second
 * leaves code cold for a long time: V8 still optimizes functions of the poll path a minute in, on a
 * thread of its own, so BENCH_WARMUP_MS (default 4000) longer shows the steady state of a service.
 */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 4000);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface Usage {
  cpuPercent: number;
  /** The user and kernel (system) parts of cpuPercent: a reader's kernel part is mostly the copy. */
  userPercent: number;
  sysPercent: number;
  rssMb: number;
}

/** Fields of /proc/PID/stat after the command name: [state, ppid, ...]; utime/stime are [11], [12]. */
function cpuTicks(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]), sys: Number(f[12]) };
}

const rssKb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** CPU over `seconds` after the warm-up, and RSS sampled every 500 ms and averaged. */
export async function sampleUsage(pid: number, seconds: number): Promise<Usage> {
  await sleep(WARMUP_MS);
  const t0 = process.hrtime.bigint();
  const c0 = cpuTicks(pid);
  const rss: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    rss.push(rssKb(pid));
    await sleep(500);
  }
  const c1 = cpuTicks(pid);
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  const pct = (ticks: number): number => (ticks / CLK_TCK / elapsed) * 100;
  return {
    cpuPercent: pct(c1.user - c0.user + c1.sys - c0.sys),
    userPercent: pct(c1.user - c0.user),
    sysPercent: pct(c1.sys - c0.sys),
    rssMb: rss.reduce((a, b) => a + b, 0) / rss.length / 1024,
  };
}

/** The usage of a child, which is then stopped (and waited for). */
export async function measureChild(child: ChildProcess, seconds: number): Promise<Usage> {
  try {
    return await sampleUsage(child.pid!, seconds);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  }
}

/** The raw reader: one connection per instance, LSTACK_SHOW every second, bytes counted and dropped. */
export function measureRawReader(
  runDir: string,
  prefixes: readonly string[],
  seconds: number,
): Promise<Usage> {
  const wire = wireFor('v1.0.3');
  const request = encodeRequest(wire, { stat_mode: wire.profile.modes.number('LSTACK_SHOW'), ip: 0, pid: 0 });
  const paths = prefixes.map((p) => join(runDir, `${p}lstack_cmd.sock`));
  // Reads land in one reused buffer and are dropped: no per-chunk allocation, like top's reader.
  const script = `
    const net = require('net');
    const req = Buffer.from(${JSON.stringify(request.toString('hex'))}, 'hex');
    const buffer = Buffer.allocUnsafe(256 * 1024);
    for (const path of ${JSON.stringify(paths)}) {
      const s = net.createConnection({ path, onread: { buffer, callback: () => true } });
      s.on('connect', () => { s.write(req); setInterval(() => s.write(req), 1000); });
    }`;
  return measureChild(spawn(process.execPath, ['-e', script], { stdio: 'ignore' }), seconds);
}

/** `gazellectl top` of `runJs` in a 160x50 tmux terminal; `shown` must hold for its screen at the end. */
export async function measureTop(
  runJs: string,
  runDir: string,
  seconds: number,
  shown: RegExp,
): Promise<Usage> {
  const session = `gz-top-bench-${process.pid}`;
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', session, ...args], { encoding: 'utf8' });
  // ink renders nothing live when CI is set; NODE_ENV is left to the command (production).
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '160',
    '-y',
    '50',
    `exec env -u CI -u NODE_ENV ${process.execPath} ${runJs} top --run-dir ${runDir}`,
  );
  try {
    const panePid = Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim());
    const usage = await sampleUsage(await nodeIn(panePid), seconds);
    const screen = tmux('capture-pane', '-p', '-t', session);
    if (!shown.test(screen)) throw new Error(`top did not show the instances:\n${screen}`);
    return usage;
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  }
}

/** `exec env ... node`: the pane's process becomes node itself once env has exec'd. */
async function nodeIn(pid: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv[0] === process.execPath && argv.includes('top')) return pid;
    await sleep(100);
  }
  throw new Error(`pane process ${pid} did not become node ... top`);
}

/** The instances the monitor benches watch: 4 lstack instances x 8 stacks of the simulator. */
export const WATCHED = ['t1_', 't2_', 't3_', 't4_'];
export const WATCHED_STACKS = 8;

/** `body` with a simulator serving the WATCHED instances in a temp run dir, stopped and removed after. */
export async function withWatchedSim<T>(tag: string, body: (runDir: string) => Promise<T>): Promise<T> {
  const runDir = `${mkdtempSync(join(tmpdir(), `gz-${tag}-bench-`))}/`;
  const instances = WATCHED.flatMap((p) => ['--instance', `${p}:lstack:${WATCHED_STACKS}`]);
  const sim = spawn(process.execPath, [bin, 'sim', '--run-dir', runDir, ...instances], { stdio: 'ignore' });
  try {
    for (const p of WATCHED) await waitFor(join(runDir, `${p}lstack_cmd.sock`));
    return await body(runDir);
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    rmSync(runDir, { recursive: true, force: true });
  }
}
