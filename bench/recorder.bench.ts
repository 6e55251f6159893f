/**
 * `gazellectl record` / `report` rows, for 8 instances x 8 stacks at 1 s with SNMP every 10th sample
 * and no connection tables (the sizing case):
 * - bytes on disk per hour: samples of the simulator's traffic model (bursts and all) over
 *   BENCH_RECORD_MODEL_MINUTES (default 10) of model time, encoded as the recorder writes them,
 *   scaled to an hour; against the same samples as JSON lines, and with deflated record bodies;
 * - CPU of a running `gazellectl record` against the simulator vs top's data layer (TopController,
 *   no rendering) polling the same instances, and vs the recorder's polls alone (same poller, same
 *   SNMP cadence, nothing encoded or written), /proc utime+stime over BENCH_RECORD_SECONDS (default 20);
 * - `report` over 24 h of recording (synthetic counters, written by the real writer), in process,
 *   from dist/ as the CLI runs it (median of 3), and against only decoding the same samples into
 *   Sample objects (what the report did before its in-place scanner, before folding them);
 * - seeking to a random time in that recording (first sample at or after it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSample, type DeltaState } from '../src/recorder/codec.js';
import { frame } from '../src/recorder/frame.js';
import { STACK_FIELDS, type InstanceSnap, type Sample } from '../src/recorder/sample.js';
import { docIpv6, parseIpv4 } from '../src/sim/addr.js';
import { TRAFFIC_DEFAULTS, TrafficModel } from '../src/sim/traffic.js';
import { SNMP_COUNTERS } from '../src/sim/traffic-names.js';
import { header } from '../test/recorder/fixtures.js';
import { wireFor } from '../src/protocol/profiles.js';
import { bin, median, root, waitFor, type Row } from './lib.js';
import { measureChild, measureRawReader, type Usage } from './process-usage.js';
import { DAY_SAMPLES, DAY_START, writeDayRecording } from './day-recording.js';

const INSTANCES = 8;
const STACKS = 8;
const MODEL_MINUTES = Number(process.env.BENCH_RECORD_MODEL_MINUTES ?? 10);
const SECONDS = Math.max(2, Number(process.env.BENCH_RECORD_SECONDS ?? 20));
const ROUNDS = Math.max(1, Number(process.env.BENCH_RECORD_ROUNDS ?? 2));
/** sizeof(struct gazelle_stack_dfx_data) of the simulator's default era (x86_64): one per stack per poll. */
const DFX_BYTES = wireFor('v1.0.3').layouts.dfx.size;
const MB = 1024 * 1024;

export async function recorderRows(): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(...bytesPerHour());
  rows.push(...(await cpuRows()));
  rows.push(...(await reportRows()));
  return rows;
}

/** Samples of 8 processes x 8 stacks of the traffic model, one per model second. */
function* modelSamples(seconds: number): Generator<Sample> {
  const start = 1_795_000_000_000;
  const models = Array.from({ length: INSTANCES }, (_, i) => {
    const v4 = parseIpv4(`192.0.2.${10 + i}`);
    return new TrafficModel(
      { ...TRAFFIC_DEFAULTS, seed: i + 1, stacks: STACKS, local: { v4, v6: docIpv6(0, 10 + i) } },
      start,
    );
  });
  const snmpNames = SNMP_COUNTERS;
  for (let n = 0; n < seconds; n++) {
    const t = start + n * 1000;
    const instances: InstanceSnap[] = models.map((m, i) => {
      m.advanceTo(t);
      const snap: InstanceSnap = {
        up: true,
        daemon: 'lstack',
        stacks: m.stacks.map((s, k) => {
          const c = s.counters;
          const row: Record<string, number> = {
            tid: 4_190_002 + i * 100 + k,
            stackId: k,
            rx: Number(c.rx),
            tx: Number(c.tx),
            rxDrop: Number(c.rx_drop),
            txDrop: Number(c.tx_drop),
            rxBytes: -1,
            txBytes: -1,
            allocFail: Number(c.rx_allocmbuf_fail + c.tx_allocmbuf_fail),
            connNum: s.conns.list.length,
            mbufFree: s.gauges.mbuf_pool_cnt,
            wakeupEvents: Number(c.wakeup_events),
            loglevel: 7,
            lowPower: 0,
          };
          return STACK_FIELDS.map((f) => row[f]);
        }),
      };
      if (n % 10 === 0) snap.snmp = m.stacks.map((s) => snmpNames.map((f) => Number(s.snmp[f] % 2n ** 32n)));
      return snap;
    });
    yield { t, instances };
  }
}

