/** Tag 1.0.3 = HEAD (2025-07-05 onwards): PROTOCOL.md §3-§4. */
import { array, char, i32, struct, u16, u32, u8 } from '../ctypes.js';
import { ModeTable, MODE_NAMES } from '../modes.js';
import * as c from '../structs-common.js';
import { LATENCY_STAGES, type EraSpec } from '../era-spec.js';
import { dfxOf, requestOf } from './shared.js';

export const modes = new ModeTable(MODE_NAMES);

export const request = requestOf([['protocol', char(20)]]);

export const lowPowerInfo = struct('gazelle_stat_low_power_info', [
  ['low_power_mod', u16],
  ['lpm_rx_pkts', u16],
  ['lpm_pkts_in_detect', u32],
  ['lpm_detect_ms', u32],
]);

const pkts = struct('gazelle_stat_pkts', [
  [
    'stack_stat',
    struct('gazelle_stack_stat', [
      ...c.u32s(['conn_num', 'mbuf_pool_cnt']),
      ...c.u64s([
        'wakeup_events',
        'rx_allocmbuf_fail',
        'tx_allocmbuf_fail',
        'rx_drop',
        'rx',
        'tx_drop',
        'tx',
      ]),
      ...c.u64s(['tx_prepare_fail']),
    ]),
  ],
  [
    'wakeup_stat',
    struct(
      'gazelle_wakeup_stat',
      c.u64s([
        'kernel_events',
        'app_events',
        'accept_fail',
        'app_write_cnt',
        'app_read_cnt',
        'read_null',
        'sock_rx_drop',
        'sock_tx_merge',
      ]),
    ),
  ],
  [
    'rpc_stat',
    struct('gazelle_rpc_stat', [['rpc_pool_cnt', u32], ...c.u64s(['call_alloc_fail', 'call_msg_cnt'])]),
  ],
  [
    'aggregate_stats',
    struct('gazelle_stack_aggregate_stats', [
      ...(['size_1_64', 'size_65_512', 'size_513_1460', 'size_1461_8192', 'size_8193_max'] as const).map(
        (n) => [n, array(u32, 2)] as const, // [0] = RX, [1] = TX
      ),
      ...c.u64s(['rx_bytes', 'tx_bytes']),
    ]),
  ],
]);

/** GAZELLE_LATENCY_*: 1.0.3 removed READ_LWIP (§3.2). */
const LATENCY = LATENCY_STAGES.filter((st) => st !== 'READ_LWIP');

export const connInfo = struct('gazelle_stat_lstack_conn_info', [
  ...c.u32s(['state', 'tcp_sub_state']),
  ['rip', c.gzAddr],
  ['lip', c.gzAddr],
  ['r_port', u16],
  ['l_port', u16],
  ...c.u32s(['in_send', 'recvmbox_cnt']),
  ['recvmbox_tail', u16],
  ['sendmbox_cnt', u32],
  ['sendmbox_tail', u16],
  ...c.u32s(['cwn', 'rcv_wnd', 'snd_wnd', 'snd_buf', 'lastack', 'snd_nxt', 'rcv_nxt']),
  ['fd', i32],
  ...c.u32s(['events', 'epoll_events', 'eventlist', 'keepalive', 'keep_idle', 'keep_intvl', 'keep_cnt']),
  ['pingpong', u8],
]);

export const dfx = dfxOf({ lowPowerInfo, pkts, latencyTypes: LATENCY.length, connInfo });

export const ltranClient = c.ltranClient(c.GAZELLE_CLIENT_NUM);

export const era = {
  name: 'v1.0.3' as const,
  modes,
  sockets: { ltran: 'ltran_cmd.sock', lstack: 'lstack_cmd.sock' },
  probe: 'empty-connection',
  cReadTimeoutMs: 5000,
  structs: { request, dfx, ltranClient },
  latency: { stages: LATENCY, members: null },
  aggregate: { member: 'pkts', appTx: false },
  headerFilled: 'every-answer',
  lstackRate: 'measured',
} satisfies EraSpec;
