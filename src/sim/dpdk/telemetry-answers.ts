/**
 * PURE: what a simulated primary's telemetry v2 answers (DPDK.md §4), from the traffic models of
 * the instance's lstack processes: one port whose counters are the stacks' sums, one mbuf pool per
 * stack whose in-use count is the pool gauge lstack reports, one heap.
 */
import type { SimLstackProcess } from '../lstack-process.js';

export const SIM_DPDK_VERSION = 'DPDK 22.11.11';
export const MAX_OUTPUT_LEN = 16384;
/** lstack's per-stack mbuf pool, as the traffic model's mbuf_pool_cnt gauge assumes. */
const POOL_SIZE = 65536;
const POOL_CACHE = 256;
const HEAP_BYTES = 1024 * 1024 * 1024;

const COMMANDS = [
  '/',
  '/info',
  '/help',
  '/ethdev/list',
  '/ethdev/stats',
  '/ethdev/xstats',
  '/ethdev/link_status',
  '/ethdev/info',
  '/mempool/list',
  '/mempool/info',
  '/eal/heap_list',
  '/eal/heap_info',
  '/eal/params',
  '/eal/app_params',
  '/eal/memzone_list',
];

export interface SimGroupFacts {
  readonly pid: number;
  readonly filePrefix: string;
  readonly processes: readonly SimLstackProcess[];
}

export function greeting(g: SimGroupFacts): string {
  return JSON.stringify({ version: SIM_DPDK_VERSION, pid: g.pid, max_output_len: MAX_OUTPUT_LEN });
}

const poolName = (p: number, s: number): string => `rxtx_mbuf_pool_${p}_${s}`;

function sum(
  g: SimGroupFacts,
  name: 'rx' | 'tx' | 'rx_bytes' | 'tx_bytes' | 'rx_drop' | 'rx_err' | 'tx_err' | 'rx_allocmbuf_fail',
): number {
  let n = 0n;
  for (const p of g.processes) for (const s of p.traffic.stacks) n += s.counters[name];
  return Number(n);
}

function portStats(g: SimGroupFacts): Record<string, number> {
  return {
    ipackets: sum(g, 'rx'),
    opackets: sum(g, 'tx'),
    ibytes: sum(g, 'rx_bytes'),
    obytes: sum(g, 'tx_bytes'),
    imissed: sum(g, 'rx_drop'),
    ierrors: sum(g, 'rx_err'),
    oerrors: sum(g, 'tx_err'),
    rx_nombuf: sum(g, 'rx_allocmbuf_fail'),
  };
}

function mempoolInfo(g: SimGroupFacts, name: string): Record<string, unknown> | null {
  for (const [pi, p] of g.processes.entries()) {
    for (const [si, s] of p.traffic.stacks.entries()) {
      if (poolName(pi, si) !== name) continue;
      const free = Math.max(0, Math.min(POOL_SIZE, s.gauges.mbuf_pool_cnt));
      const cached = Math.min(free, POOL_CACHE);
      return {
        name,
        socket_id: 0,
        size: POOL_SIZE,
        cache_size: POOL_CACHE,
        elt_size: 2304,
        populated_size: POOL_SIZE,
        total_cache_count: cached,
        common_pool_count: free - cached,
      };
    }
  }
  return null;
}

/** The reply object to one command; `{"<command>": null}` for what DPDK would not know. */
export function answer(g: SimGroupFacts, text: string): Record<string, unknown> {
  const comma = text.indexOf(',');
  const cmd = comma < 0 ? text : text.slice(0, comma);
  const param = comma < 0 ? '' : text.slice(comma + 1);
  const reply = (body: unknown): Record<string, unknown> => ({ [cmd]: body });
  const port0 = param === '0';
  switch (cmd) {
    case '/':
      return reply(COMMANDS);
    case '/info':
      return reply({ version: SIM_DPDK_VERSION, pid: g.pid, max_output_len: MAX_OUTPUT_LEN });
    case '/ethdev/list':
      return reply([0]);
    case '/ethdev/stats':
      return reply(port0 ? portStats(g) : null);
    case '/ethdev/xstats': {
      if (!port0) return reply(null);
      const s = portStats(g);
      return reply({
        rx_good_packets: s.ipackets,
        tx_good_packets: s.opackets,
        rx_good_bytes: s.ibytes,
        tx_good_bytes: s.obytes,
        rx_missed_errors: s.imissed,
        rx_errors: s.ierrors,
        tx_errors: s.oerrors,
        rx_mbuf_allocation_errors: s.rx_nombuf,
      });
    }
    case '/ethdev/link_status':
      return reply(port0 ? { status: 'UP', speed: 25000, duplex: 'full-duplex' } : null);
    case '/ethdev/info':
      return reply(
        port0
          ? { name: 'net_sim0', state: 1, nb_rx_queues: g.processes[0]?.traffic.stacks.length ?? 1 }
          : null,
      );
    case '/mempool/list':
      return reply(g.processes.flatMap((p, pi) => p.traffic.stacks.map((_, si) => poolName(pi, si))));
    case '/mempool/info':
      return reply(mempoolInfo(g, param));
    case '/eal/heap_list':
      return reply([0]);
    case '/eal/heap_info': {
      if (param !== '0') return reply(null);
      const alloc = Math.round(HEAP_BYTES * 0.4);
      return reply({
        Head_id: 0,
        Name: 'socket_0',
        Heap_size: HEAP_BYTES,
        Free_size: HEAP_BYTES - alloc,
        Alloc_size: alloc,
      });
    }
    case '/eal/params':
      return reply(['gazellectl-sim', `--file-prefix=${g.filePrefix}`, '--no-huge', '--no-pci']);
    case '/eal/app_params':
      return reply([]);
    case '/eal/memzone_list':
      return reply([]);
    default:
      return reply(null);
  }
}
