/**
 * The traffic model of one simulated lstack process: its N stack threads (stack-traffic.ts) and
 * the connections, advanced together. Pure and deterministic: the
 * state advances in fixed ticks counted from the start time, so it depends only on the seed, the
 * configuration and the times passed in (never on Date.now, nor on how often it is asked).
 *
 * Cumulative counters are u64 bigints that only grow while the process lives; the latency and
 * aggregate meters are zeroed by START_LATENCY and only fill while measuring (PROTOCOL.md §5.1, §7.1).
 * Counter names are the C member names where a C member carries them.
 */
import { LATENCY_STAGES, type LatencyStageName } from '../protocol/era-spec.js';
import type { Addr } from './addr.js';
import { StackConnections, type ConnConfig, type ConnEvents } from './connections.js';
import { Rng } from './rng.js';
import { freshAggregate, freshMeter, StackTraffic, type LatencyMeter } from './stack-traffic.js';

/** Mean microseconds per stage at nominal load; the *_MAX stages are the sum of their parts. */
const STAGE_US: Record<Exclude<LatencyStageName, 'READ_MAX' | 'WRITE_MAX'>, number> = {
  INTO_MBOX: 3,
  READ_LWIP: 2,
  READ_APP_CALL: 6,
  READ_LSTACK: 4,
  WRITE_INTO_RING: 2,
  WRITE_LWIP: 5,
  WRITE_LSTACK: 3,
  WRITE_RPC_MSG: 7,
  RECVMBOX_READY: 9,
};
const READ_PARTS = ['INTO_MBOX', 'READ_LWIP', 'READ_APP_CALL', 'READ_LSTACK'] as const;
const WRITE_PARTS = ['WRITE_INTO_RING', 'WRITE_LWIP', 'WRITE_LSTACK'] as const;

const BUCKET_BYTES = [48, 300, 1100, 4200, 12000];
const RX_SHARE = [0.3, 0.35, 0.28, 0.05, 0.02];
const TX_SHARE = [0.25, 0.3, 0.36, 0.06, 0.03];

export interface TrafficConfig extends ConnConfig {
  readonly seed: number;
  readonly stacks: number;
  /** Mean received packets per second per stack. */
  readonly pps: number;
  /** Share of received packets the stack drops (transmit drops are half as frequent). */
  readonly dropRate: number;
  /** Chance per tick that a stack sees a burst of 2-5 times its load. */
  readonly burstChance: number;
  readonly local: { readonly v4: Addr; readonly v6: Addr };
}

export const TRAFFIC_DEFAULTS = {
  pps: 10_000,
  dropRate: 0.0005,
  burstChance: 0.03,
  connRate: 2,
  maxConns: 48,
  connLifetimeMs: 20_000,
  closeWaitMs: 1500,
  timeWaitMs: 6000,
  ipv6Share: 0.25,
  keepaliveShare: 0.5,
  tickMs: 100,
} as const;

/** Busy polling: empty NIC reads per second per queue (rx_iter_arr[0]). */
const EMPTY_POLLS_PER_S = 2_000_000;
/** Packets per second at which a NIC read returns one more packet on average. */
const PPS_PER_BURST_PKT = 50_000;

/** A scripted incident's effect on one tick of one stack (sim/script.ts). */
export interface Incident {
  /** Multiplies the load. */
  load: number;
  /** Replaces the drop rate / the mbuf allocation failure rate per received packet. */
  dropRate?: number;
  allocRate?: number;
}

export class TrafficModel {
  readonly stacks: StackTraffic[];
  /** Scripted incidents by tick end time and stack; null: none (the counters stay as seeded). */
  incident: ((tickEndMs: number, stack: number) => Incident | null) | null = null;
  /** START_LATENCY .. STOP_LATENCY of lstack, and of ltran (its own latency_* counters). */
  measuring = false;
  ltranMeasuring = false;
  /** When the current lstack measurement started (ms, the clock passed in). */
  measureStartMs = 0;
  private readonly rng: Rng;
  private nextTickAt: number;
  private ticksDone = 0;

  constructor(
    readonly cfg: TrafficConfig,
    readonly startMs: number,
  ) {
    this.rng = new Rng(cfg.seed);
    this.nextTickAt = startMs + cfg.tickMs;
    let fd = 10;
    const allocFd = () => fd++;
    this.stacks = Array.from(
      { length: cfg.stacks },
      (_, i) => new StackTraffic(i, new StackConnections(this.rng, cfg, cfg.local, allocFd)),
    );
    for (const s of this.stacks) this.updateGauges(s, 0);
  }

