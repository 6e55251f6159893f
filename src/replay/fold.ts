/**
 * Recorded samples folded, in order, into the per-instance state the live poller builds: applyShow
 * and applyFailure of the TUI with the recorded times, so rates, history and restart detection are
 * the live code's. What live never sees is marked instead: a recorder gap (no samples) and an
 * instance that is down shows no rates (its last values are not current).
 */
import type { ProfileName } from '../protocol/profiles.js';
import type { RatePoint } from '../stats/history.js';
import type { InstanceSnap, RecorderEvent, RecordingHeader, Sample } from '../recorder/sample.js';
import { NO_RATES, sumRates, type StackRates, type StackRow } from '../stats/stackRates.js';
import type { StackSample } from '../stats/stackSample.js';
import {
  applyFailure,
  applyShow,
  applySnmpValues,
  historyKey,
  newInstance,
  type InstanceData,
} from '../tui/state/instanceData.js';
import {
  connStateCounts,
  connTable,
  rateFields,
  snmpValues,
  stackSamples,
  type RateFields,
} from './convert.js';

/** A stretch with no samples: the recorder was not running, or could not write. */
export interface RecorderGap {
  from: number;
  to: number;
  reason: string;
}

/** No sample for this much longer than the interval: the recorder was not running (as `report`). */
export function gapThresholdMs(intervalMs: number): number {
  return Math.max(2.5 * intervalMs, intervalMs + 2000);
}

const PROFILES: readonly string[] = ['v1.0.2', 'v1.0.3', 'v2024.09'];

export class ReplayFold {
  private readonly instances = new Map<string, InstanceData>();
  /**
   * While folding a window in bulk: the chart points per instance and series, kept here and put in
   * place once at the end (appendPoint copies the whole series on each point: minutes of samples of
   * many stacks would copy them over and over). null: every point goes through applyShow as live.
   */
  private bulk: Map<string, { stacks: RatePoint[][]; all: RatePoint[] }> | null = null;
  /**
   * While folding in bulk, per instance: the rate fields of its stacks at the last sample it was up
   * (what applyShow compares with), that sample, and its last SNMP / connection samples. The stack
   * rows hold no StackSample until endBulk(), which builds them from the last sample only.
   */
  private prevFields = new Map<string, RateFields[]>();
  private lastUp = new Map<string, { snap: InstanceSnap; header: RecordingHeader }>();
  private snmpAt = new Map<string, { snap: InstanceSnap; header: RecordingHeader; t: number }[]>();
  private connAt = new Map<string, { snap: InstanceSnap; t: number }>();
  private statesAt = new Map<string, { snap: InstanceSnap; t: number }>();
  private lastT: number | null = null;
  private pendingEvents: RecorderEvent[] = [];
  /** The newest recorder gap that ended at or before the last sample. */
  lastGap: RecorderGap | null = null;
  header: RecordingHeader | null = null;

  constructor(readonly historyMs: number) {}

  /** Fold what follows with the chart points collected aside, until endBulk(). */
  startBulk(): void {
    this.bulk = new Map();
  }

  /** The collected chart points, cut to the history window as appendPoint cuts them. */
  endBulk(): void {
    const bulk = this.bulk;
    this.bulk = null;
    if (!bulk) return;
    for (const [prefix, inst] of this.instances) {
      let out = inst;
      const up = this.lastUp.get(prefix);
      if (up && out.rows.length > 0) {
        const samples = stackSamples(up.snap, up.header);
        out = { ...out, rows: out.rows.map((r, i) => ({ ...r, sample: samples[i] })) };
      }
      // SNMP rates need only the last two SNMP samples (a window starts with none before it)
      for (const { snap, header, t } of this.snmpAt.get(prefix) ?? [])
        out = applySnmpValues(out, snmpValues(snap, header)!, t);
      const conn = this.connAt.get(prefix);
      if (conn) out = { ...out, conns: { ...connTable(conn.snap)!, at: conn.t } };
      const states = this.statesAt.get(prefix);
      if (states) out = { ...out, connStates: { counts: connStateCounts(states.snap)!, at: states.t } };
      this.instances.set(prefix, out);
    }
    this.prevFields.clear();
    this.lastUp.clear();
    this.snmpAt.clear();
    this.connAt.clear();
    this.statesAt.clear();
    const cut = (points: RatePoint[]): RatePoint[] => {
      const cutoff = points[points.length - 1].at - this.historyMs;
      return points.filter((p) => p.at >= cutoff);
    };
    for (const [prefix, series] of bulk) {
      const inst = this.instances.get(prefix);
      if (!inst) continue;
      const history: Record<string, RatePoint[]> = {};
      series.stacks.forEach((points, i) => (history[historyKey(i)] = cut(points)));
      history[historyKey('all')] = cut(series.all);
      this.instances.set(prefix, { ...inst, history });
    }
  }

