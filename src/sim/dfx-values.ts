/**
 * The model's state as values of gazelle_stack_dfx_data's union members, for every era at once.
 *
 * A member an era lacks is simply not written: Layout.encode only writes the members its declaration
 * has, so one value object can carry the union of the eras' member names (e.g. 1.0.3's
 * stack_stat.conn_num next to v2024.09's pkts.conn_num). Where eras give one name two different shapes
 * (conn_info.rip: u32 in 1.0.2, gz_addr_t later; the latency array), the shape is chosen from the
 * era's declaration or its latency type order.
 */
import { locate, type CValue } from '../protocol/ctypes.js';
import type { Decoded } from '../protocol/codec.js';
import { PROFILES, type ProfileName, type Wire } from '../protocol/profiles.js';
import type { LatencyStageName } from '../protocol/era-spec.js';
import { ipv4Wire, ipv6Words, type Addr } from './addr.js';
import { TCP_STATE, type SimConn } from './connections.js';
import type { SimLstackProcess } from './lstack-process.js';
import type { LatencyMeter, StackTraffic } from './stack-traffic.js';
import { SIZE_BUCKETS, SNMP_COUNTERS } from './traffic-names.js';

/** The stages an era reports, in its order (eras/*.ts). */
export function latencyStages(profile: ProfileName): readonly LatencyStageName[] {
  return PROFILES[profile].latency.stages;
}

const stackLatency = (m: LatencyMeter): Decoded => ({
  latency_max: m.max,
  latency_min: m.min,
  latency_pkts: m.pkts,
  latency_total: m.total,
});

/** data.latency: struct gazelle_stack_latency. */
export function latencyValue(profile: ProfileName, s: StackTraffic, measureStartMs: number): Decoded {
  const common = { start_time: BigInt(measureStartMs) * 1000n, g_cycles_per_us: 0n };
  const { stages, members } = PROFILES[profile].latency;
  const values = stages.map((st) => stackLatency(s.latency[st]));
  if (members) return { ...Object.fromEntries(members.map((m, i) => [m, values[i]])), ...common };
  return { latency: values, ...common };
}

/** data.pkts.aggregate_stats (data.aggregate_stats in 1.0.2): arrays [RX, TX]. */
export function aggregateValue(s: StackTraffic): Decoded {
  const a = s.aggregate;
  const v: Decoded = { rx_bytes: a.rx_bytes, tx_bytes: a.tx_bytes };
  SIZE_BUCKETS.forEach((name, i) => (v[name] = [a.rx[i], a.tx[i]]));
  return v;
}

/** data.pkts: struct gazelle_stat_pkts of any era. */
export function pktsValue(s: StackTraffic): Decoded {
  const c = s.counters;
  const g = s.gauges;
  const connNum = s.conns.list.length;
  return {
    // v2024.09 / v1.0.2 keep these at the top of pkts
    conn_num: connNum,
    mbufpool_avail_cnt: g.mbuf_pool_cnt,
    mempool_freecnt: g.mbuf_pool_cnt,
    call_msg_cnt: c.call_msg_cnt,
    recv_list_cnt: BigInt(g.recv_list_cnt),
    call_alloc_fail: c.call_alloc_fail,
    // The model's counters carry the C member names; each era's declaration encodes the members it
    // has and ignores the rest, so one value serves every era's stack_stat and wakeup_stat.
    stack_stat: { ...c, conn_num: connNum, mbuf_pool_cnt: g.mbuf_pool_cnt },
    wakeup_stat: c,
    rpc_stat: {
      rpc_pool_cnt: g.rpc_pool_cnt,
      call_alloc_fail: c.call_alloc_fail,
      call_msg_cnt: c.call_msg_cnt,
    },
    aggregate_stats: aggregateValue(s),
  };
}

function pick<K extends string>(from: Record<K, bigint>, names: readonly K[]): Decoded {
  return Object.fromEntries(names.map((n) => [n, from[n]]));
}

/** data.snmp: all counters; the era's declaration keeps the ones it has (u32, so they wrap). */
export function snmpValue(s: StackTraffic): Decoded {
  return pick(s.snmp, SNMP_COUNTERS);
}

