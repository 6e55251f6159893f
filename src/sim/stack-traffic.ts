/**
 * One stack thread's state in the traffic model: cumulative counters (u64 bigints that only grow
 * while the process lives), gauges, and the latency and aggregate meters that START_LATENCY zeroes.
 */
import { U64_MAX } from '../protocol/enums.js';
import { LATENCY_STAGES, type LatencyStageName } from '../protocol/era-spec.js';
import type { StackConnections } from './connections.js';
import { SNMP_COUNTERS, STACK_COUNTERS, type SnmpCounter, type StackCounter } from './traffic-names.js';

/** struct stack_latency: microseconds and packet counts. */
export interface LatencyMeter {
  max: bigint;
  min: bigint;
  pkts: bigint;
  total: bigint;
}
export const freshMeter = (): LatencyMeter => ({ max: 0n, min: U64_MAX, pkts: 0n, total: 0n });

/** Packet counts per size bucket (u32 in C, zeroed by START) and bytes, for RX and TX. */
export interface AggregateMeter {
  rx: number[];
  tx: number[];
  rx_bytes: bigint;
  tx_bytes: bigint;
}
export const freshAggregate = (): AggregateMeter => ({
  rx: [0, 0, 0, 0, 0],
  tx: [0, 0, 0, 0, 0],
  rx_bytes: 0n,
  tx_bytes: 0n,
});

/** Levels rather than counters: pool and ring occupancy at the last tick. */
export interface StackGauges {
  mbuf_pool_cnt: number;
  rpc_pool_cnt: number;
  recv_list_cnt: number;
  backup_mbuf_cnt: number;
  tx_ring_cnt: number;
  rx_ring_cnt: number;
  reg_ring_cnt: number;
}

export class StackTraffic {
  readonly counters = Object.fromEntries(STACK_COUNTERS.map((n) => [n, 0n])) as Record<StackCounter, bigint>;
  readonly snmp = Object.fromEntries(SNMP_COUNTERS.map((n) => [n, 0n])) as Record<SnmpCounter, bigint>;
  /** rx_iter_arr: NIC reads that returned k packets, k = 0..32. */
  readonly rxIter: bigint[] = new Array<bigint>(33).fill(0n);
  readonly gauges: StackGauges = {
    mbuf_pool_cnt: 0,
    rpc_pool_cnt: 0,
    recv_list_cnt: 0,
    backup_mbuf_cnt: 0,
    tx_ring_cnt: 0,
    rx_ring_cnt: 0,
    reg_ring_cnt: 0,
  };
  latency = Object.fromEntries(LATENCY_STAGES.map((s) => [s, freshMeter()])) as Record<
    LatencyStageName,
    LatencyMeter
  >;
  /** ltran's own receive-path latency for this stack (gazelle_stat_lstack_total.latency_*). */
  ltranLatency = freshMeter();
  aggregate = freshAggregate();
  /** A slow random walk around 1 that modulates the load. */
  load = 1;

  constructor(
    readonly index: number,
    readonly conns: StackConnections,
  ) {}

  add(name: StackCounter, n: number): void {
    if (n > 0) this.counters[name] += BigInt(n);
  }

  addSnmp(name: SnmpCounter, n: number): void {
    if (n > 0) this.snmp[name] += BigInt(n);
  }
}