  get t(): number | null {
    return this.lastT;
  }

  event(e: RecorderEvent): void {
    this.pendingEvents.push(e);
  }

  apply(sample: Sample, header: RecordingHeader): void {
    const { t } = sample;
    this.header = header;
    const profile = PROFILES.includes(header.profile) ? (header.profile as ProfileName) : null;
    const gap = this.gapBefore(t, header.intervalMs);
    if (gap) {
      this.lastGap = gap;
      // Nothing is known about the stretch: no rate across it, as after a fresh start.
      for (const [p, inst] of this.instances) this.instances.set(p, forget(inst));
    }
    const present = new Set<string>();
    header.instances.forEach((prefix, i) => {
      const snap = sample.instances[i];
      if (!snap) return;
      present.add(prefix);
      let inst = this.instances.get(prefix) ?? newInstance(prefix);
      if (!snap.up || !snap.daemon) {
        inst = withoutRates(applyFailure(inst, snap.error ?? 'down', t));
      } else if (this.bulk) {
        inst = this.showBulk(prefix, inst, snap, header, t, profile);
      } else {
        inst = applyShow(inst, snap.daemon, stackSamples(snap, header), t, this.historyMs, profile);
        const snmp = snmpValues(snap, header);
        if (snmp) inst = applySnmpValues(inst, snmp, t);
        const table = connTable(snap);
        if (table) inst = { ...inst, conns: { ...table, at: t } };
        const counts = connStateCounts(snap);
        if (counts) inst = { ...inst, connStates: { counts, at: t } };
      }
      this.instances.set(prefix, inst);
    });
    // An instance of an earlier part of the recording that this sample does not list: its socket was
    // gone when the recorder looked.
    for (const [p, inst] of this.instances)
      if (!present.has(p) && inst.status !== 'down')
        this.instances.set(
          p,
          withoutRates(applyFailure(inst, 'not in the recording (no control socket)', t)),
        );
    this.lastT = t;
  }

  /** The instances in prefix order, as the live controller lists them. */
  snapshot(): InstanceData[] {
    return [...this.instances.keys()].sort().map((p) => this.instances.get(p)!);
  }

