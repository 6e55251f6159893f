/** SNMP counters of an instance (summed over its stacks) and their per-second deltas. */
import type { Decoded } from '../protocol/codec.js';
import { rate } from './counters.js';

export interface SnmpRow {
  name: string;
  value: number;
  /** Per second since the previous sample; null on the first sample or after a reset. */
  perSec: number | null;
}

/** Sums data.snmp of every stack's LSTACK_SHOW_SNMP answer, in the era's member order. */
export function sumSnmp(answers: readonly Decoded[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of answers) {
    for (const [name, v] of Object.entries((a.data.snmp ?? {}) as Record<string, number>)) {
      out.set(name, (out.get(name) ?? 0) + Number(v));
    }
  }
  return out;
}

export function snmpRows(
  prev: Map<string, number> | undefined,
  cur: Map<string, number>,
  seconds: number,
): SnmpRow[] {
  return [...cur].map(([name, value]) => {
    const before = prev?.get(name);
    return { name, value, perSec: before === undefined ? null : rate(before, value, seconds) };
  });
}

export function nonZero<T extends { value: number | bigint }>(rows: readonly T[]): T[] {
  return rows.filter((r) => Number(r.value) !== 0);
}
