/**
 * `gazellectl report`: what happened, per instance and stack, over a stretch of a recording. Pure:
 * it folds the items of readRecording and prints text or JSON.
 *
 * Rates come from consecutive samples of an instance that was up in both, over the recorded times,
 * as `top` computes them live. A counter that went backwards, or a changed set of stack threads, is a
 * restart: that interval has no rate.
 */
import { label } from '../monitor/label.js';
import type { Item, ScanItem } from './reader.js';
import { F, exactOf, type RecorderEvent, type RecordingHeader, type Sample } from './sample.js';

export interface Peak {
  /** Per second, over the whole covered time with rates. */
  mean: number;
  peak: number;
  peakAt: number | null;
}
export interface Worst {
  total: number;
  /** Highest per-second rate over one sample interval, and when that interval ended. */
  worst: number;
  worstAt: number | null;
}
export interface StackReport {
  stack: number;
  tid: number;
  rxPps: Peak;
  txPps: Peak;
  /** Only where the era reports running byte counters (ltran mode). */
  rxBytesPerSecond: Peak | null;
  txBytesPerSecond: Peak | null;
  drops: Worst;
  allocFailures: Worst;
  connections: { min: number; max: number };
}
export interface Gap {
  from: number;
  to: number | null;
  reason: string;
}
export interface Change {
  t: number;
  stack: number;
  what: 'loglevel' | 'lowPower';
  from: number;
  to: number;
}
export interface InstanceReport {
  instance: string;
  daemon: string | null;
  /** The era (profile) it was last read in; null in recordings that kept one era for all. */
  era: string | null;
  from: number;
  to: number;
  samples: number;
  upSamples: number;
  gaps: Gap[];
  restarts: { t: number; reason: string }[];
  changes: Change[];
  stacks: StackReport[];
}
export interface Report {
  from: number | null;
  to: number | null;
  samples: number;
  instances: InstanceReport[];
  notes: string[];
}

class Meter {
  total = 0;
  seconds = 0;
  peak = 0;
  peakAt: number | null = null;
  add(delta: number, dt: number, t: number): void {
    this.total += delta;
    this.seconds += dt;
    const r = delta / dt;
    if (this.peakAt === null || r > this.peak) {
      this.peak = r;
      this.peakAt = t;
    }
  }
  asPeak(): Peak {
    return { mean: this.seconds > 0 ? this.total / this.seconds : 0, peak: this.peak, peakAt: this.peakAt };
  }
  asWorst(): Worst {
    return { total: this.total, worst: this.peak, worstAt: this.peakAt };
  }
}

class StackAcc {
  tid = 0;
  stack = 0;
  readonly rx = new Meter();
  readonly tx = new Meter();
  readonly rxB = new Meter();
  readonly txB = new Meter();
  readonly drops = new Meter();
  readonly alloc = new Meter();
  connMin = Infinity;
  connMax = -Infinity;
}

class InstanceAcc {
  daemon: string | null = null;
  era: string | null = null;
  from = Infinity;
  to = -Infinity;
  samples = 0;
  upSamples = 0;
  readonly gaps: Gap[] = [];
  readonly restarts: { t: number; reason: string }[] = [];
  readonly changes: Change[] = [];
  readonly stacks: StackAcc[] = [];
  /** The last sample the instance was up in: its time, daemon and stack rows (copied). */
  lastUpT: number | null = null;
  prevDaemon: string | undefined;
  prevCount = 0;
  prevRows = new Float64Array(0);
  prevWide: Record<number, bigint> | undefined;
  lastT: number | null = null;
  openGap: Gap | null = null;

  constructor(readonly prefix: string) {}

  closeGap(t: number): void {
    if (this.openGap) this.openGap.to = t;
    this.openGap = null;
  }

  gap(from: number, to: number | null, reason: string): void {
    this.gaps.push({ from, to, reason });
  }

  keep(
    t: number,
    daemon: string | undefined,
    count: number,
    rows: Float64Array,
    wide: Record<number, bigint> | undefined,
  ): void {
    this.lastUpT = t;
    this.prevWide = wide;
    this.prevDaemon = daemon;
    this.prevCount = count;
    if (this.prevRows.length !== rows.length) this.prevRows = new Float64Array(rows.length);
    this.prevRows.set(rows);
  }
}

