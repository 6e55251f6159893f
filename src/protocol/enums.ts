/** Enumerations and bit tables of gazelle_dfx_msg.h / DPDK shared by printers, stats and the TUI. */

/** GAZELLE_TCP_STATE (PROTOCOL.md §3.4), as the C client prints them; other values print UNKNOWN. */
export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECVD',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
] as const;

/** UINT64_MAX: lstack's latency_min before any packet is measured, and the wrap of u64 sums. */
export const U64_MAX = (1n << 64n) - 1n;

export const tcpStateName = (n: number): string => TCP_STATES[n] ?? 'UNKNOWN';

/** RTE_ETH_{TX,RX}_OFFLOAD_* bits shown by `-k`, in the C client's order (PROTOCOL.md §3.7). */
export const NIC_OFFLOADS: readonly (readonly [
  label: string,
  field: 'tx_offload' | 'rx_offload',
  mask: bigint,
])[] = [
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