  get ticks(): number {
    return this.ticksDone;
  }

  /** Runs every whole tick up to `nowMs`. Times in the past are ignored (counters never go back). */
  advanceTo(nowMs: number): void {
    while (this.nextTickAt <= nowMs) {
      for (const s of this.stacks) this.tick(s);
      this.nextTickAt += this.cfg.tickMs;
      this.ticksDone++;
    }
  }

  /** LTRAN_START_LATENCY as lstack handles it: zero latency and aggregate meters, start measuring. */
  startLatency(nowMs: number): void {
    this.advanceTo(nowMs);
    for (const s of this.stacks) {
      s.latency = Object.fromEntries(
        LATENCY_STAGES.map((st) => [st, freshMeter()]),
      ) as StackTraffic['latency'];
      s.aggregate = freshAggregate();
    }
    this.measuring = true;
    this.measureStartMs = nowMs;
  }

  stopLatency(nowMs: number): void {
    this.advanceTo(nowMs);
    this.measuring = false;
  }

  startLtranLatency(nowMs: number): void {
    this.advanceTo(nowMs);
    for (const s of this.stacks) s.ltranLatency = freshMeter();
    this.ltranMeasuring = true;
  }

  stopLtranLatency(nowMs: number): void {
    this.advanceTo(nowMs);
    this.ltranMeasuring = false;
  }

  private tick(s: StackTraffic): void {
    const { cfg, rng } = this;
    const dt = cfg.tickMs / 1000;
    s.load = Math.min(1.5, Math.max(0.5, s.load + (rng.next() - 0.5) * 0.08));
    const inc = this.incident?.(this.nextTickAt, s.index) ?? null;
    const burst = (rng.chance(cfg.burstChance) ? 2 + rng.next() * 3 : 1) * (inc?.load ?? 1);
    const dropRate = inc?.dropRate ?? cfg.dropRate;
    const rx = rng.count(cfg.pps * dt * s.load * burst);
    const rxDrop = Math.min(rx, rng.count(rx * dropRate));
    const delivered = rx - rxDrop;
    const tx = rng.count(delivered * (0.85 + 0.3 * rng.next()));
    const txDrop = Math.min(tx, rng.count(tx * dropRate * 0.5));

    const rxSizes = this.splitBySize(delivered, RX_SHARE);
    const txSizes = this.splitBySize(tx, TX_SHARE);
    const rxBytes = this.bytesOf(rxSizes);
    const txBytes = this.bytesOf(txSizes);

    // IP payload by protocol: mostly TCP, some UDP, ICMP echo answered one for one.
    const tcpIn = Math.floor(delivered * 0.9);
    const udpIn = Math.floor(delivered * 0.08);
    const icmpIn = delivered - tcpIn - udpIn;
    const icmpOut = Math.min(icmpIn, tx);
    const udpOut = Math.floor((tx - icmpOut) * 0.08);
    const tcpOut = tx - icmpOut - udpOut;
    const arp = rng.count(dt * 2);
    const kni = rng.count(dt * 1.5);

    const ev = s.conns.tick(rxBytes, txBytes);

    s.add('rx', rx);
    s.add('rx_drop', rxDrop);
    s.add('tx', tx);
    s.add('tx_drop', txDrop);
    s.add('rx_bytes', rxBytes);
    s.add('tx_bytes', txBytes);
    s.add('rx_err', rng.count(rx * 1e-6));
    s.add('tx_err', rng.count(tx * 1e-6));
    s.add('tx_backup', rng.count(tx * 1e-4));
    s.add('rx_allocmbuf_fail', rng.count(rx * (inc?.allocRate ?? 2e-6)));
    s.add('tx_allocmbuf_fail', rng.count(tx * 1e-6));
    s.add('tx_prepare_fail', rng.count(tx * 1e-7));
    s.add('read_lwip_cnt', delivered);
    s.add('read_lwip_drop', rng.count(rxDrop * 0.1));
    s.add('write_lwip_cnt', tx);
    s.add('send_pkts_fail', txDrop);
    s.add('call_null', rng.count(dt * 0.5));
    s.add('wakeup_events', rng.count(delivered * 0.6));
    s.add('kernel_events', rng.count(dt * 3));
    s.add('app_events', rng.count(delivered * 0.6));
    s.add('app_read_cnt', rng.count(delivered * 0.9));
    s.add('read_null', rng.count(delivered * 0.02));
    s.add('app_write_cnt', tx);
    s.add('app_write_rpc', rng.count(tx * 0.05));
    s.add('accept_fail', rng.count(ev.arrived * 0.01));
    s.add('sock_rx_drop', rng.count(rxDrop * 0.1));
    s.add('sock_tx_merge', rng.count(tx * 0.03));
    s.add('call_msg_cnt', rng.count(tx * 0.05) + 2 * ev.arrived);
    s.add('call_alloc_fail', rng.count(tx * 1e-7));
    s.add('arp_pkt', arp);
    s.add('icmp_pkt', icmpIn);
    s.add('tcp_pkt', tcpIn);
    s.add('kni_pkt', kni);
    s.add('virtio_rx_pkg', kni);
    s.add('virtio_tx_pkg', rng.count(dt * 1.5));
    s.add('virtio_rx_drop', rng.count(kni * 0.01));
    s.add('virtio_user_event_cnt', kni);
    s.add('nic_event_cnt', rng.count(dt * (rx > 0 ? 50 : 5)));
    s.add('remote_event_cnt', rng.count(dt * 15));
    s.add('local_event_cnt', rng.count(dt * 20));
    s.add('timeout_event_cnt', rng.count(dt * 10));

    this.snmpTick(s, { delivered, tx, txDrop, tcpIn, tcpOut, udpIn, udpOut, icmpIn, icmpOut }, ev);
    this.burstTick(s, rx, dt);
    if (this.measuring) this.measureTick(s, delivered, tx, rxSizes, txSizes, rxBytes, txBytes, burst);
    if (this.ltranMeasuring) this.meter(s.ltranLatency, rx, 4 * s.load * (0.8 + 0.4 * rng.next()));
    this.updateGauges(s, rx);
  }

