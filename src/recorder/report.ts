/**
 * `gazellectl report`: what happened, per instance and stack, over a stretch of a recording. Pure:
 * it folds the items of readRecording and prints text or JSON.
 *
 * Rates come from consecutive samples of an instance that was up in both, over the recorded times,
 * as `top` computes them live. A counter that went backwards, or a changed set of stack threads, is a
 * restart: that interval has no rate.
 */
import { label } from '../monitor/label.js';
import type { Item } from './reader.js';
import { F, type InstanceSnap, type RecordingHeader } from './sample.js';

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
  from = Infinity;
  to = -Infinity;
  samples = 0;
  upSamples = 0;
  readonly gaps: Gap[] = [];
  readonly restarts: { t: number; reason: string }[] = [];
  readonly changes: Change[] = [];
  readonly stacks: StackAcc[] = [];
  lastUp: { t: number; snap: InstanceSnap } | null = null;
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
}

const SLACK_MS = 2000;

export function summarise(items: Iterable<Item>, notes: string[] = []): Report {
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
  for (const item of items) {
    if (item.kind === 'header') {
      header = item.header;
      continue;
    }
    if (item.kind === 'event') {
      for (const a of byPrefix.values())
        a.gap(item.event.from, item.event.to, `not recorded (${item.event.reason})`);
      continue;
    }
    const { sample } = item;
    header = item.header;
    const t = sample.t;
    samples++;
    from ??= t;
    to = t;
    // No sample for much longer than the interval: the recorder was not running (or not writing).
    if (prevT !== null && t - prevT > Math.max(2.5 * header.intervalMs, header.intervalMs + SLACK_MS)) {
      for (const a of byPrefix.values())
        if (a.lastT === prevT) a.gap(prevT, t, 'no samples (recorder not running)');
    }
    prevT = t;
    header.instances.forEach((prefix, i) => foldInstance(acc(prefix), sample.instances[i], t));
  }
  return {
    from,
    to,
    samples,
    notes,
    instances: [...byPrefix.values()].map(finish),
  };
}

function foldInstance(a: InstanceAcc, snap: InstanceSnap, t: number): void {
  a.samples++;
  a.from = Math.min(a.from, t);
  a.to = Math.max(a.to, t);
  a.lastT = t;
  if (!snap.up) {
    if (!a.openGap) {
      a.openGap = { from: t, to: null, reason: `down: ${snap.error ?? 'no answer'}` };
      a.gaps.push(a.openGap);
    }
    return;
  }
  a.upSamples++;
  a.daemon = snap.daemon ?? a.daemon;
  const wasDown = a.openGap !== null;
  a.closeGap(t);
  const prev = a.lastUp;
  a.lastUp = { t, snap };
  for (let i = 0; i < snap.stacks.length; i++) {
    const row = snap.stacks[i];
    const s = (a.stacks[i] ??= new StackAcc());
    s.stack = row[F.stackId];
    s.tid = row[F.tid];
    if (row[F.connNum] < s.connMin) s.connMin = row[F.connNum];
    if (row[F.connNum] > s.connMax) s.connMax = row[F.connNum];
  }
  if (!prev) return;
  const reason = restartReason(prev.snap, snap);
  if (reason) {
    a.restarts.push({ t, reason: wasDown ? `${reason} (after being down)` : reason });
    return;
  }
  // Rates only between consecutive samples: across a down stretch there is no per-second value.
  if (wasDown) return;
  const dt = (t - prev.t) / 1000;
  if (dt <= 0) return;
  const rows = snap.stacks;
  const prevRows = prev.snap.stacks;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const p = prevRows[i];
    const s = a.stacks[i];
    s.rx.add(row[F.rx] - p[F.rx], dt, t);
    s.tx.add(row[F.tx] - p[F.tx], dt, t);
    if (row[F.rxBytes] >= 0 && p[F.rxBytes] >= 0) s.rxB.add(row[F.rxBytes] - p[F.rxBytes], dt, t);
    if (row[F.txBytes] >= 0 && p[F.txBytes] >= 0) s.txB.add(row[F.txBytes] - p[F.txBytes], dt, t);
    s.drops.add(row[F.rxDrop] - p[F.rxDrop] + row[F.txDrop] - p[F.txDrop], dt, t);
    s.alloc.add(row[F.allocFail] - p[F.allocFail], dt, t);
    if (row[F.loglevel] !== p[F.loglevel])
      a.changes.push({ t, stack: s.stack, what: 'loglevel', from: p[F.loglevel], to: row[F.loglevel] });
    if (row[F.lowPower] !== p[F.lowPower])
      a.changes.push({ t, stack: s.stack, what: 'lowPower', from: p[F.lowPower], to: row[F.lowPower] });
  }
}

const COUNTERS = [F.rx, F.tx, F.rxDrop, F.txDrop, F.allocFail, F.wakeupEvents];

function restartReason(prev: InstanceSnap, cur: InstanceSnap): string | null {
  if (prev.daemon !== cur.daemon) return `daemon changed from ${prev.daemon} to ${cur.daemon}`;
  if (prev.stacks.length !== cur.stacks.length)
    return `stack count changed from ${prev.stacks.length} to ${cur.stacks.length}`;
  for (let i = 0; i < cur.stacks.length; i++) {
    if (cur.stacks[i][F.tid] !== prev.stacks[i][F.tid])
      return `stack threads changed (tid ${prev.stacks[i][F.tid]} -> ${cur.stacks[i][F.tid]})`;
    for (const f of COUNTERS) if (cur.stacks[i][f] < prev.stacks[i][f]) return 'counters went back';
  }
  return null;
}

function finish(a: InstanceAcc): InstanceReport {
  return {
    instance: a.prefix,
    daemon: a.daemon,
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
      `instance ${label(i.instance)} (${i.daemon ?? 'never up'}): ${isoTime(i.from)} .. ${isoTime(i.to)}, ${dur(i.to - i.from)} covered, up in ${i.upSamples} of ${i.samples} samples`,
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
