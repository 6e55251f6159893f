/**
 * Structs that every supported era shares (ltran's own answers) and building blocks reused by the
 * per-era declarations in `eras/`. Mirrors src/common/gazelle_dfx_msg.h; field names are the C ones.
 */
import {
  array,
  counted,
  char,
  i32,
  i8,
  struct,
  u16,
  u32,
  u64,
  u8,
  union,
  type Field,
  type StructType,
} from './ctypes.js';

export const GAZELLE_LSTACK_MAX_CONN = 22000; // 20000 + 2000
export const GAZELLE_MAX_ETHPORTS = 16;
export const GAZELLE_CLIENT_NUM = 33;
export const GAZELLE_PACKET_READ_SIZE = 32; // rx_iter_arr has one more slot
export const RTE_ETH_XSTATS_MAX_LEN = 256;
export const VIRTIO_QUEUE_MAX = 8;
export const RTE_MAX_ETHPORTS_BOND_SLAVES = 32;
/** A stack_id / index at or above this stops the C client's rate tables. */
export const GAZELLE_MAX_STACK_ARRAY_SIZE = 32;

const u64s = (names: readonly string[]): Field[] => names.map((n) => [n, u64] as const);
const u32s = (names: readonly string[]): Field[] => names.map((n) => [n, u32] as const);

/** struct gazelle_stat_ltran_port: __rte_cache_aligned. */
export const ltranPort = struct(
  'gazelle_stat_ltran_port',
  [
    ...u64s(['tx', 'rx', 'tx_drop', 'rx_drop']),
    ['rx_iter_arr', array(u64, GAZELLE_PACKET_READ_SIZE + 1)],
    ...u64s(['tx_bytes', 'rx_bytes', 'arp_pkt', 'kni_pkt', 'icmp_pkt', 'tcp_pkt']),
    ['loglevel', i32],
  ],
  { cacheAligned: true },
);

export const ltranTotal = struct('gazelle_stat_ltran_total', [
  ['port_num', u32],
  ['port_list', counted(ltranPort, GAZELLE_MAX_ETHPORTS, 'port_num')],
]);

/** struct gazelle_stat_lstack_total: ltran's per-stack counters, __rte_cache_aligned. */
export const lstackTotal = struct(
  'gazelle_stat_lstack_total',
  [
    ...u32s(['eof', 'tid', 'index']),
    ...u64s(['rx', 'tx', 'rx_err', 'tx_err', 'rx_drop', 'tx_drop', 'tx_backup', 'tx_bytes', 'rx_bytes']),
    ...u64s(['latency_total', 'latency_pkts', 'latency_min', 'latency_max']),
    ...u32s(['backup_mbuf_cnt', 'tx_ring_cnt', 'rx_ring_cnt', 'reg_ring_cnt']),
  ],
  { cacheAligned: true },
);

export const clientInfo = struct('gazelle_stat_client_info', [
  ...u32s(['id', 'bond_port', 'ip', 'state', 'stack_cnt']),
  ['sockfd', i32],
  ['pid', u32],
]);

export const ltranClient = (entries: number): StructType =>
  struct('gazelle_stat_ltran_client', [
    ['client_num', u32],
    ['client_info', counted(clientInfo, entries, 'client_num')],
  ]);

export const forwardTable = struct('gazelle_stat_forward_table', [
  ['conn_num', u32],
  [
    'conn_list',
    counted(
      struct('gazelle_stat_forward_table_info', [
        ...u32s(['tid', 'protocol']),
        ['dst_port', u16],
        ['src_port', u16],
        ...u32s(['dst_ip', 'src_ip', 'conn_num']),
      ]),
      GAZELLE_LSTACK_MAX_CONN,
      'conn_num',
      { lazy: true },
    ),
  ],
]);

/** struct in_addr, as it precedes each lstack_total in ltran's latency stream. */
export const inAddr = struct('in_addr', [['s_addr', u32]]);

export const stackLatency = struct(
  'stack_latency',
  u64s(['latency_max', 'latency_min', 'latency_pkts', 'latency_total']),
);

