/** Parts that more than one era declares alike. */
import {
  array,
  char,
  counted,
  i32,
  struct,
  u16,
  u32,
  u64,
  union,
  type Field,
  type StructType,
} from '../ctypes.js';
import * as c from '../structs-common.js';

/** gazelle_stack_aggregate_stats with RX/TX/(unused) arrays of 3, as before 2025-07. */
export function aggregate3() {
  return struct('gazelle_stack_aggregate_stats', [
    ...(['size_1_64', 'size_65_512', 'size_513_1460', 'size_1461_8192', 'size_8193_max'] as const).map(
      (n) => [n, array(u32, 3)] as const,
    ),
    ...c.u64s(['rx_bytes', 'tx_bytes']),
  ]);
}

/** gazelle_stack_stat's u64 counters in 1.0.2; v2024.09 appends three. */
export const STACK_STAT_1_0_2 = [
  'wakeup_events',
  'write_lwip_cnt',
  'send_pkts_fail',
  'read_lwip_drop',
  'read_lwip_cnt',
  'rx_allocmbuf_fail',
  'tx_allocmbuf_fail',
  'call_null',
  'rx_drop',
  'rx',
  'tx_drop',
  'tx',
  'tx_prepare_fail',
] as const;

/** conn_info fields shared by v1.0.2 and v2024.09 after the addresses. */
export const connInfoMiddle = [
  ['r_port', u16],
  ['l_port', u16],
  ...c.u32s(['in_send', 'recv_cnt', 'send_ring_cnt', 'recv_ring_cnt', 'tcp_sub_state']),
  ...c.u32s(['cwn', 'rcv_wnd', 'snd_wnd', 'snd_buf', 'lastack', 'snd_nxt', 'rcv_nxt']),
  ['fd', i32],
  ...c.u32s(['events', 'epoll_events', 'eventlist']),
] as const;

/** gazelle_stat_msg_request: the same in every era but for the stat_param members 1.0.3 added. */
export const requestOf = (laterParams: readonly Field[]): StructType =>
  struct('gazelle_stat_msg_request', [
    ['stat_mode', u32],
    ['ip', struct('gazelle_in_addr', [['s_addr', u32]])],
    ['pid', u32],
    ['data', union('stat_param', [['log_level', char(10)], ['low_power_mod', u16], ...laterParams])],
  ]);

/** gazelle_stack_latency: the per-stage members (a named pair in 1.0.2, an array later), then the clock. */
export const latencyOf = (stages: readonly Field[]): StructType =>
  struct('gazelle_stack_latency', [...stages, ...c.u64s(['start_time', 'g_cycles_per_us'])]);

export const connTableOf = (connInfo: StructType): StructType =>
  struct('gazelle_stat_lstack_conn', [
    ...c.u32s(['total_conn_num', 'conn_num']),
    ['conn_list', counted(connInfo, c.GAZELLE_LSTACK_MAX_CONN, 'conn_num', { lazy: true })],
  ]);

/** nic_eth_xstats: the bond's part came after 1.0.2. */
export const nicXstatsOf = (laterMembers: readonly Field[]): StructType =>
  struct('nic_eth_xstats', [
    ['xstats_name', counted(c.nicXstatsNames.of, c.RTE_ETH_XSTATS_MAX_LEN, 'len')],
    ['values', counted(u64, c.RTE_ETH_XSTATS_MAX_LEN, 'len')],
    ['len', u32],
    ['port_id', u16],
    ...laterMembers,
  ]);

/**
 * gazelle_stack_dfx_data: eof, tid, loglevel, (stack_id since 2023), low_power_info, then the
 * lstack_msg union whose members each era lists.
 */
export const dfxStructOf = (parts: {
  stackId: boolean;
  lowPowerInfo: StructType;
  msg: readonly Field[];
}): StructType =>
  struct('gazelle_stack_dfx_data', [
    ...c.u32s(['eof', 'tid']),
    ['loglevel', i32],
    ...(parts.stackId ? [['stack_id', u32] as const] : []),
    ['low_power_info', parts.lowPowerInfo],
    ['data', union('lstack_msg', parts.msg)],
  ]);

/**
 * gazelle_stack_dfx_data as 1.0.3 and v2024.09 declare it: they differ only in pkts, the number of
 * latency types and conn_info.
 */
export function dfxOf(parts: {
  lowPowerInfo: StructType;
  pkts: StructType;
  latencyTypes: number;
  connInfo: StructType;
}): StructType {
  const { lowPowerInfo, pkts, latencyTypes, connInfo } = parts;
  return dfxStructOf({
    stackId: true,
    lowPowerInfo,
    msg: [
      ['pkts', pkts],
      ['latency', latencyOf([['latency', array(c.stackLatency, latencyTypes)]])],
      ['conn', connTableOf(connInfo)],
      ['snmp', c.snmp([...c.SNMP_1_0_2, ...c.SNMP_TCP_2023_2024, ...c.SNMP_UDP_ICMP])],
      ['virtio', c.virtio],
      ['nic_xstats', nicXstatsOf([['bonding', c.bonding]])],
      ['nic_features', c.nicFeatures],
      ['proto_data', c.protoData],
      ['intr_stats', c.intrStats],
    ],
  });
}