  /**
   * applyShow on numbers, for a sample inside the window: the same rates (exact while counters stay
   * below 2^53, as the recording keeps them), resets and chart points, without a StackSample or a
   * history copy per sample. Its rows get their samples in endBulk().
   */
  private showBulk(
    prefix: string,
    inst: InstanceData,
    snap: InstanceSnap,
    header: RecordingHeader,
    t: number,
    profile: ProfileName | null,
  ): InstanceData {
    const seconds = inst.lastOkAt === null ? 0 : (t - inst.lastOkAt) / 1000;
    const cur = rateFields(snap, header);
    const prevRows = inst.rows;
    const prev = this.prevFields.get(prefix);
    const rows: StackRow[] = cur.map((c, i) => {
      const p = i < prevRows.length ? prev?.[i] : undefined;
      if (!p) return { sample: NO_SAMPLE, rates: NO_RATES, reset: false };
      const reset =
        p.tid !== c.tid || c.rx < p.rx || c.tx < p.tx || c.rxDrop < p.rxDrop || c.txDrop < p.txDrop;
      if (reset) return { sample: NO_SAMPLE, rates: NO_RATES, reset: true };
      const rxDrop = rate(p.rxDrop, c.rxDrop, seconds);
      const txDrop = rate(p.txDrop, c.txDrop, seconds);
      const rates: StackRates = {
        rxPps: rate(p.rx, c.rx, seconds),
        txPps: rate(p.tx, c.tx, seconds),
        rxBps:
          p.rxBytes === undefined || c.rxBytes === undefined ? null : rate(p.rxBytes, c.rxBytes, seconds),
        txBps:
          p.txBytes === undefined || c.txBytes === undefined ? null : rate(p.txBytes, c.txBytes, seconds),
        dropPs: rxDrop === null || txDrop === null ? null : rxDrop + txDrop,
      };
      return { sample: NO_SAMPLE, rates, reset: false };
    });
    this.prevFields.set(prefix, cur);
    this.lastUp.set(prefix, { snap, header });
    const aggregate = sumOf(rows);
    const reset = rows.some((r) => r.reset) || (prevRows.length > 0 && prevRows.length !== rows.length);
    if (aggregate.rxPps !== null) {
      let series = this.bulk!.get(prefix);
      if (!series) this.bulk!.set(prefix, (series = { stacks: [], all: [] }));
      // as applyShow: the chart keeps the series of the stacks of this sample only
      if (series.stacks.length > rows.length) series.stacks.length = rows.length;
      for (let i = 0; i < rows.length; i++) (series.stacks[i] ??= []).push(point(t, rows[i].rates));
      series.all.push(point(t, aggregate));
    }
    if (snap.snmp) {
      const list = this.snmpAt.get(prefix) ?? [];
      list.push({ snap, header, t });
      if (list.length > 2) list.shift();
      this.snmpAt.set(prefix, list);
    }
    if (snap.connTable) this.connAt.set(prefix, { snap, t });
    if (snap.connStates) this.statesAt.set(prefix, { snap, t });
    return {
      ...inst,
      daemon: snap.daemon!,
      profile,
      status: 'ok',
      gone: false,
      error: null,
      lastOkAt: t,
      resetAt: reset ? t : inst.resetAt,
      rows,
      aggregate,
    };
  }

  private gapBefore(t: number, intervalMs: number): RecorderGap | null {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    const recorded = events.find((e) => e.kind === 'not-recorded');
    if (recorded) return { from: recorded.from, to: recorded.to, reason: `not recorded: ${recorded.reason}` };
    if (this.lastT !== null && t - this.lastT > gapThresholdMs(intervalMs))
      return { from: this.lastT, to: t, reason: 'no samples (recorder not running)' };
    return null;
  }
}

function withoutRates(inst: InstanceData): InstanceData {
  return {
    ...inst,
    rows: inst.rows.map((r) => ({ ...r, rates: NO_RATES, reset: false })),
    aggregate: sumRates([]),
  };
}

function forget(inst: InstanceData): InstanceData {
  return { ...withoutRates(inst), rows: [], lastOkAt: null };
}

/** A row's sample while folding in bulk: replaced by the real one in endBulk(). */
const NO_SAMPLE = {} as StackSample;

/** sumRates of the rows' rates: the known ones added in row order from 0, null when none is known. */
function sumOf(rows: readonly StackRow[]): StackRates {
  let rxPps: number | null = null;
  let txPps: number | null = null;
  let rxBps: number | null = null;
  let txBps: number | null = null;
  let dropPs: number | null = null;
  for (const { rates: r } of rows) {
    if (r.rxPps !== null) rxPps = (rxPps ?? 0) + r.rxPps;
    if (r.txPps !== null) txPps = (txPps ?? 0) + r.txPps;
    if (r.rxBps !== null) rxBps = (rxBps ?? 0) + r.rxBps;
    if (r.txBps !== null) txBps = (txBps ?? 0) + r.txBps;
    if (r.dropPs !== null) dropPs = (dropPs ?? 0) + r.dropPs;
  }
  return { rxPps, txPps, rxBps, txBps, dropPs };
}

/** counters.rate on numbers. */
function rate(prev: number, cur: number, seconds: number): number | null {
  if (seconds <= 0 || cur < prev) return null;
  return (cur - prev) / seconds;
}

const point = (at: number, r: StackRates): RatePoint => ({
  at,
  rxPps: r.rxPps ?? 0,
  txPps: r.txPps ?? 0,
  dropPs: r.dropPs ?? 0,
});
