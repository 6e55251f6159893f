/**
 * What `top` knows about one instance, and the pure transitions the poller applies to it.
 * Time is passed in (ms), never read here, so tests can replay any sequence of samples.
 */
import type { Daemon } from '../../model/daemon.js';
import type { Decoded } from '../../protocol/codec.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { appendPoint, type RatePoint } from '../../stats/history.js';
import { connList, type ConnList } from '../../stats/connections.js';
import { latencyTable, type LatencyStage } from '../../stats/latency.js';
import { offloadRows, xstatRows, type OffloadRow, type XstatRow } from '../../stats/nic.js';
import { snmpRows, sumSnmp, type SnmpRow } from '../../stats/snmp.js';
import type { StackSample } from '../../stats/stackSample.js';
import { stackRow, sumRates, type StackRates, type StackRow } from '../../stats/stackRates.js';
import type { ThreadCpu } from '../../monitor/threadCpu.js';
import type { InstanceDpdk } from '../../monitor/instanceDpdk.js';

export type LinkStatus = 'connecting' | 'ok' | 'down';

export interface LatencyState {
  /** 'unchanged': the daemon answered its previous table, so nothing new was measured. */
  status: 'running' | 'done' | 'unchanged' | 'failed';
  seconds: number;
  startedAt: number;
  stages: LatencyStage[];
  error: string | null;
}

export interface InstanceData {
  prefix: string;
  daemon: Daemon | null;
  /** The era it was last read in (detected per instance, or --profile). */
  profile: ProfileName | null;
  status: LinkStatus;
  /** Its socket refuses connections or has vanished: the daemon is gone (a stale socket file). */
  gone: boolean;
  error: string | null;
  /** When the last poll succeeded / when the instance last failed (ms). */
  lastOkAt: number | null;
  failedAt: number | null;
  /** When a counter reset (daemon restart) was last seen. */
  resetAt: number | null;
  /**
   * The user resumed after a pause here (ms): a sample from before it is no baseline for a rate,
   * which would otherwise be the paused gap's average shown as the last interval's.
   */
  ratesFrom?: number;
  rows: StackRow[];
  aggregate: StackRates;
  /** Rate history per stack index, and 'all' for the instance aggregate. */
  history: Record<string, RatePoint[]>;
  snmp: { values: Map<string, number>; rows: SnmpRow[]; at: number } | null;
  conns: (ConnList & { at: number }) | null;
  /** Replay of a recording with connection counts but no table: connections per TCP state. */
  connStates?: { counts: Record<string, number>; at: number };
  nic: { xstats: XstatRow[]; offloads: OffloadRow[]; at: number } | null;
  latency: LatencyState | null;
  /** Core, state and CPU% of each stack thread by TID (/proc); absent until read. */
  threads?: ReadonlyMap<number, ThreadCpu>;
  /** Its DPDK group(s), read while the threads view shows it. */
  dpdk?: InstanceDpdk;
}

export function newInstance(prefix: string): InstanceData {
  return {
    prefix,
    daemon: null,
    profile: null,
    status: 'connecting',
    gone: false,
    error: null,
    lastOkAt: null,
    failedAt: null,
    resetAt: null,
    rows: [],
    aggregate: sumRates([]),
    history: {},
    snmp: null,
    conns: null,
    nic: null,
    latency: null,
  };
}

export const historyKey = (stackIndex: number | 'all'): string => String(stackIndex);

const point = (at: number, r: StackRates): RatePoint => ({
  at,
  rxPps: r.rxPps ?? 0,
  txPps: r.txPps ?? 0,
  dropPs: r.dropPs ?? 0,
});

