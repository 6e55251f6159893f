/** Tag 1.0.2 (2023-06-29): 24-byte request, 20 modes, IPv4-only 80-byte conn_info. §11.2, §11.5. */
import { char, counted, i32, struct, u16, u32, u64, union } from '../ctypes.js';
import { ModeTable } from '../modes.js';
import * as c from '../structs-common.js';
import type { EraSpec } from '../era-spec.js';
import { aggregate3, connInfoMiddle, STACK_STAT_1_0_2 } from './shared.js';

export const modes = new ModeTable([
  'LTRAN_SHOW',
  'LTRAN_SHOW_RATE',
  'LTRAN_SHOW_INSTANCE',
  'LTRAN_SHOW_BURST',
  'LTRAN_SHOW_LATENCY',
  'LTRAN_QUIT',
  'LTRAN_START_LATENCY',
  'LTRAN_STOP_LATENCY',
  'LTRAN_LOG_LEVEL_SET',
  'LTRAN_SHOW_SOCKTABLE',
  'LTRAN_SHOW_CONNTABLE',
  'LSTACK_LOG_LEVEL_SET',
  'LSTACK_SHOW',
  'LSTACK_SHOW_RATE',
  'LSTACK_SHOW_SNMP',
  'LSTACK_SHOW_CONN',
  'LSTACK_SHOW_LATENCY',
  'LSTACK_LOW_POWER_MDF',
  'LSTACK_SHOW_XSTATS',
  'LSTACK_SHOW_AGGREGATE',
]);

export const request = struct('gazelle_stat_msg_request', [
  ['stat_mode', u32],
  ['ip', struct('gazelle_in_addr', [['s_addr', u32]])],
  ['pid', u32],
  [
    'data',
    union('stat_param', [
      ['log_level', char(10)],
      ['low_power_mod', u16],
    ]),
  ],
]);

export const lowPowerInfo = struct('gazelle_stat_low_power_info', [
  ['low_power_mod', u16],
  ['lpm_pkts_in_detect', u32],
  ['lpm_detect_ms', u32],
  ['lpm_rx_pkts', u16],
]);

const pkts = struct('gazelle_stat_pkts', [
  ['call_msg_cnt', u64],
  ['conn_num', u16],
  ...c.u64s(['recv_list_cnt', 'call_alloc_fail']),
  ['mempool_freecnt', u32],
  ['stack_stat', struct('gazelle_stack_stat', c.u64s(STACK_STAT_1_0_2))],
  [
    'wakeup_stat',
    struct(
      'gazelle_wakeup_stat',
      c.u64s(['app_events', 'app_write_rpc', 'app_write_cnt', 'app_read_cnt', 'read_null']),
    ),
  ],
]);

export const connInfo = struct('gazelle_stat_lstack_conn_info', [
  ...c.u32s(['state', 'rip', 'lip']), // IPv4 only, network byte order
  ...connInfoMiddle,
]);

export const dfx = struct('gazelle_stack_dfx_data', [
  ...c.u32s(['eof', 'tid']),
  ['loglevel', i32],
  ['low_power_info', lowPowerInfo],
  [
    'data',
    union('lstack_msg', [
      ['pkts', pkts],
      [
        'latency',
        struct('gazelle_stack_latency', [
          ['read_latency', c.stackLatency],
          ['lwip_latency', c.stackLatency],
          ...c.u64s(['start_time', 'g_cycles_per_us']),
        ]),
      ],
      [
        'conn',
        struct('gazelle_stat_lstack_conn', [
          ...c.u32s(['total_conn_num', 'conn_num']),
          ['conn_list', counted(connInfo, c.GAZELLE_LSTACK_MAX_CONN, 'conn_num', { lazy: true })],
        ]),
      ],
      ['snmp', c.snmp([...c.SNMP_1_0_2, ...c.SNMP_UDP_ICMP])],
      [
        'nic_xstats',
        struct('nic_eth_xstats', [
          ['xstats_name', counted(c.nicXstatsNames.of, c.RTE_ETH_XSTATS_MAX_LEN, 'len')],
          ['values', counted(u64, c.RTE_ETH_XSTATS_MAX_LEN, 'len')],
          ['len', u32],
          ['port_id', u16],
        ]),
      ],
      ['aggregate_stats', aggregate3()],
    ]),
  ],
]);

export const ltranClient = c.ltranClient(c.GAZELLE_CLIENT_NUM);

export const era = {
  name: 'v1.0.2' as const,
  modes,
  sockets: { ltran: 'gazelle_cmd.sock', lstack: 'gazelle_client.sock' },
  probe: 'ltran-connect',
  cReadTimeoutMs: null,
  structs: { request, dfx, ltranClient },
  // read_latency is t0--->t3 (the READ_MAX span), lwip_latency t0--->t2
  latency: { stages: ['READ_MAX', 'READ_LWIP'], members: ['read_latency', 'lwip_latency'] },
  aggregate: { member: 'aggregate_stats', appTx: true },
  headerFilled: 'show-only',
  lstackRate: 'refused',
} satisfies EraSpec;
