/**
 * What ltran writes for its own modes (PROTOCOL.md §4.2-§4.5, §5.2, §5.4). ltran sees every packet of
 * its registered lstack processes, so its counters are sums over their stacks.
 */
import { encodeLtran, type Decoded } from '../protocol/codec.js';
import type { Wire } from '../protocol/profiles.js';
import { GAZELLE_MAX_ETHPORTS } from '../protocol/structs-common.js';
import { ipv4Wire } from './addr.js';
import type { SimLstackProcess } from './lstack-process.js';
import type { StackTraffic } from './stack-traffic.js';
import type { StackCounter } from './traffic-names.js';

export interface LtranState {
  /** gazelle_stat_ltran_port.loglevel, changed by LTRAN_LOG_LEVEL_SET. */
  loglevel: number;
  /** Bond ports; client i is attached to port i % ports. */
  readonly ports: number;
  readonly clients: readonly SimLstackProcess[];
}

const IPPROTO_TCP = 6;
/** GAZELLE_CLIENT_STATE_NORMAL */
const CLIENT_NORMAL = 0;

const bondPortOf = (ltran: LtranState, client: number): number => client % ltran.ports;

const sumOver = (stacks: readonly StackTraffic[], name: StackCounter): bigint =>
  stacks.reduce((a, s) => a + s.counters[name], 0n);

/** gazelle_stat_ltran_total for LTRAN_SHOW / _RATE / _BURST. */
export function ltranTotal(wire: Wire, ltran: LtranState): Buffer {
  const ports = Math.min(ltran.ports, GAZELLE_MAX_ETHPORTS);
  const port_list = Array.from({ length: ports }, (_, p) => {
    const stacks = ltran.clients
      .filter((_, i) => bondPortOf(ltran, i) === p)
      .flatMap((c) => c.traffic.stacks);
    const sum = (name: StackCounter) => sumOver(stacks, name);
    const toKernel = sum('arp_pkt') + sum('kni_pkt');
    return {
      rx: sum('rx') + toKernel,
      tx: sum('tx'),
      tx_drop: sum('tx_drop'),
      // ltran never copies rx_drop (§5.2): the real answer carries leftover memory; we send 0
      rx_iter_arr: Array.from({ length: 33 }, (_, k) => stacks.reduce((a, s) => a + s.rxIter[k], 0n)),
      rx_bytes: sum('rx_bytes'),
      tx_bytes: sum('tx_bytes'),
      arp_pkt: sum('arp_pkt'),
      kni_pkt: sum('kni_pkt'),
      icmp_pkt: sum('icmp_pkt'),
      tcp_pkt: sum('tcp_pkt'),
      loglevel: ltran.loglevel,
    };
  });
  return encodeLtran(wire, 'ltranTotal', { port_num: ports, port_list });
}

/** gazelle_stat_ltran_client for LTRAN_SHOW_INSTANCE. */
export function ltranClients(wire: Wire, ltran: LtranState): Buffer {
  return encodeLtran(wire, 'ltranClient', {
    client_num: ltran.clients.length,
    client_info: ltran.clients.map((c, i) => ({
      id: i,
      bond_port: bondPortOf(ltran, i),
      ip: c.ipWire,
      state: CLIENT_NORMAL,
      stack_cnt: c.tids.length,
      sockfd: 20 + i,
      pid: c.pid,
    })),
  });
}

/**
 * gazelle_stat_forward_table: the socket table lists IPv4 listeners with their open connections,
 * the connection table every IPv4 connection (ltran forwards IPv4 only).
 */
export function forwardTable(wire: Wire, ltran: LtranState, table: 'socktable' | 'conntable'): Buffer {
  const entries: Decoded[] = [];
  for (const client of ltran.clients) {
    client.traffic.stacks.forEach((s, i) => {
      const tid = client.tids[i];
      const v4 = s.conns.list.filter((c) => c.local.family === 4);
      for (const c of v4) {
        if (table === 'socktable' && c.state === 'LISTEN') {
          const open = v4.filter((o) => o.state !== 'LISTEN' && o.localPort === c.localPort).length;
          entries.push({ tid, dst_ip: ipv4Wire(c.local), dst_port: c.localPort, conn_num: open });
        } else if (table === 'conntable' && c.state !== 'LISTEN') {
          entries.push({
            tid,
            protocol: IPPROTO_TCP,
            src_ip: ipv4Wire(c.remote),
            src_port: c.remotePort,
            dst_ip: ipv4Wire(c.local),
            dst_port: c.localPort,
          });
        }
      }
    });
  }
  // conn_num counts what ltran found; the array holds at most 22000 (Layout.encode stops there)
  return encodeLtran(wire, 'forwardTable', { conn_num: entries.length, conn_list: entries });
}

function lstackTotalValue(proc: SimLstackProcess, s: StackTraffic, eof: boolean): Decoded {
  const c = s.counters;
  const m = s.ltranLatency;
  return {
    eof: eof ? 1 : 0,
    tid: proc.tids[s.index],
    index: s.index,
    rx: c.rx,
    tx: c.tx,
    rx_err: c.rx_err,
    tx_err: c.tx_err,
    rx_drop: c.rx_drop,
    tx_drop: c.tx_drop,
    tx_backup: c.tx_backup,
    tx_bytes: c.tx_bytes,
    rx_bytes: c.rx_bytes,
    latency_total: m.total,
    latency_pkts: m.pkts,
    latency_min: m.min,
    latency_max: m.max,
    backup_mbuf_cnt: s.gauges.backup_mbuf_cnt,
    tx_ring_cnt: s.gauges.tx_ring_cnt,
    rx_ring_cnt: s.gauges.rx_ring_cnt,
    reg_ring_cnt: s.gauges.reg_ring_cnt,
  };
}

/** LTRAN_SHOW_LB_RATE (and the first part of LTRAN_SHOW_LSTACK): one lstack_total per stack. */
export function lstackTotals(wire: Wire, proc: SimLstackProcess): Buffer[] {
  const stacks = proc.traffic.stacks;
  if (stacks.length === 0) return [encodeLtran(wire, 'lstackTotal', { eof: 1 })];
  return stacks.map((s, i) =>
    encodeLtran(wire, 'lstackTotal', lstackTotalValue(proc, s, i === stacks.length - 1)),
  );
}

/**
 * LTRAN_SHOW_LATENCY (§5.4): (in_addr, lstack_total) for every stack of every client, then the end
 * marker — the terminating lstack_total (eof = 1, still holding the last stack's values) preceded by
 * its own first 4 bytes where an address would be.
 */
export function latencyStream(wire: Wire, ltran: LtranState): Buffer[] {
  const out: Buffer[] = [];
  let lastValue: Decoded = {};
  for (const client of ltran.clients) {
    for (const s of client.traffic.stacks) {
      lastValue = lstackTotalValue(client, s, false);
      out.push(
        encodeLtran(wire, 'inAddr', { s_addr: client.ipWire }),
        encodeLtran(wire, 'lstackTotal', lastValue),
      );
    }
  }
  const terminator = encodeLtran(wire, 'lstackTotal', { ...lastValue, eof: 1 });
  out.push(terminator.subarray(0, wire.layouts.inAddr.size), terminator);
  return out;
}