  /** gazelle_stat_lstack_snmp, consistent with the packets of the tick. */
  private snmpTick(
    s: StackTraffic,
    p: Record<
      'delivered' | 'tx' | 'txDrop' | 'tcpIn' | 'tcpOut' | 'udpIn' | 'udpOut' | 'icmpIn' | 'icmpOut',
      number
    >,
    ev: ConnEvents,
  ): void {
    const { rng } = this;
    const discard = Math.min(p.delivered, rng.count(p.delivered * 1e-5));
    s.addSnmp('ip_in_recv', p.delivered);
    s.addSnmp('ip_in_deliver', p.delivered - discard);
    s.addSnmp('ip_in_discard', discard);
    s.addSnmp('ip_inhdr_err', rng.count(p.delivered * 1e-6));
    s.addSnmp('ip_out_req', p.tx);
    s.addSnmp('ip_out_discard', p.txDrop);
    s.addSnmp('tcp_in_seg', p.tcpIn);
    s.addSnmp('tcp_out_seg', p.tcpOut);
    s.addSnmp('tcp_retran_seg', rng.count(p.tcpOut * 1e-3));
    s.addSnmp('tcp_in_err', rng.count(p.tcpIn * 1e-5));
    s.addSnmp('tcp_delay_ack_cnt', rng.count(p.tcpIn * 0.15));
    s.addSnmp('tcp_in_empty_acks', rng.count(p.tcpIn * 0.3));
    s.addSnmp('tcp_out_of_seq', rng.count(p.tcpIn * 5e-4));
    s.addSnmp('tcp_ooseq_data_drop', rng.count(p.tcpIn * 1e-6));
    s.addSnmp('tcp_passive_open', ev.arrived);
    s.addSnmp('tcp_attempt_fail', ev.failed);
    s.addSnmp('tcp_rst_wrong_ack_in_syn_rcvd', ev.failed);
    s.addSnmp('tcp_estab_rst', ev.resets);
    s.addSnmp('tcp_out_rst', ev.dropped);
    s.addSnmp('tcp_fin_ack_cnt', ev.finished);
    s.addSnmp('tcp_listen_drops', ev.dropped);
    s.addSnmp('tcp_acceptmbox_full', ev.dropped);
    s.addSnmp('udp_in_datagrams', p.udpIn);
    s.addSnmp('udp_out_datagrams', p.udpOut);
    s.addSnmp('udp_no_ports', rng.count(p.udpIn * 1e-3));
    s.addSnmp('icmp_in_msgs', p.icmpIn);
    s.addSnmp('icmp_in_echos', p.icmpIn);
    s.addSnmp('icmp_out_msgs', p.icmpOut);
    s.addSnmp('icmp_out_echo_reps', p.icmpOut);
  }