function bytesPerHour(): Row[] {
  const seconds = MODEL_MINUTES * 60;
  const h = header(
    Array.from({ length: INSTANCES }, (_, i) => `i${i}_`),
    { snmpFields: [...SNMP_COUNTERS] },
  );
  const sizes = { varint: 0, deflate: 0, json: 0 };
  const states = { varint: new Map() as DeltaState, deflate: new Map() as DeltaState };
  const cpu = { varint: 0, deflate: 0 };
  let n = 0;
  for (const s of modelSamples(seconds)) {
    const key = n++ % 60 === 0;
    for (const kind of ['varint', 'deflate'] as const) {
      const t0 = performance.now();
      const r = encodeSample(s, h, states[kind], { key, deflate: kind === 'deflate' });
      sizes[kind] += frame(r.type, r.payload).length;
      cpu[kind] += performance.now() - t0;
    }
    sizes.json += Buffer.byteLength(JSON.stringify(s)) + 1;
  }
  const perHour = (b: number): number => (b / seconds) * 3600;
  const mbH = (b: number): string =>
    `${(perHour(b) / MB).toFixed(1)} MB/h, 24 h = ${((perHour(b) * 24) / MB).toFixed(0)} MB`;
  const usPerSample = (ms: number): string => `${((ms / seconds) * 1000).toFixed(0)} µs/sample`;
  return [
    [
      `record: bytes/h 8x8 stacks @1 s, SNMP/10 (varint deltas) vs JSON lines`,
      sizes.varint / sizes.json,
      `${mbH(sizes.varint)} (target 24 h <= 200 MB); JSON ${mbH(sizes.json)}; encode ${usPerSample(cpu.varint)}`,
    ],
    [
      `record: bytes/h, deflated record bodies vs varint deltas`,
      sizes.deflate / sizes.varint,
      `${mbH(sizes.deflate)}; encode ${usPerSample(cpu.deflate)}`,
    ],
  ];
}

/** The four processes of the CPU rows, each alone against the same simulator, `rounds` times over. */
type CpuSubject = 'record' | 'polls' | 'top data layer' | 'raw reader';