/**
 * What the fold reads of one sample: a StackScanner (the CLI's path, decoded in place), or a Sample
 * laid out like one. Per instance: status (0 down), stack count and rows (count x width, flat).
 */
export interface SampleView {
  readonly t: number;
  readonly width: number;
  readonly status: ArrayLike<number>;
  readonly counts: ArrayLike<number>;
  readonly rows: readonly Float64Array[];
  readonly errors: readonly (string | undefined)[];
  /** Per instance: stack cells beyond 2^53 (InstanceSnap.wide). */
  readonly wide: readonly (Record<number, bigint> | undefined)[];
}

const DAEMONS = [undefined, 'lstack', 'ltran'] as const;

export function viewOf(sample: Sample, header: RecordingHeader): SampleView {
  const width = header.stackFields.length;
  return {
    t: sample.t,
    width,
    status: sample.instances.map((s) => (!s.up ? 0 : s.daemon === 'ltran' ? 2 : 1)),
    counts: sample.instances.map((s) => s.stacks.length),
    rows: sample.instances.map((s) => {
      const rows = new Float64Array(s.stacks.length * width);
      s.stacks.forEach((r, k) => rows.set(r.slice(0, width), k * width));
      return rows;
    }),
    errors: sample.instances.map((s) => s.error),
    wide: sample.instances.map((s) => s.wide),
  };
}

const SLACK_MS = 2000;

type Folded =
  | { kind: 'header'; header: RecordingHeader }
  | { kind: 'sample'; sample: Sample | SampleView; header: RecordingHeader }
  | { kind: 'event'; event: RecorderEvent };

/** The report over the items of readRecording, or (faster) of scanRecording. */
export function summarise(items: Iterable<Item> | Iterable<ScanItem>, notes: string[] = []): Report {
  const byPrefix = new Map<string, InstanceAcc>();
  let from: number | null = null;
  let to: number | null = null;
  let samples = 0;
  let prevT: number | null = null;
  let header: RecordingHeader | null = null;
  const acc = (p: string): InstanceAcc => {
    let a = byPrefix.get(p);
    if (!a) byPrefix.set(p, (a = new InstanceAcc(p)));
    return a;
  };
  for (const item of items as Iterable<Folded>) {
    if (item.kind === 'header') {
      header = item.header;
      continue;
    }
    if (item.kind === 'event') {
      for (const a of byPrefix.values())
        a.gap(item.event.from, item.event.to, `not recorded (${item.event.reason})`);
      continue;
    }
    header = item.header;
    const view = 'instances' in item.sample ? viewOf(item.sample, header) : item.sample;
    const t = view.t;
    samples++;
    from ??= t;
    to = t;
    // No sample for much longer than the interval: the recorder was not running (or not writing).
    if (prevT !== null && t - prevT > Math.max(2.5 * header.intervalMs, header.intervalMs + SLACK_MS)) {
      for (const a of byPrefix.values())
        if (a.lastT === prevT) a.gap(prevT, t, 'no samples (recorder not running)');
    }
    prevT = t;
    const prefixes = header.instances;
    for (let i = 0; i < prefixes.length; i++) {
      const a = acc(prefixes[i]);
      a.era = header.eras?.[i] ?? a.era;
      foldInstance(a, view, i, t);
    }
  }
  return {
    from,
    to,
    samples,
    notes,
    instances: [...byPrefix.values()].map(finish),
  };
}