  /** rx_iter_arr: how the tick's packets came out of the NIC, read by read (DPDK burst of up to 32). */
  private burstTick(s: StackTraffic, rx: number, dt: number): void {
    s.rxIter[0] += BigInt(this.rng.count(EMPTY_POLLS_PER_S * dt * (0.9 + 0.2 * this.rng.next())));
    let left = rx;
    // Read sizes are spread exponentially around a mean that grows with the packet rate.
    const mean = Math.max(0.5, rx / dt / PPS_PER_BURST_PKT);
    // Each pass books a quarter of what is left at one size: a few dozen passes per tick.
    while (left > 0) {
      const k = Math.min(left, 32, 1 + Math.floor(-Math.log(1 - this.rng.next()) * mean));
      const reads = Math.max(1, Math.floor(left / k / 4));
      s.rxIter[k] += BigInt(reads);
      left -= reads * k;
    }
  }

  /** Splits packets over the size buckets: exact shares, the remainder to random buckets. */
  private splitBySize(pkts: number, shares: readonly number[]): number[] {
    const counts = shares.map((sh) => Math.floor(pkts * sh));
    for (let rest = pkts - counts.reduce((a, b) => a + b, 0); rest > 0; rest--) counts[this.rng.int(0, 4)]++;
    return counts;
  }

  private bytesOf(counts: readonly number[]): number {
    return counts.reduce(
      (sum, n, i) => sum + n * BUCKET_BYTES[i] + this.rng.count(n * BUCKET_BYTES[i] * 0.05),
      0,
    );
  }

  private measureTick(
    s: StackTraffic,
    delivered: number,
    tx: number,
    rxSizes: readonly number[],
    txSizes: readonly number[],
    rxBytes: number,
    txBytes: number,
    burst: number,
  ): void {
    const { rng } = this;
    const agg = s.aggregate;
    // u32 in C: wrap like the daemon would.
    rxSizes.forEach((n, i) => (agg.rx[i] = (agg.rx[i] + n) >>> 0));
    txSizes.forEach((n, i) => (agg.tx[i] = (agg.tx[i] + n) >>> 0));
    agg.rx_bytes += BigInt(rxBytes);
    agg.tx_bytes += BigInt(txBytes);

    const slow = 0.7 + 0.3 * s.load * burst;
    const mean = {} as Record<LatencyStageName, number>;
    for (const [stage, us] of Object.entries(STAGE_US))
      mean[stage as LatencyStageName] = us * slow * (0.8 + 0.4 * rng.next());
    mean.READ_MAX = READ_PARTS.reduce((a, st) => a + mean[st], 0);
    mean.WRITE_MAX = WRITE_PARTS.reduce((a, st) => a + mean[st], 0);
    for (const stage of LATENCY_STAGES) {
      const n = stage.startsWith('WRITE_RPC')
        ? rng.count(tx * 0.05)
        : stage.startsWith('WRITE')
          ? tx
          : stage === 'RECVMBOX_READY'
            ? rng.count(delivered * 0.9)
            : delivered;
      this.meter(s.latency[stage], n, mean[stage]);
    }
  }

  private meter(m: LatencyMeter, n: number, meanUs: number): void {
    if (n <= 0) return;
    const min = BigInt(Math.max(1, Math.floor(meanUs * 0.3)));
    const max = BigInt(Math.ceil(meanUs * (2 + 6 * this.rng.next())));
    m.pkts += BigInt(n);
    m.total += BigInt(Math.round(n * meanUs));
    if (min < m.min) m.min = min;
    if (max > m.max) m.max = max;
  }

  private updateGauges(s: StackTraffic, rx: number): void {
    const { rng } = this;
    const g = s.gauges;
    const busy = s.conns.list.filter((c) => c.recvmbox > 0);
    g.mbuf_pool_cnt = 65536 - Math.min(60000, Math.floor(rx / 4)) - rng.int(0, 512);
    g.rpc_pool_cnt = 1024 - rng.int(0, 32);
    g.recv_list_cnt = busy.length;
    g.backup_mbuf_cnt = rng.int(0, 16);
    g.tx_ring_cnt = rng.int(0, 64);
    g.rx_ring_cnt = rng.int(0, 64);
    g.reg_ring_cnt = rng.int(0, 4);
  }
}
