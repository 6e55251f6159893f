/**
 * Real DPDK programs for the tests (DPDK.md §5): dpdk-testpmd primaries and secondaries driven
 * through their stdin, each with a unique --file-prefix, and the clean-up of everything they leave.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

export const isRoot = process.getuid?.() === 0;
export const hasTestpmd = has('dpdk-testpmd') && has('dpdk-telemetry.py');
export const skipNoDpdk = hasTestpmd
  ? false
  : 'dpdk-testpmd / dpdk-telemetry.py are not installed (CI installs dpdk-dev): real-DPDK test skipped';

/** Where root's DPDK puts runtime dirs; testpmd as another user uses /tmp/dpdk. */
export const BASE = isRoot ? '/var/run/dpdk' : '/tmp/dpdk';

export const uniquePrefix = (what: string): string => `gzt_${what}_${process.pid}_${Date.now() % 100000}`;

export interface Testpmd {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly prefix: string;
  output(): string;
  send(line: string): void;
  /** Waits for `testpmd> ` after the given output length. */
  prompt(after?: number, timeoutMs?: number): Promise<void>;
  quit(): Promise<void>;
  exited: Promise<number | null>;
}

export interface TestpmdOptions {
  /** Environment added to ours (e.g. RUNTIME_DIRECTORY). */
  readonly env?: NodeJS.ProcessEnv;
  /** Run as this uid/gid (root only): a non-root DPDK process. */
  readonly uid?: number;
}

export function startTestpmd(
  args: string[],
  prefix: string,
  netns?: string,
  o: TestpmdOptions = {},
): Testpmd {
  const argv = ['dpdk-testpmd', `--file-prefix=${prefix}`, ...args];
  const cmd = netns ? ['ip', 'netns', 'exec', netns, ...argv] : argv;
  const child = spawn(cmd[0]!, cmd.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...o.env },
    ...(o.uid !== undefined ? { uid: o.uid, gid: o.uid } : {}),
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('latin1')));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString('latin1')));
  child.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const t: Testpmd = {
    child,
    pid: child.pid!,
    prefix,
    output: () => out,
    send: (line) => void child.stdin!.write(`${line}\n`),
    async prompt(after = 0, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (!out.slice(after).includes('testpmd> ')) {
        if (child.exitCode !== null || Date.now() > until) {
          throw new Error(`testpmd ${prefix} did not prompt (exit ${child.exitCode}):\n${out.slice(-2000)}`);
        }
        await sleep(50);
      }
    },
    async quit() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      t.send('quit');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    exited,
  };
  return t;
}

/** EAL and testpmd arguments of an idle primary with no NIC: 64 MB, two null ports (DPDK.md §5). */
export const NULL_PORTS_PRIMARY = [
  '-m',
  '64',
  '--no-pci',
  '--vdev=net_null0',
  '--vdev=net_null1',
  '--lcores=0@0,1@0',
  '--',
  '-i',
  '--total-num-mbufs=2048',
];

/** The same primary without hugepages. */
export const NO_HUGE_PRIMARY = ['--no-huge', ...NULL_PORTS_PRIMARY];

/** Removes the runtime dir and the hugepage files of a group. */
export function cleanGroup(prefix: string, hugeDir?: string): void {
  rmSync(join(BASE, prefix), { recursive: true, force: true });
  if (hugeDir && existsSync(hugeDir)) {
    for (const f of readdirSync(hugeDir))
      if (f.startsWith(`${prefix}map_`)) rmSync(join(hugeDir, f), { force: true });
  }
}

/**
 * Hugepages for a test, as root: raises nr_hugepages by what is needed and mounts a private
 * hugetlbfs; release() puts both back. A string (the reason) where that is impossible.
 * Test files run in parallel: one test at a time holds the hugepages (a lock dir naming its PID),
 * or two would each take the other's raised nr_hugepages for the value to restore.
 */
export interface Hugepages {
  readonly dir: string;
  release(): void;
}

const HUGE_LOCK = join(tmpdir(), 'gazellectl-test-hugepages.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function lockHugepages(timeoutMs: number): Promise<(() => void) | string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(HUGE_LOCK);
      writeFileSync(join(HUGE_LOCK, 'pid'), String(process.pid));
      return () => rmSync(HUGE_LOCK, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        return `cannot lock ${HUGE_LOCK}: ${(e as Error).message}`;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(join(HUGE_LOCK, 'pid'), 'utf8'));
    } catch {
      // being created or removed: look again
    }
    // a holder that died without releasing (SIGKILLed test run)
    if (Number.isInteger(holder) && holder > 0 && !alive(holder))
      rmSync(HUGE_LOCK, { recursive: true, force: true });
    if (Date.now() > end) return `another test (pid ${holder}) held the hugepages for ${timeoutMs / 1000} s`;
    await sleep(200);
  }
}