export async function cpuRows(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gz-rec-bench-'));
  const runDir = `${dir}/run/`;
  const prefixes = Array.from({ length: INSTANCES }, (_, i) => `r${i}_`);
  const sim = spawn(
    process.execPath,
    [bin, 'sim', '--run-dir', runDir, ...prefixes.flatMap((p) => ['--instance', `${p}:lstack:${STACKS}`])],
    { stdio: 'ignore' },
  );
  let recBytes = 0;
  const spawnScript = (script: string) =>
    spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
  const subjects: Record<CpuSubject, () => Promise<Usage>> = {
    record: async () => {
      const out = join(dir, `rec-${Date.now()}`);
      const rec = spawn(process.execPath, [bin, 'record', '--run-dir', runDir, '--out', out], {
        stdio: 'ignore',
      });
      const usage = await measureChild(rec, SECONDS);
      recBytes = readdirSync(out).reduce((a, n) => a + statSync(join(out, n)).size, 0);
      return usage;
    },
    // The same polls with nothing encoded or written: what the data layer costs (socket draining,
    // decoding the answers), the rest of the recorder's CPU is its own.
    polls: () =>
      measureChild(
        spawnScript(`
      import { pollerSource } from ${JSON.stringify(join(root, 'dist/recorder/source.js'))};
      const src = pollerSource({ runDir: ${JSON.stringify(runDir)}, prefixes: null, timeoutMs: 2000 });
      for (let n = 0; ; n++) {
        const t0 = performance.now();
        await src.poll({ snmp: n % 10 === 0, conn: false, connTable: false });
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t0))));
      }`),
        SECONDS,
      ),
    'top data layer': () =>
      measureChild(
        spawnScript(`
      import { TopController } from ${JSON.stringify(join(root, 'dist/tui/data/controller.js'))};
      const c = new TopController({ runDir: ${JSON.stringify(runDir)}, prefixes: null, timeoutMs: 5000 }, 1000);
      await c.start(true);
      setInterval(() => undefined, 1 << 30);`),
        SECONDS,
      ),
    // The floor: the same sockets drained into one reused buffer, nothing decoded.
    'raw reader': () => measureRawReader(runDir, prefixes, SECONDS),
  };
  try {
    for (const p of prefixes) await waitFor(join(runDir, `${p}lstack_cmd.sock`));
    const got = Object.fromEntries(Object.keys(subjects).map((k) => [k, [] as Usage[]])) as Record<
      CpuSubject,
      Usage[]
    >;
    // round-robin, so that every subject sees the same spread of machine load
    for (let r = 0; r < ROUNDS; r++)
      for (const [name, measure] of Object.entries(subjects)) got[name as CpuSubject].push(await measure());
    const med = (k: CpuSubject, f: (u: Usage) => number): number => median(got[k].map(f));
    const cpu = (k: CpuSubject): number => med(k, (u) => u.cpuPercent);
    const split = (k: CpuSubject): string =>
      `${cpu(k).toFixed(2)}% (user ${med(k, (u) => u.userPercent).toFixed(2)}, sys ${med(k, (u) => u.sysPercent).toFixed(2)})`;
    const what = `${INSTANCES} x ${STACKS} stacks at 1 s, ${SECONDS} s window x ${ROUNDS}`;
    return [
      [
        `record: CPU of one core vs top's data layer (same instances)`,
        cpu('record') / cpu('top data layer'),
        `${split('record')} vs ${split('top data layer')} (${what})`,
      ],
      [
        `record: CPU of its polls alone (no encoding, no writes) vs the whole recorder`,
        cpu('polls') / cpu('record'),
        `${split('polls')} vs ${cpu('record').toFixed(2)}%: the recorder's own part ${Math.max(0, cpu('record') - cpu('polls')).toFixed(2)}%`,
      ],
      [
        `record polls vs raw reader (same sockets)`,
        cpu('polls') / cpu('raw reader'),
        `${split('polls')} vs ${split('raw reader')}; the reader's sys part is the kernel copying ~${((INSTANCES * STACKS * DFX_BYTES) / MB).toFixed(0)} MB/s, the floor of any reader that read()s it`,
      ],
      [
        `record: CPU vs raw reader (same sockets)`,
        cpu('record') / cpu('raw reader'),
        `${cpu('record').toFixed(2)}% vs ${cpu('raw reader').toFixed(2)}%`,
      ],
      [
        `record: CPU vs 1% of a core target`,
        cpu('record') / 1,
        `${cpu('record').toFixed(2)}%; wrote ${(recBytes / 1024).toFixed(0)} KB`,
      ],
    ];
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report measured as the CLI runs it: tsc's output in dist/ (npm run bench builds first). */
export async function reportRows(): Promise<Row[]> {
  const { readRecording, scanRecording } = (await import(
    join(root, 'dist/recorder/reader.js')
  )) as typeof import('../src/recorder/reader.js');
  const { summarise } = (await import(
    join(root, 'dist/recorder/report.js')
  )) as typeof import('../src/recorder/report.js');
  const { dir, bytes } = writeDayRecording('gz-rec-24h-');
  try {
    const count = DAY_SAMPLES;
    const start = DAY_START;
    // The report as the CLI runs it (the in-place scanner), against the decoding alone of the path
    // it replaced (every sample into Sample objects, rows as arrays; the fold came on top of that).
    // CPU time too: on a loaded machine wall time is mostly waiting for a core.
    const timed = (f: () => { samples: number }): { ms: number; cpu: number } => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = f();
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (r.samples !== count) throw new Error(`report saw ${r.samples} samples`);
      return { ms, cpu: (c.user + c.system) / 1000 };
    };
    const scanned: { ms: number; cpu: number }[] = [];
    const decoded: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < 3; i++) {
      scanned.push(timed(() => summarise(scanRecording(dir, () => undefined))));
      decoded.push(
        timed(() => {
          let samples = 0;
          for (const item of readRecording(dir, () => undefined, { skipSnmp: true }))
            if (item.kind === 'sample') samples++;
          return { samples };
        }),
      );
    }
    const reportMs = scanned.map((x) => x.ms);
    const cpuOf = (xs: { cpu: number }[]): number => median(xs.map((x) => x.cpu));
    const seekMs: number[] = [];
    for (let i = 0; i < 21; i++) {
      const at = start + Math.floor(((i * 7919) % 86_400) * 1000) + 500;
      const t0 = performance.now();
      const first = readRecording(dir, () => undefined, { from: at }).next();
      seekMs.push(performance.now() - t0);
      if (first.done || (first.value.kind === 'sample' && first.value.sample.t < at))
        throw new Error('seek missed');
    }
    const rep = median(reportMs);
    const seek = median(seekMs);
    return [
      [
        `report: 24 h of 8x8 stacks (${(bytes / MB).toFixed(0)} MB, ${readdirSync(dir).length} segments) vs 2 s target`,
        rep / 2000,
        `${(rep / 1000).toFixed(2)} s wall, ${(cpuOf(scanned) / 1000).toFixed(2)} s CPU`,
      ],
      [
        `report: whole report (in-place scanner) vs only decoding to Sample objects (CPU, 24 h)`,
        cpuOf(scanned) / cpuOf(decoded),
        `${(cpuOf(scanned) / 1000).toFixed(2)} s vs ${(cpuOf(decoded) / 1000).toFixed(2)} s`,
      ],
      [
        `report: seek to a random time in 24 h vs 100 ms target`,
        seek / 100,
        `${seek.toFixed(1)} ms (median of 21)`,
      ],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
