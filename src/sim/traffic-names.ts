/** The names the traffic model counts under: C member names where a C member carries them. */
import { SNMP_1_0_2, SNMP_TCP_2023_2024, SNMP_UDP_ICMP } from '../protocol/structs-common.js';

export const STACK_COUNTERS = [
  // gazelle_stack_stat / ltran's gazelle_stat_lstack_total
  'rx',
  'tx',
  'rx_drop',
  'tx_drop',
  'rx_bytes',
  'tx_bytes',
  'rx_err',
  'tx_err',
  'tx_backup',
  'rx_allocmbuf_fail',
  'tx_allocmbuf_fail',
  'tx_prepare_fail',
  'wakeup_events',
  'read_lwip_cnt',
  'read_lwip_drop',
  'write_lwip_cnt',
  'send_pkts_fail',
  'call_null',
  // gazelle_wakeup_stat
  'kernel_events',
  'app_events',
  'app_read_cnt',
  'app_write_cnt',
  'app_write_rpc',
  'read_null',
  'accept_fail',
  'sock_rx_drop',
  'sock_tx_merge',
  // gazelle_rpc_stat
  'call_msg_cnt',
  'call_alloc_fail',
  // what ltran classifies per port (gazelle_stat_ltran_port)
  'arp_pkt',
  'icmp_pkt',
  'tcp_pkt',
  'kni_pkt',
  // gazelle_stat_lstack_virtio, this stack's queue
  'virtio_rx_pkg',
  'virtio_rx_drop',
  'virtio_tx_pkg',
  'virtio_tx_drop',
  // interrupt_stats
  'virtio_user_event_cnt',
  'nic_event_cnt',
  'remote_event_cnt',
  'local_event_cnt',
  'timeout_event_cnt',
] as const;
export type StackCounter = (typeof STACK_COUNTERS)[number];

/** Every gazelle_stat_lstack_snmp member of any era (u32 on the wire: they wrap there, not here). */
export const SNMP_COUNTERS = [...SNMP_1_0_2, ...SNMP_TCP_2023_2024, ...SNMP_UDP_ICMP] as const;
export type SnmpCounter = (typeof SNMP_COUNTERS)[number];

/** gazelle_stack_aggregate_stats member names, smallest bucket first. */
export const SIZE_BUCKETS = [
  'size_1_64',
  'size_65_512',
  'size_513_1460',
  'size_1461_8192',
  'size_8193_max',
] as const;