/** A successful LSTACK_SHOW round: rates against the previous round, history, reset detection. */
export function applyShow(
  inst: InstanceData,
  daemon: Daemon,
  samples: readonly StackSample[],
  at: number,
  historyMs: number,
  profile: ProfileName | null = inst.profile,
): InstanceData {
  const before =
    inst.lastOkAt === null || inst.lastOkAt < (inst.ratesFrom ?? -Infinity) ? null : inst.lastOkAt;
  const seconds = before === null ? 0 : (at - before) / 1000;
  // Compared even across a failed poll: that is how a restarted daemon is recognised (tid, counters).
  const prev = inst.rows;
  const rows = samples.map((s, i) => stackRow(prev[i]?.sample, s, seconds));
  const aggregate = sumRates(rows.map((r) => r.rates));
  const reset = rows.some((r) => r.reset) || (prev.length > 0 && prev.length !== rows.length);
  const history: Record<string, RatePoint[]> = {};
  if (rows.some((r) => r.rates.rxPps !== null)) {
    rows.forEach((r, i) => {
      const key = historyKey(i);
      history[key] = appendPoint(inst.history[key] ?? [], point(at, r.rates), historyMs);
    });
    history[historyKey('all')] = appendPoint(
      inst.history[historyKey('all')] ?? [],
      point(at, aggregate),
      historyMs,
    );
  } else {
    Object.assign(history, inst.history);
  }
  return {
    ...inst,
    daemon,
    profile,
    status: 'ok',
    gone: false,
    error: null,
    lastOkAt: at,
    resetAt: reset ? at : inst.resetAt,
    rows,
    aggregate,
    history,
  };
}

/** The user resumed polling at `at`: rates start over from the next samples. */
export function applyResume(inst: InstanceData, at: number): InstanceData {
  return { ...inst, ratesFrom: at };
}

export function applyFailure(inst: InstanceData, error: string, at: number, gone = false): InstanceData {
  return { ...inst, status: 'down', error, failedAt: at, gone };
}

export function applySnmp(inst: InstanceData, answers: readonly Decoded[], at: number): InstanceData {
  return applySnmpValues(inst, sumSnmp(answers), at);
}

/** SNMP sums already added up over the stacks (live: sumSnmp of the answers; replay: the recording). */
export function applySnmpValues(inst: InstanceData, values: Map<string, number>, at: number): InstanceData {
  const prev = inst.snmp && inst.snmp.at >= (inst.ratesFrom ?? -Infinity) ? inst.snmp : null;
  const seconds = prev ? (at - prev.at) / 1000 : 0;
  return { ...inst, snmp: { values, rows: snmpRows(prev?.values, values, seconds), at } };
}

export function applyConns(inst: InstanceData, answers: readonly Decoded[], at: number): InstanceData {
  return { ...inst, conns: { ...connList(answers), at } };
}

export function applyNic(
  inst: InstanceData,
  xstats: Decoded | undefined,
  features: Decoded | undefined,
  at: number,
): InstanceData {
  return { ...inst, nic: { xstats: xstatRows(xstats), offloads: offloadRows(features), at } };
}

export function latencyStarted(inst: InstanceData, seconds: number, at: number): InstanceData {
  // the last table is kept (not shown while running) to tell a new measurement from an old one
  const stages = inst.latency?.stages ?? [];
  return { ...inst, latency: { status: 'running', seconds, startedAt: at, stages, error: null } };
}

export function latencyFinished(inst: InstanceData, answers: readonly Decoded[] | Error): InstanceData {
  const base = inst.latency ?? { status: 'running', seconds: 0, startedAt: 0, stages: [], error: null };
  if (answers instanceof Error)
    return { ...inst, latency: { ...base, status: 'failed', error: answers.message } };
  const stages = latencyTable(answers);
  // START resets the daemon's meters: the very same non-empty table again is the old measurement
  const unchanged =
    base.stages.length > 0 && sameTable(base.stages, stages) && stages.some((s) => s.pkts > 0n);
  return { ...inst, latency: { ...base, status: unchanged ? 'unchanged' : 'done', stages } };
}

function sameTable(a: readonly LatencyStage[], b: readonly LatencyStage[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (s, i) => s.stage === b[i].stage && s.pkts === b[i].pkts && s.min === b[i].min && s.max === b[i].max,
    )
  );
}

/** The threads' CPU read in the same round as the counters (a thread not read drops out). */
export function applyThreadCpu(inst: InstanceData, threads: ReadonlyMap<number, ThreadCpu>): InstanceData {
  return { ...inst, threads };
}

export function applyDpdk(inst: InstanceData, dpdk: InstanceDpdk): InstanceData {
  return { ...inst, dpdk };
}
