/** Synthetic samples for the recorder's tests and bench: counters that grow like a busy stack's. */
import {
  PORT_FIELDS,
  STACK_FIELDS,
  type InstanceSnap,
  type RecordingHeader,
  type Sample,
} from '../../src/recorder/sample.js';
import { RecordingWriter, type WriterOptions } from '../../src/recorder/writer.js';

export const SNMP_FIELDS = Array.from({ length: 40 }, (_, i) => `snmp_${i}`);

export function header(instances: string[], over: Partial<RecordingHeader> = {}): RecordingHeader {
  return {
    format: 'gazellectl-recording',
    formatVersion: 1,
    tool: '0.0.0-test',
    profile: 'v1.0.3',
    arch: 'x86_64',
    runDir: '/tmp/x/',
    instances,
    intervalMs: 1000,
    snmpEvery: 10,
    connEvery: 0,
    stackFields: STACK_FIELDS,
    snmpFields: SNMP_FIELDS,
    portFields: PORT_FIELDS,
    started: 0,
    ...over,
  };
}

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples of `instances` x `stacks` at 1 s, SNMP every `snmpEvery`, lstack mode (no bytes). */
export function* synthetic(opts: {
  instances: number;
  stacks: number;
  count: number;
  start?: number;
  snmpEvery?: number;
  pps?: number;
  seed?: number;
}): Generator<Sample> {
  const r = rng(opts.seed ?? 1);
  const pps = opts.pps ?? 10_000;
  const state = Array.from({ length: opts.instances }, (_, i) =>
    Array.from({ length: opts.stacks }, (_, s) => {
      const row = STACK_FIELDS.map(() => 0);
      row[0] = 4_190_000 + i * 100 + s;
      row[1] = s;
      row[6] = -1;
      row[7] = -1;
      row[10] = 60_000;
      row[12] = 7;
      return { row, snmp: SNMP_FIELDS.map(() => 0) };
    }),
  );
  for (let n = 0; n < opts.count; n++) {
    const t = (opts.start ?? 1_795_000_000_000) + n * 1000;
    const instances: InstanceSnap[] = state.map((stacks) => {
      const snap: InstanceSnap = { up: true, daemon: 'lstack', stacks: [] };
      const withSnmp = opts.snmpEvery !== undefined && n % opts.snmpEvery === 0;
      if (withSnmp) snap.snmp = [];
      for (const s of stacks) {
        const rx = Math.floor(pps * (0.5 + r()));
        const tx = Math.floor(rx * (0.85 + 0.3 * r()));
        const row = s.row;
        row[2] += rx;
        row[3] += tx;
        row[4] += Math.floor(rx * 0.0005 * r() * 2);
        row[5] += Math.floor(tx * 0.00025 * r() * 2);
        row[8] += r() < 0.02 ? 1 : 0;
        row[9] = 10 + Math.floor(r() * 40);
        row[10] = 65_536 - Math.floor(rx / 4) - Math.floor(r() * 512);
        row[11] += Math.floor(rx * 0.6);
        snap.stacks.push([...row]);
        if (withSnmp) {
          s.snmp = s.snmp.map((v, k) => v + Math.floor(rx * (k % 5 === 0 ? 0.9 : 0.001 * r())));
          snap.snmp!.push([...s.snmp]);
        }
      }
      return snap;
    });
    yield { t, instances };
  }
}

/** OpenMetrics to the classic text format promtool check metrics parses. */
export function classicText(om: string): string {
  const counters = new Set<string>();
  return om
    .split('\n')
    .filter((l) => l !== '# EOF')
    .map((l) => {
      const type = /^# TYPE (\S+) counter$/.exec(l);
      if (type) {
        counters.add(type[1]);
        return `# TYPE ${type[1]}_total counter`;
      }
      const help = /^# HELP (\S+) (.*)$/.exec(l);
      if (help && counters.has(help[1])) return `# HELP ${help[1]}_total ${help[2]}`;
      return l.replace(/ (\d+)\.(\d{3})$/, ' $1$2');
    })
    .join('\n');
}

/** A test writer: no deflate, no fsync, a key sample every 10, nothing retired by age, unless told. */
export const writerIn = (dir: string, o: Partial<WriterOptions> = {}): RecordingWriter =>
  new RecordingWriter({
    dir,
    maxSize: 1 << 30,
    retainMs: Infinity,
    keyEvery: 10,
    deflate: false,
    log: () => undefined,
    sync: false,
    ...o,
  });
