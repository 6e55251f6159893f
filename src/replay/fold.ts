/**
 * Recorded samples folded, in order, into the per-instance state the live poller builds: applyShow
 * and applyFailure of the TUI with the recorded times, so rates, history and restart detection are
 * the live code's. What live never sees is marked instead: a recorder gap (no samples) and an
 * instance that is down shows no rates (its last values are not current).
 */
import type { ProfileName } from '../protocol/profiles.js';
import type { RatePoint } from '../stats/history.js';
import type { RecorderEvent, RecordingHeader, Sample } from '../recorder/sample.js';
import { NO_RATES, sumRates } from '../stats/stackRates.js';
import {
  applyFailure,
  applyShow,
  applySnmpValues,
  newInstance,
  type InstanceData,
} from '../tui/state/instanceData.js';
import { connStateCounts, connTable, snmpValues, stackSamples } from './convert.js';

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
  private bulk: Map<string, Record<string, RatePoint[]>> | null = null;
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
    for (const [prefix, series] of bulk) {
      const inst = this.instances.get(prefix);
      if (!inst) continue;
      const history: Record<string, RatePoint[]> = {};
      for (const [key, points] of Object.entries(series)) {
        const cutoff = points[points.length - 1].at - this.historyMs;
        history[key] = points.filter((p) => p.at >= cutoff);
      }
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
      } else {
        inst = applyShow(
          inst,
          snap.daemon,
          stackSamples(snap, header),
          t,
          this.bulk ? 0 : this.historyMs,
          profile,
        );
        if (this.bulk) this.collect(prefix, inst, t);
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

  private collect(prefix: string, inst: InstanceData, t: number): void {
    let series = this.bulk!.get(prefix);
    if (!series) this.bulk!.set(prefix, (series = {}));
    for (const [key, points] of Object.entries(inst.history)) {
      const last = points[points.length - 1];
      if (last?.at === t) (series[key] ??= []).push(last);
    }
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