/** struct gazelle_stat_lstack_snmp: u32 counters, the set grew over the eras. */
export const SNMP_1_0_2 = [
  'ip_inhdr_err',
  'ip_inaddr_err',
  'ip_inunknownprot',
  'ip_in_discard',
  'ip_in_deliver',
  'ip_out_req',
  'ip_out_discard',
  'ip_outnort',
  'ip_reasm_ok',
  'ip_reasm_fail',
  'ip_frag_ok',
  'ip_frag_fail',
  'ip_frag_create',
  'ip_reasm_reqd',
  'ip_fw_dgm',
  'ip_in_recv',
  'tcp_act_open',
  'tcp_passive_open',
  'tcp_attempt_fail',
  'tcp_estab_rst',
  'tcp_out_seg',
  'tcp_retran_seg',
  'tcp_in_seg',
  'tcp_in_err',
  'tcp_out_rst',
] as const;
export const SNMP_TCP_2023_2024 = [
  'tcp_fin_ack_cnt',
  'tcp_delay_ack_cnt',
  'tcp_refused_cnt',
  'tcp_out_of_seq',
  'tcp_acceptmbox_full',
  'tcp_listen_drops',
  'tcp_in_empty_acks',
  'tcp_rst_in_keepalive_timeout',
  'tcp_rst_wrong_syn_in_timewait',
  'tcp_rst_wrong_ack_in_syn_rcvd',
  'tcp_ooseq_data_drop',
  'tcp_free_pcb_in_syn_maxrtx',
  'tcp_free_pcb_in_maxrtx',
  'tcp_alloc_pcb_fails',
] as const;
export const SNMP_UDP_ICMP = [
  'udp_in_datagrams',
  'udp_no_ports',
  'udp_in_errors',
  'udp_out_datagrams',
  'icmp_in_msgs',
  'icmp_in_errors',
  'icmp_in_dest_unreachs',
  'icmp_in_time_excds',
  'icmp_in_parm_probs',
  'icmp_in_src_quenchs',
  'icmp_in_redirects',
  'icmp_in_echos',
  'icmp_in_echo_reps',
  'icmp_in_time_stamps',
  'icmp_in_time_stamp_reps',
  'icmp_in_addr_masks',
  'icmp_in_addr_mask_reps',
  'icmp_out_msgs',
  'icmp_out_errors',
  'icmp_out_dest_unreachs',
  'icmp_out_time_excds',
  'icmp_out_echos',
  'icmp_out_echo_reps',
] as const;
export const snmp = (names: readonly string[]): StructType => struct('gazelle_stat_lstack_snmp', u32s(names));

export const nicXstatsNames = array(
  struct('nic_eth_xstats_name', [['name', char(64)]]),
  RTE_ETH_XSTATS_MAX_LEN,
);

export const bonding = struct('bonding', [
  ['mode', i8],
  ['miimon', i32],
  ['primary_port_id', u16],
  ['slaves', array(u16, RTE_MAX_ETHPORTS_BOND_SLAVES)],
  ['slave_count', u16],
]);

/** lwip's gz_addr_t with LWIP_IPV6=1 and LWIP_IPV6_SCOPES=1: 16 address bytes + zone, then type. */
export const gzAddr = struct('gz_addr_t', [
  [
    'u_addr',
    union('u_addr', [
      [
        'ip6',
        struct('gz_ip6', [
          ['addr', array(u32, 4)],
          ['zone', u8],
        ]),
      ],
      ['ip4', struct('gz_ip4', [['addr', u32]])],
    ]),
  ],
  ['type', u8],
]);

export const virtio = struct('gazelle_stat_lstack_virtio', [
  ...(['lstack_port_id', 'virtio_port_id', 'rx_queue_num', 'tx_queue_num'] as const).map(
    (n) => [n, u16] as const,
  ),
  ...(['rx_pkg', 'rx_drop', 'tx_pkg', 'tx_drop'] as const).map(
    (n) => [n, array(u64, VIRTIO_QUEUE_MAX)] as const,
  ),
]);

export const nicFeatures = struct('nic_eth_features', [
  ['port_id', u16],
  ['rx_offload', u64],
  ['tx_offload', u64],
]);

export const protoData = struct(
  'gazelle_stat_lstack_proto',
  u64s([
    'xmit',
    'recv',
    'tx_in',
    'tx_out',
    'rx_in',
    'rx_out',
    'fw',
    'drop',
    'chkerr',
    'lenerr',
    'memerr',
    'rterr',
    'proterr',
    'opterr',
    'err',
    'cachehit',
  ]),
);

export const intrStats = struct(
  'interrupt_stats',
  u64s([
    'virtio_user_event_cnt',
    'nic_event_cnt',
    'remote_event_cnt',
    'local_event_cnt',
    'timeout_event_cnt',
  ]),
);

export { u64s, u32s };