/** GAZELLE_TCP_LIST_STATE: which list lwip found the pcb in. */
const listState = (c: SimConn): number => (c.state === 'LISTEN' ? 1 : c.state === 'TIME_WAIT' ? 2 : 0);

/** A gz_addr_t (type 0 = IPv4, 6 = IPv6), or the bare u32 of 1.0.2's IPv4-only conn_info. */
function addrValue(a: Addr, ipv4Only: boolean): CValue {
  if (ipv4Only) return ipv4Wire(a);
  return a.family === 4
    ? { u_addr: { ip4: { addr: ipv4Wire(a) } }, type: 0 }
    : { u_addr: { ip6: { addr: ipv6Words(a), zone: 0 } }, type: 6 };
}

/** Whether the era's conn_info stores bare IPv4 addresses (1.0.2) rather than gz_addr_t. */
export function connIsIpv4Only(wire: Wire): boolean {
  const conn = locate(wire.layouts.dfx, 'data.conn.conn_list').layout.element!;
  return conn.members!.get('rip')!.layout.type.kind === 'int';
}

/** The connections an era can list: an IPv4-only era never sees the IPv6 ones. */
function listedConns(wire: Wire, s: StackTraffic): SimConn[] {
  const v4only = connIsIpv4Only(wire);
  return s.conns.list.filter((c) => !v4only || c.local.family === 4);
}

/** data.conn: struct gazelle_stat_lstack_conn. */
export function connValue(wire: Wire, s: StackTraffic): Decoded {
  const ipv4Only = connIsIpv4Only(wire);
  const conns = listedConns(wire, s);
  return {
    total_conn_num: conns.length,
    conn_num: conns.length,
    conn_list: conns.map((c) => ({
      state: listState(c),
      tcp_sub_state: TCP_STATE[c.state],
      rip: addrValue(c.remote, ipv4Only),
      lip: addrValue(c.local, ipv4Only),
      r_port: c.remotePort,
      l_port: c.localPort,
      in_send: c.inSend,
      recvmbox_cnt: c.recvmbox,
      recvmbox_tail: c.recvmbox ? 1460 : 0,
      sendmbox_cnt: c.sendmbox,
      sendmbox_tail: c.sendmbox ? 1460 : 0,
      // a real 1.0.2 lstack shows lwip_recv 0 with the waiting packets in recv_ring (§11.6)
      recv_cnt: 0,
      recv_ring_cnt: c.recvmbox,
      send_ring_cnt: c.sendmbox,
      cwn: c.cwnd,
      rcv_wnd: c.rcvWnd,
      snd_wnd: c.sndWnd,
      snd_buf: c.sndBuf,
      lastack: c.lastAck,
      snd_nxt: c.sndNxt,
      rcv_nxt: c.rcvNxt,
      fd: c.fd,
      // EPOLLIN | EPOLLOUT for data connections, EPOLLIN for listeners
      events: c.state === 'LISTEN' ? 0x1 : c.recvmbox ? 0x5 : 0x4,
      epoll_events: c.fd >= 0 ? (c.state === 'LISTEN' ? 0x1 : 0x5) : 0,
      eventlist: c.fd >= 0 && c.recvmbox ? 1 : 0,
      keepalive: c.keepalive ? 1 : 0,
      keep_idle: c.keepalive?.idleMs ?? 0,
      keep_intvl: c.keepalive?.intvlMs ?? 0,
      keep_cnt: c.keepalive?.cnt ?? 0,
      pingpong: c.pingpong ? 1 : 0,
    })),
  };
}

/** data.virtio: stack i serves queue i of the virtio_user port. */
export function virtioValue(p: SimLstackProcess): Decoded {
  const queues = p.traffic.stacks.slice(0, 8);
  const per = (name: 'virtio_rx_pkg' | 'virtio_rx_drop' | 'virtio_tx_pkg' | 'virtio_tx_drop') =>
    queues.map((s) => s.counters[name]);
  return {
    lstack_port_id: 0,
    virtio_port_id: 1,
    rx_queue_num: queues.length,
    tx_queue_num: queues.length,
    rx_pkg: per('virtio_rx_pkg'),
    rx_drop: per('virtio_rx_drop'),
    tx_pkg: per('virtio_tx_pkg'),
    tx_drop: per('virtio_tx_drop'),
  };
}

