/**
 * Recorded numbers back into the shapes the live monitor works on (StackSample, SNMP sums, connection
 * rows), so that replay runs the very same rate and reset code as `top`. Pure.
 */
import type { ConnList, ConnRow } from '../stats/connections.js';
import type { StackSample } from '../stats/stackSample.js';
import type { InstanceSnap, RecordingHeader } from '../recorder/sample.js';

/** -1 in a recording: the era does not report the field. */
const MISSING = -1;

export function stackSamples(snap: InstanceSnap, header: RecordingHeader): StackSample[] {
  const at = (name: string): number => header.stackFields.indexOf(name);
  const idx = {
    tid: at('tid'),
    stackId: at('stackId'),
    rx: at('rx'),
    tx: at('tx'),
    rxDrop: at('rxDrop'),
    txDrop: at('txDrop'),
    rxBytes: at('rxBytes'),
    txBytes: at('txBytes'),
    allocFail: at('allocFail'),
    connNum: at('connNum'),
    mbufFree: at('mbufFree'),
    wakeupEvents: at('wakeupEvents'),
    loglevel: at('loglevel'),
    lowPower: at('lowPower'),
  };
  const num = (row: readonly number[], i: number): number => (i < 0 || row[i] === MISSING ? 0 : row[i]);
  const big = (row: readonly number[], i: number): bigint => BigInt(num(row, i));
  const optional = (row: readonly number[], i: number): bigint | undefined =>
    i < 0 || row[i] === MISSING || row[i] === undefined ? undefined : BigInt(row[i]);
  return snap.stacks.map((row, k) => {
    const s: StackSample = {
      tid: num(row, idx.tid),
      stackId: idx.stackId < 0 || row[idx.stackId] === MISSING ? k : row[idx.stackId],
      rx: big(row, idx.rx),
      tx: big(row, idx.tx),
      rxDrop: big(row, idx.rxDrop),
      txDrop: big(row, idx.txDrop),
      allocFail: big(row, idx.allocFail),
      connNum: num(row, idx.connNum),
      mbufFree: num(row, idx.mbufFree),
      wakeupEvents: big(row, idx.wakeupEvents),
      loglevel: num(row, idx.loglevel),
      lowPower: num(row, idx.lowPower),
    };
    const rxBytes = optional(row, idx.rxBytes);
    const txBytes = optional(row, idx.txBytes);
    if (rxBytes !== undefined) s.rxBytes = rxBytes;
    if (txBytes !== undefined) s.txBytes = txBytes;
    return s;
  });
}

/** What a stack's rates are computed from, as numbers (the recording keeps them below 2^53). */
export interface RateFields {
  tid: number;
  rx: number;
  tx: number;
  rxDrop: number;
  txDrop: number;
  rxBytes: number | undefined;
  txBytes: number | undefined;
}

const rateIndexes = new WeakMap<RecordingHeader, number[]>();

/** The fields of stackSamples() that rates and resets need, without a bigint or a full sample. */
export function rateFields(snap: InstanceSnap, header: RecordingHeader): RateFields[] {
  let idx = rateIndexes.get(header);
  if (!idx) {
    idx = ['tid', 'rx', 'tx', 'rxDrop', 'txDrop', 'rxBytes', 'txBytes'].map((n) =>
      header.stackFields.indexOf(n),
    );
    rateIndexes.set(header, idx);
  }
  const [tid, rx, tx, rxDrop, txDrop, rxBytes, txBytes] = idx;
  const num = (row: readonly number[], i: number): number => (i < 0 || row[i] === MISSING ? 0 : row[i]);
  const optional = (row: readonly number[], i: number): number | undefined =>
    i < 0 || row[i] === MISSING ? undefined : row[i];
  return snap.stacks.map((row) => ({
    tid: num(row, tid),
    rx: num(row, rx),
    tx: num(row, tx),
    rxDrop: num(row, rxDrop),
    txDrop: num(row, txDrop),
    rxBytes: optional(row, rxBytes),
    txBytes: optional(row, txBytes),
  }));
}

/** SNMP counters summed over the stacks, in the era's member order (as sumSnmp does live). */
export function snmpValues(snap: InstanceSnap, header: RecordingHeader): Map<string, number> | null {
  if (!snap.snmp) return null;
  const out = new Map<string, number>();
  for (const row of snap.snmp) {
    header.snmpFields.forEach((name, i) => {
      const v = row[i];
      if (v === undefined || v === MISSING) return;
      out.set(name, (out.get(name) ?? 0) + v);
    });
  }
  return out;
}

/** The recorded connection table (record --conn-table), or null when only counts were kept. */
export function connTable(snap: InstanceSnap): ConnList | null {
  if (!snap.connTable) return null;
  const rows = snap.connTable.flat() as ConnRow[];
  return { rows, total: rows.length };
}

/** Connections per TCP state over every stack (record --conn-every). */
export function connStateCounts(snap: InstanceSnap): Record<string, number> | null {
  if (!snap.connStates) return null;
  const out: Record<string, number> = {};
  for (const counts of snap.connStates)
    for (const [state, n] of Object.entries(counts)) out[state] = (out[state] ?? 0) + n;
  return out;
}
