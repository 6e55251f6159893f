/** NIC xstats and offload features (LSTACK_SHOW_XSTATS / LSTACK_SHOW_NIC_FEATURES, PROTOCOL.md §3.7). */
import type { Decoded } from '../protocol/codec.js';
import { NIC_OFFLOADS } from '../protocol/enums.js';

export interface XstatRow {
  name: string;
  value: bigint;
}

/** The first `len` (already clamped by the decoder) name/value pairs. */
export function xstatRows(answer: Decoded | undefined): XstatRow[] {
  const x = answer?.data.nic_xstats;
  if (!x) return [];
  const names = x.xstats_name as Array<{ name: string }>;
  const values = x.values as bigint[];
  return names.map((n, i) => ({ name: n.name, value: values[i] ?? 0n }));
}

export interface OffloadRow {
  feature: string;
  on: boolean;
}

const OFFLOADS = NIC_OFFLOADS;

export function offloadRows(answer: Decoded | undefined): OffloadRow[] {
  const f = answer?.data.nic_features;
  if (!f) return [];
  return OFFLOADS.map(([feature, field, mask]) => ({ feature, on: (BigInt(f[field]) & mask) !== 0n }));
}