/** data.intr_stats: struct interrupt_stats. */
export function intrValue(s: StackTraffic): Decoded {
  return pick(s.counters, [
    'virtio_user_event_cnt',
    'nic_event_cnt',
    'remote_event_cnt',
    'local_event_cnt',
    'timeout_event_cnt',
  ]);
}

/** data.proto_data for LSTACK_SHOW_PROTOCOL's data.protocol; null (union left zero) for other words. */
export function protoValue(s: StackTraffic, protocol: string): Decoded | null {
  const n = s.snmp;
  const c = s.counters;
  const lwip = (xmit: bigint, recv: bigint, drop: bigint, extra: Decoded = {}): Decoded => ({
    xmit,
    recv,
    tx_in: xmit,
    tx_out: xmit,
    rx_in: recv,
    rx_out: recv - drop,
    drop,
    ...extra,
  });
  switch (protocol) {
    case 'TCP':
      return lwip(n.tcp_out_seg, n.tcp_in_seg, n.tcp_in_err, { chkerr: n.tcp_in_err, err: n.tcp_estab_rst });
    case 'UDP':
      return lwip(n.udp_out_datagrams, n.udp_in_datagrams, n.udp_no_ports + n.udp_in_errors);
    case 'IP':
      return lwip(n.ip_out_req, n.ip_in_recv, n.ip_in_discard, { fw: n.ip_fw_dgm, chkerr: n.ip_inhdr_err });
    case 'ICMP':
      return lwip(n.icmp_out_msgs, n.icmp_in_msgs, n.icmp_in_errors);
    case 'ETHARP':
      // every transmitted frame looks its next hop up in the ARP cache
      return lwip(c.arp_pkt / 2n, c.arp_pkt, 0n, { cachehit: c.tx });
    default:
      return null;
  }
}

/** The NIC's extended statistics: port totals, then one queue per stack (names as ethdev's). */
export function xstatsValue(p: SimLstackProcess): Decoded {
  const stacks = p.traffic.stacks;
  const sum = (
    name: 'rx' | 'tx' | 'rx_bytes' | 'tx_bytes' | 'rx_drop' | 'rx_allocmbuf_fail' | 'rx_err' | 'tx_err',
  ) => stacks.reduce((a, s) => a + s.counters[name], 0n);
  const items: [string, bigint][] = [
    ['rx_good_packets', sum('rx')],
    ['tx_good_packets', sum('tx')],
    ['rx_good_bytes', sum('rx_bytes')],
    ['tx_good_bytes', sum('tx_bytes')],
    ['rx_missed_errors', sum('rx_drop')],
    ['rx_errors', sum('rx_err')],
    ['tx_errors', sum('tx_err')],
    ['rx_mbuf_allocation_errors', sum('rx_allocmbuf_fail')],
  ];
  for (const s of stacks) {
    const q = s.index;
    items.push(
      [`rx_q${q}_packets`, s.counters.rx],
      [`rx_q${q}_bytes`, s.counters.rx_bytes],
      [`rx_q${q}_errors`, s.counters.rx_err],
      [`tx_q${q}_packets`, s.counters.tx],
      [`tx_q${q}_bytes`, s.counters.tx_bytes],
    );
  }
  const listed = items.slice(0, 256); // RTE_ETH_XSTATS_MAX_LEN
  return {
    xstats_name: listed.map(([name]) => ({ name })),
    values: listed.map(([, v]) => v),
    len: listed.length,
    port_id: 0,
    // Not a bonding device: the client then skips the bonding block.
    bonding: { mode: -1, miimon: 0, primary_port_id: 0, slaves: [], slave_count: 0 },
  };
}

/** RTE_ETH_RX_OFFLOAD_{VLAN_STRIP,IPV4,UDP,TCP}_CKSUM and TX {IPV4,UDP,TCP}_CKSUM | TCP_TSO (§3.7). */
export const NIC_FEATURES = { port_id: 0, rx_offload: 0xfn, tx_offload: 0x2en } as const;