function foldInstance(a: InstanceAcc, v: SampleView, i: number, t: number): void {
  a.samples++;
  a.from = Math.min(a.from, t);
  a.to = Math.max(a.to, t);
  a.lastT = t;
  const daemon = DAEMONS[v.status[i]];
  if (daemon === undefined) {
    if (!a.openGap) {
      a.openGap = { from: t, to: null, reason: `down: ${v.errors[i] ?? 'no answer'}` };
      a.gaps.push(a.openGap);
    }
    return;
  }
  a.upSamples++;
  a.daemon = daemon;
  const wasDown = a.openGap !== null;
  a.closeGap(t);
  const rows = v.rows[i];
  const count = v.counts[i];
  const W = v.width;
  for (let s = 0, at = 0; s < count; s++, at += W) {
    const acc = (a.stacks[s] ??= new StackAcc());
    acc.stack = rows[at + F.stackId];
    acc.tid = rows[at + F.tid];
    const conn = rows[at + F.connNum];
    if (conn < acc.connMin) acc.connMin = conn;
    if (conn > acc.connMax) acc.connMax = conn;
  }
  const wide = v.wide[i];
  if (a.lastUpT !== null) foldRates(a, { daemon, rows, wide, count, W }, t, wasDown);
  a.keep(t, daemon, count, rows, wide);
}

/** One instance's sample while it was up: `count` stacks of `W` cells each in `rows`. */
interface UpSample {
  readonly daemon: string;
  readonly rows: Float64Array;
  /** Cells beyond 2^53, exactly. */
  readonly wide: Record<number, bigint> | undefined;
  readonly count: number;
  readonly W: number;
}

/** Rates and changes against the instance's last up sample (a.prev*). */
function foldRates(a: InstanceAcc, up: UpSample, t: number, wasDown: boolean): void {
  const { rows, wide, count, W } = up;
  const reason = restartReason(a, up);
  if (reason) {
    a.restarts.push({ t, reason: wasDown ? `${reason} (after being down)` : reason });
    return;
  }
  // Rates only between consecutive samples: across a down stretch there is no per-second value.
  if (wasDown) return;
  const dt = (t - a.lastUpT!) / 1000;
  if (dt <= 0) return;
  const p = a.prevRows;
  const pw = a.prevWide;
  for (let i = 0, at = 0; i < count; i++, at += W) {
    const s = a.stacks[i];
    s.rx.add(delta(rows, wide, p, pw, at + F.rx), dt, t);
    s.tx.add(delta(rows, wide, p, pw, at + F.tx), dt, t);
    if (rows[at + F.rxBytes] >= 0 && p[at + F.rxBytes] >= 0)
      s.rxB.add(delta(rows, wide, p, pw, at + F.rxBytes), dt, t);
    if (rows[at + F.txBytes] >= 0 && p[at + F.txBytes] >= 0)
      s.txB.add(delta(rows, wide, p, pw, at + F.txBytes), dt, t);
    s.drops.add(delta(rows, wide, p, pw, at + F.rxDrop) + delta(rows, wide, p, pw, at + F.txDrop), dt, t);
    s.alloc.add(delta(rows, wide, p, pw, at + F.allocFail), dt, t);
    const ll = at + F.loglevel;
    if (rows[ll] !== p[ll])
      a.changes.push({ t, stack: s.stack, what: 'loglevel', from: p[ll], to: rows[ll] });
    const lp = at + F.lowPower;
    if (rows[lp] !== p[lp])
      a.changes.push({ t, stack: s.stack, what: 'lowPower', from: p[lp], to: rows[lp] });
  }
}

/** cur - prev of one cell, exactly also where either is beyond 2^53 (held in `wide`). */
function delta(
  rows: Float64Array,
  wide: Record<number, bigint> | undefined,
  p: Float64Array,
  pw: Record<number, bigint> | undefined,
  k: number,
): number {
  if (wide === undefined && pw === undefined) return rows[k] - p[k];
  if (wide?.[k] === undefined && pw?.[k] === undefined) return rows[k] - p[k];
  return Number(exactOf(rows, k, wide) - exactOf(p, k, pw));
}

const COUNTERS = [F.rx, F.tx, F.rxDrop, F.txDrop, F.allocFail, F.wakeupEvents];

