/** Parts that more than one era declares alike (v1.0.2 and v2024.09 share these). */
import { array, i32, struct, u16, u32 } from '../ctypes.js';
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

/** conn_info fields shared by v1.0.2 and v2024.09 after the addresses. */
export const connInfoMiddle = [
  ['r_port', u16],
  ['l_port', u16],
  ...c.u32s(['in_send', 'recv_cnt', 'send_ring_cnt', 'recv_ring_cnt', 'tcp_sub_state']),
  ...c.u32s(['cwn', 'rcv_wnd', 'snd_wnd', 'snd_buf', 'lastack', 'snd_nxt', 'rcv_nxt']),
  ['fd', i32],
  ...c.u32s(['events', 'epoll_events', 'eventlist']),
] as const;