export async function reserveHugepages(pages: number): Promise<Hugepages | string> {
  if (!isRoot) return 'needs root to reserve hugepages';
  const unlock = await lockHugepages(90_000);
  if (typeof unlock === 'string') return unlock;
  const nrPath = '/proc/sys/vm/nr_hugepages';
  let before: number;
  try {
    before = Number(readFileSync(nrPath, 'utf8'));
    const free = Number(/HugePages_Free:\s*(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
    if (free < pages) writeFileSync(nrPath, String(before + pages - free));
    const nowFree = Number(/HugePages_Free:\s*(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
    if (nowFree < pages) {
      writeFileSync(nrPath, String(before));
      unlock();
      return `the kernel gave ${nowFree} of ${pages} hugepages`;
    }
  } catch (e) {
    unlock();
    return `cannot set nr_hugepages (${(e as Error).message})`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gzt-huge-'));
  const m = spawnSync('mount', ['-t', 'hugetlbfs', '-o', 'pagesize=2M', 'nodev', dir]);
  if (m.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(nrPath, String(before));
    unlock();
    return `cannot mount hugetlbfs (${m.stderr.toString().trim()})`;
  }
  return {
    dir,
    release() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
      writeFileSync(nrPath, String(before));
      unlock();
    },
  };
}

/** dpdk-telemetry.py's answers to `commands`, parsed (it re-serialises JSON with spaces). */
export function telemetryPy(prefix: string, commands: string[]): unknown[] {
  const r = spawnSync('dpdk-telemetry.py', ['-f', prefix], {
    input: commands.join('\n') + '\n',
    timeout: 20_000,
  });
  const text = r.stdout.toString();
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    const l = line.replace(/^--> /, '').trim();
    if (l.startsWith('{')) out.push(JSON.parse(l));
  }
  return out;
}

export interface PsThread {
  tid: number;
  /** The processor it last ran on. */
  psr: number;
  comm: string;
}

/** A process's threads as `ps -L` prints them (an independent reader of /proc). */
export function psL(pid: number): PsThread[] {
  const r = spawnSync('ps', ['-L', '-o', 'tid=,psr=,comm=', '-p', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*?)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ tid: Number(m[1]), psr: Number(m[2]), comm: m[3]! }));
}

/** TIDs and names of a process's threads as `ps -L` prints them. */
export const psThreads = (pid: number): Map<number, string> => new Map(psL(pid).map((t) => [t.tid, t.comm]));

/**
 * One test file's DPDK processes and clean-ups: after the file, whatever still runs is SIGKILLed and
 * waited for, then the clean-ups run in reverse order (groups, hugepages, namespaces, temp dirs).
 */
export function testpmdFile(): {
  cleanup(fn: () => void): void;
  start(...args: Parameters<typeof startTestpmd>): Testpmd;
  primary(args: string[], prefix: string, o?: { hugeDir?: string; netns?: string }): Promise<Testpmd>;
} {
  const started: Testpmd[] = [];
  const cleanups: (() => void)[] = [];
  after(async () => {
    for (const t of started) {
      if (t.child.exitCode === null && t.child.signalCode === null) t.child.kill('SIGKILL');
      await t.exited;
    }
    for (const c of cleanups.reverse()) c();
  });
  const start = (...a: Parameters<typeof startTestpmd>): Testpmd => {
    const tp = startTestpmd(...a);
    started.push(tp);
    return tp;
  };
  return {
    cleanup: (fn) => void cleanups.push(fn),
    start,
    /** The primary of a new group, at its prompt; the group is removed after the file. */
    async primary(args, prefix, o = {}) {
      cleanups.push(() => cleanGroup(prefix, o.hugeDir));
      const tp = start(args, prefix, o.netns);
      await tp.prompt();
      return tp;
    },
  };
}

/** A test on a fresh no-huge testpmd primary of its own group (skipped where DPDK is not installed). */
export function testOnNoHugePrimary(
  dpdk: ReturnType<typeof testpmdFile>,
  name: string,
  tag: string,
  body: (tp: Testpmd, prefix: string) => Promise<void>,
): void {
  test(name, { skip: skipNoDpdk, timeout: 90_000 }, async () => {
    const prefix = uniquePrefix(tag);
    await body(await dpdk.primary(NO_HUGE_PRIMARY, prefix), prefix);
  });
}

/** `start tx_first`, half a second, `stop`: frozen, non-zero port counters (DPDK.md §5). */
export async function freezeCounters(tp: Testpmd): Promise<void> {
  let mark = tp.output().length;
  tp.send('start tx_first');
  await tp.prompt(mark);
  await sleep(500);
  mark = tp.output().length;
  tp.send('stop');
  await tp.prompt(mark);
}