function restartReason(a: InstanceAcc, up: UpSample): string | null {
  const { daemon, rows, wide, count, W } = up;
  if (a.prevDaemon !== daemon) return `daemon changed from ${a.prevDaemon} to ${daemon}`;
  if (a.prevCount !== count) return `stack count changed from ${a.prevCount} to ${count}`;
  const p = a.prevRows;
  for (let i = 0, at = 0; i < count; i++, at += W) {
    if (rows[at + F.tid] !== p[at + F.tid])
      return `stack threads changed (tid ${p[at + F.tid]} -> ${rows[at + F.tid]})`;
    for (let c = 0; c < COUNTERS.length; c++)
      if (delta(rows, wide, p, a.prevWide, at + COUNTERS[c]) < 0) return 'counters went back';
  }
  return null;
}

function finish(a: InstanceAcc): InstanceReport {
  return {
    instance: a.prefix,
    daemon: a.daemon,
    era: a.era,
    from: a.from,
    to: a.to,
    samples: a.samples,
    upSamples: a.upSamples,
    gaps: a.gaps,
    restarts: a.restarts,
    changes: a.changes,
    stacks: a.stacks.map((s) => ({
      stack: s.stack,
      tid: s.tid,
      rxPps: s.rx.asPeak(),
      txPps: s.tx.asPeak(),
      rxBytesPerSecond: s.rxB.seconds > 0 ? s.rxB.asPeak() : null,
      txBytesPerSecond: s.txB.seconds > 0 ? s.txB.asPeak() : null,
      drops: s.drops.asWorst(),
      allocFailures: s.alloc.asWorst(),
      connections: {
        min: Number.isFinite(s.connMin) ? s.connMin : 0,
        max: Number.isFinite(s.connMax) ? s.connMax : 0,
      },
    })),
  };
}

export const isoTime = (ms: number | null): string =>
  ms === null
    ? '-'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');

const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');
const dur = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
};

export function formatReport(r: Report): string {
  const out: string[] = [];
  out.push(
    `recording ${isoTime(r.from)} .. ${isoTime(r.to)} (${dur((r.to ?? 0) - (r.from ?? 0))}, ${r.samples} samples)`,
  );
  for (const n of r.notes) out.push(`note: ${n}`);
  for (const i of r.instances) {
    out.push('');
    out.push(
      `instance ${label(i.instance)} (${i.daemon ?? 'never up'}${i.era ? `, ${i.era}` : ''}): ${isoTime(i.from)} .. ${isoTime(i.to)}, ${dur(i.to - i.from)} covered, up in ${i.upSamples} of ${i.samples} samples`,
    );
    for (const g of i.gaps)
      out.push(
        `  gap     ${isoTime(g.from)} .. ${isoTime(g.to)}${g.to !== null ? ` (${dur(g.to - g.from)})` : ' (to the end)'}: ${g.reason}`,
      );
    for (const x of i.restarts) out.push(`  restart ${isoTime(x.t)}: ${x.reason}`);
    for (const c of i.changes)
      out.push(`  change  ${isoTime(c.t)}: stack ${c.stack} ${c.what} ${c.from} -> ${c.to}`);
    for (const s of i.stacks) {
      const bytes = (p: Peak | null): string => (p ? `${f0(p.mean)}/${f0(p.peak)} B/s` : 'n/a');
      out.push(`  stack ${s.stack} (tid ${s.tid})`);
      out.push(
        `    rx pps  mean ${f0(s.rxPps.mean)}  peak ${f0(s.rxPps.peak)} at ${isoTime(s.rxPps.peakAt)}`,
      );
      out.push(
        `    tx pps  mean ${f0(s.txPps.mean)}  peak ${f0(s.txPps.peak)} at ${isoTime(s.txPps.peakAt)}`,
      );
      out.push(`    bytes   rx ${bytes(s.rxBytesPerSecond)}  tx ${bytes(s.txBytesPerSecond)} (mean/peak)`);
      out.push(
        `    drops   ${f0(s.drops.total)} total, worst ${f0(s.drops.worst)}/s at ${isoTime(s.drops.worstAt)}`,
      );
      out.push(
        `    alloc failures ${f0(s.allocFailures.total)} total, worst ${f0(s.allocFailures.worst)}/s at ${isoTime(s.allocFailures.worstAt)}`,
      );
      out.push(`    connections ${s.connections.min}..${s.connections.max}`);
    }
  }
  return `${out.join('\n')}\n`;
}
