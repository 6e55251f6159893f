/** Tag 1.0.2 (2023-06-29): 24-byte request, 20 modes, IPv4-only 80-byte conn_info. §11.2, §11.5. */
import { struct, u16, u32, u64 } from '../ctypes.js';
import { LTRAN_CORE_MODES, ModeTable } from '../modes.js';
import * as c from '../structs-common.js';
import type { EraSpec } from '../era-spec.js';
import {
  aggregate3,
  connInfoMiddle,
  connTableOf,
  dfxStructOf,
  latencyOf,
  nicXstatsOf,
  requestOf,
  STACK_STAT_1_0_2,
} from './shared.js';

export const modes = new ModeTable([
  'LTRAN_SHOW',
  'LTRAN_SHOW_RATE',
  ...LTRAN_CORE_MODES,
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

export const request = requestOf([]);

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

export const dfx = dfxStructOf({
  stackId: false,
  lowPowerInfo,
  msg: [
    ['pkts', pkts],
    [
      'latency',
      latencyOf([
        ['read_latency', c.stackLatency],
        ['lwip_latency', c.stackLatency],
      ]),
    ],
    ['conn', connTableOf(connInfo)],
    ['snmp', c.snmp([...c.SNMP_1_0_2, ...c.SNMP_UDP_ICMP])],
    ['nic_xstats', nicXstatsOf([])],
    ['aggregate_stats', aggregate3()],
  ],
});

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
