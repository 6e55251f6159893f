/**
 * `gazellectl dpdk`: CPU time of one pass (no telemetry, no CPU% wait) over 8 groups x 40 threads
 * in a synthetic /proc-like tree, against the floor of reading the same files with no parsing.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dpdkView } from '../src/dpdk/view.js';
import { startExporter } from '../src/exporter/server.js';
import { wireFor } from '../src/protocol/profiles.js';
import { bin, median, runs, waitFor, type Row } from './lib.js';

const GROUPS = 8;
const THREADS = 40;

function taskStat(tid: number, name: string): string {
  const f = Array.from({ length: 50 }, () => '0');
  f[0] = 'S';
  f[14 - 3] = String(tid % 997);
  f[15 - 3] = '12';
  f[39 - 3] = String(tid % 4);
  return `${tid} (${name}) ${f.join(' ')}\n`;
}

function buildTree(root: string): { proc: string; base: string } {
  const proc = join(root, 'proc');
  const base = join(root, 'dpdk');
  const locks: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const dir = join(base, `gz${g}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config'), Buffer.alloc(64));
    for (const f of ['mp_socket', 'fbarray_memzone', 'fbarray_nohugemem']) writeFileSync(join(dir, f), '');
    const ino = statSync(join(dir, 'config')).ino;
    const pid = 10_000 + g * 100;
    locks.push(`${g + 1}: POSIX  ADVISORY  WRITE ${pid} 00:1a:${ino} 0 EOF`);
    const pdir = join(proc, String(pid));
    mkdirSync(join(pdir, 'task'), { recursive: true });
    writeFileSync(join(pdir, 'stat'), taskStat(pid, 'lstack'));
    writeFileSync(join(pdir, 'status'), `Name:\tlstack\nTgid:\t${pid}\nHugetlbPages:\t1048576 kB\n`);
    writeFileSync(join(pdir, 'cmdline'), `lstack\0--file-prefix=gz${g}\0`);
    writeFileSync(join(pdir, 'maps'), `7f-8f rw-s 0 00:1a ${ino}  /run/dpdk/gz${g}/config\n`);
    for (let t = 0; t < THREADS; t++) {
      const tid = pid + t;
      const name =
        t < 4 ? ['lstack', 'eal-intr-thread', 'rte_mp_handle', 'telemetry-v2'][t]! : `gazellelstack${t - 4}`;
      const tdir = join(pdir, 'task', String(tid));
      mkdirSync(tdir, { recursive: true });
      writeFileSync(join(tdir, 'stat'), taskStat(tid, name));
      writeFileSync(join(tdir, 'status'), `Name:\t${name}\nTgid:\t${pid}\nCpus_allowed_list:\t${t % 4}\n`);
    }
  }
  writeFileSync(join(proc, 'locks'), locks.join('\n') + '\n');
  writeFileSync(join(proc, 'mounts'), '');
  writeFileSync(join(proc, 'meminfo'), 'Hugepagesize:       2048 kB\n');
  return { proc, base };
}

function readAll(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? readAll(p) : readFileSync(p).length;
  }
  return n;
}

async function cpuMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export async function dpdkRows(): Promise<Row[]> {
  const root = mkdtempSync(join(tmpdir(), 'gz-bench-dpdk-'));
  try {
    const { proc, base } = buildTree(root);
    const opts = { bases: [base], procRoot: proc, telemetry: false, timeoutMs: 1000, isRoot: true };
    const check = await dpdkView(opts, Date.now());
    const threads = check.groups.reduce(
      (n, g) => n + g.processes.reduce((m, p) => m + p.threads.length, 0),
      0,
    );
    if (check.groups.length !== GROUPS || threads !== GROUPS * THREADS)
      throw new Error('dpdk bench tree misread');
    const pass: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      pass.push(await cpuMs(() => dpdkView(opts, Date.now())));
      floor.push(await cpuMs(() => readAll(root)));
    }
    const p = median(pass);
    const f = median(floor);
    return [
      [
        `dpdk: one pass, ${GROUPS} groups x ${THREADS} threads (CPU) vs reading its files`,
        p / f,
        `${p.toFixed(1)} ms vs ${f.toFixed(1)} ms`,
      ],
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function scrapeMs(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return performance.now() - t0;
}

/**
 * The exporter's scrape of 8 lstack instances x 8 stacks with --dpdk (every instance also a DPDK
 * group of the simulator, telemetry included) against the same scrape without it, interleaved.
 */
export async function dpdkExporterRows(): Promise<Row[]> {
  const root = mkdtempSync(join(tmpdir(), 'gz-bench-expdpdk-'));
  const runDir = `${root}/run/`;
  const dpdkDir = `${root}/dpdk`;
  const args = [bin, 'sim', '--run-dir', runDir, '--dpdk-dir', dpdkDir];
  for (let i = 0; i < 8; i++) args.push('--instance', `x${i}_:lstack:8`);
  const sim = spawn(process.execPath, args, { stdio: 'ignore' });
  const source = {
    runDir,
    prefixes: null,
    wire: wireFor('v1.0.3'),
    timeoutMs: 5000,
    snmp: true,
    connections: false,
    latency: false,
    listen: { host: '127.0.0.1', port: 0 },
    version: 'bench',
  };
  const plain = await startExporter(source);
  const withDpdk = await startExporter({
    ...source,
    dpdk: { bases: [dpdkDir], timeoutMs: 1000, isRoot: true },
  });
  try {
    await waitFor(join(dpdkDir, 'gazellesim7_x7_', 'dpdk_telemetry.v2'));
    const body = await (await fetch(`${withDpdk.url}/metrics`)).text();
    if ((body.match(/^gazelle_dpdk_group_up\{.*\} 1$/gm) ?? []).length !== 8)
      throw new Error('dpdk bench: groups not up');
    await scrapeMs(`${plain.url}/metrics`);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      b.push(await scrapeMs(`${plain.url}/metrics`));
      a.push(await scrapeMs(`${withDpdk.url}/metrics`));
    }
    const wa = median(a);
    const wb = median(b);
    return [
      [
        'exporter: scrape 8 x 8 with --dpdk vs without (wall)',
        wa / wb,
        `${wa.toFixed(0)} ms vs ${wb.toFixed(0)} ms`,
      ],
    ];
  } finally {
    await plain.close();
    await withDpdk.close();
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    rmSync(root, { recursive: true, force: true });
  }
}
