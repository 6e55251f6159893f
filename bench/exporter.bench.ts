/**
 * Exporter rows: scrapes of 8 lstack instances x 8 stacks served by `gazellectl sim` in a child
 * process (so its encoding CPU is not ours). Baseline, measured interleaved in the same run: the
 * same polls (same requests, same InstanceClient reads, all instances at once) without HTTP, metric
 * mapping or text formatting. The ratio is the exporter's own overhead on top of the socket I/O,
 * which is ~3.2 MB per stack per request (every dfx answer carries the whole connection array).
 * With --poll-interval a scrape is answered from the newest poll: that row compares it with a poll.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInstance, type ExporterSource } from '../src/exporter/poll.js';
import { startExporter } from '../src/exporter/server.js';
import { InstanceClient } from '../src/monitor/instanceClient.js';
import { bin, median, runs, waitFor, type Row } from './lib.js';

const INSTANCES = 8;
const STACKS = 8;

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let n = 0;
      res.on('data', (d: Buffer) => (n += d.length));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(n) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    })
      .on('error', reject)
      .end();
  });
}

interface Measured {
  wallMs: number;
  cpuMs: number;
}

async function measure(fn: () => Promise<unknown>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function compare(runDir: string, snmp: boolean, pollIntervalMs = 0): Promise<Row[]> {
  const prefixes = Array.from({ length: INSTANCES }, (_, i) => `x${i}_`);
  const source: ExporterSource = {
    runDir,
    prefixes: null,
    only: ['v1.0.3'],
    timeoutMs: 5000,
    snmp,
    connections: false,
    latency: false,
  };
  const ex = await startExporter({
    ...source,
    pollIntervalMs,
    listen: { host: '127.0.0.1', port: 0 },
    version: 'bench',
  });
  const clients = prefixes.map((prefix) => new InstanceClient({ ...source, prefix }));
  const raw = (): Promise<unknown> => Promise.all(clients.map((c) => readInstance(c, source)));
  const scrape = (): Promise<number> => get(`${ex.url}/metrics`);
  try {
    const bytes = await scrape(); // warm-up (JIT, daemon detection)
    await raw();
    const s: Measured[] = [];
    const r: Measured[] = [];
    for (let i = 0; i < runs; i++) {
      s.push(await measure(scrape));
      r.push(await measure(raw));
    }
    const sw = median(s.map((m) => m.wallMs));
    const sc = median(s.map((m) => m.cpuMs));
    const rw = median(r.map((m) => m.wallMs));
    const rc = median(r.map((m) => m.cpuMs));
    const what = `${INSTANCES} x ${STACKS} stacks, ${snmp ? 'show+snmp' : 'show only (--no-snmp)'}`;
    if (pollIntervalMs) {
      // What Prometheus waits for: the text of the newest poll, against one poll of the instances.
      return [
        [
          `exporter: scrape ${what}, --poll-interval ${pollIntervalMs / 1000}: wall vs one poll`,
          sw / rw,
          `${sw.toFixed(1)} ms vs ${rw.toFixed(0)} ms`,
        ],
      ];
    }
    return [
      [
        `exporter: scrape ${what}: wall vs same polls unformatted`,
        sw / rw,
        `${sw.toFixed(0)} ms vs ${rw.toFixed(0)} ms (${(bytes / 1024).toFixed(0)} KiB of metrics)`,
      ],
      [
        `exporter: scrape ${what}: CPU vs same polls unformatted`,
        sc / rc,
        `${sc.toFixed(0)} ms vs ${rc.toFixed(0)} ms`,
      ],
    ];
  } finally {
    await ex.close();
  }
}

export async function exporterRows(): Promise<Row[]> {
  const runDir = `${mkdtempSync(join(tmpdir(), 'gz-bench-exporter-'))}/`;
  const args = [bin, 'sim', '--run-dir', runDir];
  for (let i = 0; i < INSTANCES; i++) args.push('--instance', `x${i}_:lstack:${STACKS}`);
  const sim = spawn(process.execPath, args, { stdio: 'ignore' });
  try {
    await waitFor(join(runDir, `x${INSTANCES - 1}_lstack_cmd.sock`));
    return [
      ...(await compare(runDir, true)),
      ...(await compare(runDir, false)),
      ...(await compare(runDir, true, 10_000)),
    ];
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    rmSync(runDir, { recursive: true, force: true });
  }
}
