/**
 * npm run soak -- [--minutes N] [--workers K]: the CLI in loops against simulated daemons, one of
 * which is killed (SIGKILL or SIGTERM) and restarted at random.
 *
 * Long-lived processes, whose RSS and open fds (/proc/<pid>/fd) are sampled at start and end: the
 * stable simulator (`gazellectl sim`, never restarted), a `lstack show IP -r` rate loop against it
 * (runs for the whole soak), and this driver. Short-lived: `lstack show` (-s, -c, plain, via ltran)
 * and `top --once`, over the stable and the flaky instances. Prints requests served, exits by kind.
 * `npm run soak` builds first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { bin } from './lib.js';

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '2' }, workers: { type: 'string', default: '3' } },
});
const durationMs = Number(values.minutes) * 60_000;
const workers = Number(values.workers);
const runDir = mkdtempSync(join(tmpdir(), 'gz-soak-')) + '/';
const EXIT_NAMES = [
  'ok',
  'internal',
  'usage',
  'not running',
  'refused',
  'permission',
  'timeout',
  'closed early',
  'protocol',
];

interface Usage {
  rssMb: number;
  fds: number;
}
function usage(pid: number | undefined): Usage | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { rssMb: rssKb / 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return null;
  }
}
const fmt = (u: Usage | null) => (u ? `RSS ${u.rssMb.toFixed(1)} MB, ${u.fds} fds` : 'gone');

function startSim(instances: string[], seed: number): ChildProcess {
  const child = spawn(
    process.execPath,
    [bin, 'sim', '--run-dir', runDir, '--seed', String(seed), ...instances.flatMap((i) => ['--instance', i])],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.resume();
  return child;
}

async function waitForSocket(path: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(path); i++) await sleep(25);
}

// stable: 4-stack lstack "s1", ltran "s2" with two registered processes; flaky: lstack "f1"
const stable = startSim(['s1:lstack:4', 's2:ltran:2:2'], 1);
await waitForSocket(join(runDir, 's2ltran_cmd.sock'));
let flaky: ChildProcess | null = startSim(['f1:lstack:2'], 2);
await waitForSocket(join(runDir, 'f1lstack_cmd.sock'));
let restarts = 0;

// a rate loop that lives as long as the soak (the C tool's `-r` runs forever)
const rate = spawn(
  process.execPath,
  [bin, 'lstack', 'show', '192.0.2.10', '-r', '-u', 's1', '--run-dir', runDir],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let rateLines = 0;
rate.stdout!.on('data', (d: Buffer) => (rateLines += d.toString('latin1').split('\n').length - 1));
let rateErr = '';
rate.stderr!.on('data', (d: Buffer) => (rateErr += d.toString()));
await sleep(3000);

const start = { sim: usage(stable.pid), rate: usage(rate.pid), driver: usage(process.pid) };

const commands: string[][] = [
  ['lstack', 'show', '192.0.2.10', '-u', 's1'],
  ['lstack', 'show', '192.0.2.10', '-s', '-u', 's1'],
  ['lstack', 'show', '192.0.2.10', '-c', '-u', 's1'],
  ['lstack', 'show', '192.0.2.11', '-u', 's2'],
  ['lstack', 'show', '192.0.2.11', '-s', '-u', 's2'],
  ['ltran', 'show', '-u', 's2'],
  ['ltran', 'show', '-i', '-u', 's2'],
  ['lstack', 'show', '192.0.2.10', '-u', 'f1'],
  ['lstack', 'show', '192.0.2.10', '-c', '-u', 'f1'],
  ['top', '--once'],
];
const served = new Map<string, number>();
const exits = new Map<string, number>();
const samples: string[] = [];
const deadline = Date.now() + durationMs;

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--run-dir', runDir, '--timeout', '2000'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

async function worker(k: number): Promise<void> {
  let i = k;
  while (Date.now() < deadline) {
    const args = commands[i++ % commands.length];
    const { code, stderr } = await run(args);
    const kind = code === null ? 'killed (hang)' : (EXIT_NAMES[code] ?? `exit ${code}`);
    const key = `${args[0]} ${args.includes('f1') ? '(flaky)' : '(stable)'} ${kind}`;
    exits.set(key, (exits.get(key) ?? 0) + 1);
    if (code === 0) served.set(args.join(' '), (served.get(args.join(' ')) ?? 0) + 1);
    // a failure must be one line on stderr, never a stack trace
    if (code !== 0 && (stderr.trim().split('\n').length !== 1 || /\n\s+at /.test(stderr)))
      exits.set(`BAD STDERR ${kind}`, (exits.get(`BAD STDERR ${kind}`) ?? 0) + 1);
  }
}

async function chaos(): Promise<void> {
  while (Date.now() < deadline) {
    await sleep(2000 + Math.random() * 8000);
    if (Date.now() >= deadline) break;
    const f = flaky!;
    f.kill(Math.random() < 0.5 ? 'SIGKILL' : 'SIGTERM');
    await new Promise((r) => f.once('close', r));
    flaky = null;
    await sleep(500 + Math.random() * 4000);
    flaky = startSim(['f1:lstack:2'], 2 + ++restarts);
  }
}

async function sampler(): Promise<void> {
  while (Date.now() < deadline) {
    await sleep(15_000);
    samples.push(
      `${((Date.now() - deadline + durationMs) / 1000).toFixed(0).padStart(4)} s  sim ${fmt(usage(stable.pid))} | rate ${fmt(usage(rate.pid))} | driver ${fmt(usage(process.pid))}`,
    );
  }
}

const t0 = Date.now();
await Promise.all([...Array.from({ length: workers }, (_, k) => worker(k)), chaos(), sampler()]);
const end = { sim: usage(stable.pid), rate: usage(rate.pid), driver: usage(process.pid) };
const rateAlive = rate.exitCode === null;

rate.kill('SIGINT');
stable.kill('SIGTERM');
flaky?.kill('SIGTERM');
await Promise.all(
  [stable, rate, flaky].map((c) => c && c.exitCode === null && new Promise((r) => c.once('close', r))),
);
rmSync(runDir, { recursive: true, force: true });

const total = [...exits.values()].reduce((a, b) => a + b, 0);
console.log(
  `soak: ${((Date.now() - t0) / 60_000).toFixed(1)} min, ${workers} workers, ${restarts} restarts of the flaky simulator`,
);
console.log(`\nruns: ${total}, served (exit 0): ${[...served.values()].reduce((a, b) => a + b, 0)}`);
for (const [cmd, n] of [...served].sort()) console.log(`  ${String(n).padStart(6)}  ${cmd}`);
console.log('\nexits by kind:');
for (const [k, n] of [...exits].sort()) console.log(`  ${String(n).padStart(6)}  ${k}`);
console.log(
  `\nrate loop (lstack show -r, whole soak): ${rateLines} lines, ${rateAlive ? 'still running' : `exited: ${rateErr.trim()}`}`,
);
console.log('\nlong-lived processes          start                         end');
for (const k of ['sim', 'rate', 'driver'] as const)
  console.log(`  ${k.padEnd(8)} ${fmt(start[k]).padEnd(30)} ${fmt(end[k])}`);
console.log('\nsamples:');
for (const s of samples) console.log(`  ${s}`);
