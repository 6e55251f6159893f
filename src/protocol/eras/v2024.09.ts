/**
 * Mainline 2024-09-29 (!789) .. 2025-07-04: same request, modes and sockets as v1.0.3; only the
 * dfx internals differ (flat pkts with a u16 conn_num, aggregate arrays of 3, 11 latency types,
 * a 140-byte conn_info). PROTOCOL.md §11.3.
 */
import { struct, u16, u32, u8 } from '../ctypes.js';
import * as c from '../structs-common.js';
import { era as v103, lowPowerInfo } from './v1.0.3.js';
import { LATENCY_STAGES, type EraSpec } from '../era-spec.js';
import { aggregate3, connInfoMiddle, dfxOf, STACK_STAT_1_0_2 } from './shared.js';

export { modes, request, ltranClient, lowPowerInfo } from './v1.0.3.js';

const pkts = struct('gazelle_stat_pkts', [
  ['conn_num', u16],
  ['mbufpool_avail_cnt', u32],
  ...c.u64s(['call_msg_cnt', 'recv_list_cnt', 'call_alloc_fail']),
  [
    'stack_stat',
    struct(
      'gazelle_stack_stat',
      c.u64s([...STACK_STAT_1_0_2, 'accept_fail', 'sock_rx_drop', 'sock_tx_merge']),
    ),
  ],
  [
    'wakeup_stat',
    struct(
      'gazelle_wakeup_stat',
      c.u64s(['app_events', 'app_write_rpc', 'app_write_cnt', 'app_read_cnt', 'read_null', 'kernel_events']),
    ),
  ],
  ['aggregate_stats', aggregate3()],
]);

export const connInfo = struct('gazelle_stat_lstack_conn_info', [
  ['state', u32],
  ['rip', c.gzAddr],
  ['lip', c.gzAddr],
  ...connInfoMiddle,
  ...c.u32s(['keepalive', 'keep_idle', 'keep_intvl', 'keep_cnt']),
  ['pingpong', u8],
]);

export const dfx = dfxOf({ lowPowerInfo, pkts, latencyTypes: LATENCY_STAGES.length, connInfo });

/** 1.0.3's request, modes, sockets and probe; its own dfx, every latency stage, aggregate arrays of 3. */
export const era = {
  ...v103,
  name: 'v2024.09' as const,
  structs: { ...v103.structs, dfx },
  latency: { stages: LATENCY_STAGES, members: null },
  aggregate: { member: 'pkts', appTx: true },
} satisfies EraSpec;
