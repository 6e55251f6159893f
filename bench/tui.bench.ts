/**
 * `gazellectl top` rows: CPU (% of one core, /proc utime+stime) and average RSS of the top process
 * in a real pseudo-terminal (tmux), watching 4 lstack instances x 8 stacks of the simulator at the
 * default 1 s interval. Every stack answers LSTACK_SHOW with a full gazelle_stack_dfx_data (~3 MB),
 * so about 100 MB/s cross the sockets. Ratios are against the budget (5 % of a core, 150 MB) and
 * against a raw reader measured in the same run: a `node -e` that asks the same sockets the same
 * question once a second on one kept connection per instance and drops the bytes as they land in
 * one reused buffer, i.e. the irreducible cost of draining the answers in Node.
 * BENCH_TUI_SECONDS (default 60) is the length of each measuring window.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeRequest } from '../src/protocol/codec.js';
import { wireFor } from '../src/protocol/profiles.js';
import { bin, waitFor, type Row } from './lib.js';

const SECONDS = Math.max(2, Number(process.env.BENCH_TUI_SECONDS ?? 60));
/** Start-up (oclif, ink, first connects) is not what an operator pays while watching. */
const WARMUP_MS = 4000;
const INSTANCES = ['t1_', 't2_', 't3_', 't4_'];
const STACKS = 8;
const CPU_BUDGET = 5;
const RSS_BUDGET_MB = 150;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Usage {
  cpuPercent: number;
  rssMb: number;
}

export async function tuiRows(): Promise<Row[]> {
  const runDir = `${mkdtempSync(join(tmpdir(), 'gz-tui-bench-'))}/`;
  const sim = spawn(
    process.execPath,
    [bin, 'sim', '--run-dir', runDir, ...INSTANCES.flatMap((p) => ['--instance', `${p}:lstack:${STACKS}`])],
    { stdio: 'ignore' },
  );
  try {
    for (const p of INSTANCES) await waitFor(join(runDir, `${p}lstack_cmd.sock`));
    const raw = await measureRawReader(runDir);
    const top = await measureTop(runDir);
    const window = `${SECONDS} s window, 4 x ${STACKS} stacks at 1 s`;
    return [
      [
        `top: CPU of one core vs ${CPU_BUDGET}% budget`,
        top.cpuPercent / CPU_BUDGET,
        `${top.cpuPercent.toFixed(2)}% (${window})`,
      ],
      [
        `top: CPU vs raw socket reader (same sockets)`,
        top.cpuPercent / raw.cpuPercent,
        `${top.cpuPercent.toFixed(2)}% vs ${raw.cpuPercent.toFixed(2)}%`,
      ],
      [
        `top: average RSS vs ${RSS_BUDGET_MB} MB budget`,
        top.rssMb / RSS_BUDGET_MB,
        `${top.rssMb.toFixed(1)} MB (raw reader ${raw.rssMb.toFixed(1)} MB)`,
      ],
    ];
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** The raw reader: one connection per instance, LSTACK_SHOW every second, bytes counted and dropped. */
async function measureRawReader(runDir: string): Promise<Usage> {
  const wire = wireFor('v1.0.3');
  const request = encodeRequest(wire, {
    stat_mode: wire.profile.modes.number('LSTACK_SHOW'),
    ip: 0,
    pid: 0,
  });
  const paths = INSTANCES.map((p) => join(runDir, `${p}lstack_cmd.sock`));
  // Reads land in one reused buffer and are dropped: no per-chunk allocation, like top's reader.
  const script = `
    const net = require('net');
    const req = Buffer.from(${JSON.stringify(request.toString('hex'))}, 'hex');
    const buffer = Buffer.allocUnsafe(256 * 1024);
    for (const path of ${JSON.stringify(paths)}) {
      const s = net.createConnection({ path, onread: { buffer, callback: () => true } });
      s.on('connect', () => { s.write(req); setInterval(() => s.write(req), 1000); });
    }`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  try {
    return await sampleUsage(child.pid!);
  } finally {
    child.kill('SIGTERM');
  }
}

async function measureTop(runDir: string): Promise<Usage> {
  const session = `gz-tui-bench-${process.pid}`;
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
    `exec env -u CI -u NODE_ENV ${process.execPath} ${bin} top --run-dir ${runDir}`,
  );
  try {
    const panePid = Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim());
    const pid = await nodeIn(panePid);
    const usage = await sampleUsage(pid);
    const screen = tmux('capture-pane', '-p', '-t', session);
    if (!/t4_\s+lstack.*connected/.test(screen))
      throw new Error(`top did not show the instances:\n${screen}`);
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

/** Fields of /proc/PID/stat after the command name: [state, ppid, ...]; utime/stime are [11], [12]. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

const cpuTicks = (pid: number): number => {
  const f = statFields(pid);
  return Number(f[11]) + Number(f[12]);
};

const rssKb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** CPU over the window after the warm-up, and RSS sampled every 500 ms and averaged. */
async function sampleUsage(pid: number): Promise<Usage> {
  await sleep(WARMUP_MS);
  const t0 = process.hrtime.bigint();
  const c0 = cpuTicks(pid);
  const rss: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    rss.push(rssKb(pid));
    await sleep(500);
  }
  const c1 = cpuTicks(pid);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    cpuPercent: ((c1 - c0) / CLK_TCK / seconds) * 100,
    rssMb: rss.reduce((a, b) => a + b, 0) / rss.length / 1024,
  };
}
