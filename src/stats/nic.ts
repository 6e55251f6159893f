/** NIC xstats and offload features (LSTACK_SHOW_XSTATS / LSTACK_SHOW_NIC_FEATURES, PROTOCOL.md §3.7). */
import type { Decoded } from '../protocol/codec.js';

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

const OFFLOADS: ReadonlyArray<[string, 'tx_offload' | 'rx_offload', bigint]> = [
  ['tx-ipv4-checksum', 'tx_offload', 0x2n],
  ['tx-tcp-checksum', 'tx_offload', 0x8n],
  ['tx-tcp-tso', 'tx_offload', 0x20n],
  ['tx-udp-checksum', 'tx_offload', 0x4n],
  ['tx-vlan-insert', 'tx_offload', 0x1n],
  ['rx-ipv4-checksum', 'rx_offload', 0x2n],
  ['rx-tcp-checksum', 'rx_offload', 0x8n],
  ['rx-udp-checksum', 'rx_offload', 0x4n],
  ['rx-vlan-strip', 'rx_offload', 0x1n],
];

export function offloadRows(answer: Decoded | undefined): OffloadRow[] {
  const f = answer?.data.nic_features;
  if (!f) return [];
  return OFFLOADS.map(([feature, field, mask]) => ({ feature, on: (BigInt(f[field]) & mask) !== 0n }));
}
