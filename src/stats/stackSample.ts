/**
 * The one place that knows where each era keeps a stack's counters inside
 * gazelle_stack_dfx_data.data.pkts (PROTOCOL.md §4.1, §11): everything above works on StackSample.
 */
import type { Decoded } from '../protocol/codec.js';
import type { ProfileName } from '../protocol/profiles.js';

/** One stack thread's counters at one instant, era-independent. Counters are u64 (bigint). */
export interface StackSample {
  tid: number;
  stackId: number;
  rx: bigint;
  tx: bigint;
  rxDrop: bigint;
  txDrop: bigint;
  /** Only where the era reports bytes (aggregate_stats, or ltran's lstack_total). */
  rxBytes?: bigint;
  txBytes?: bigint;
  /** rx_allocmbuf_fail + tx_allocmbuf_fail. */
  allocFail: bigint;
  connNum: number;
  /** Free mbufs in the stack's pool (mbuf_pool_cnt / mbufpool_avail_cnt / mempool_freecnt). */
  mbufFree: number;
  wakeupEvents: bigint;
  loglevel: number;
  lowPower: number;
}

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt((v as number | undefined) ?? 0));

/** Maps a decoded LSTACK_SHOW / LTRAN_SHOW_LSTACK answer; `index` stands in for v1.0.2's missing stack_id. */
export function stackSampleFromDfx(profile: ProfileName, dfx: Decoded, index: number): StackSample {
  const pkts = dfx.data.pkts ?? {};
  const ss = pkts.stack_stat ?? {};
  // One literal, no spreads: this runs for every stack on every poll, and a spread costs more than
  // the rest of the mapping while the code is still cold (a poll a second stays cold for minutes).
  // No byte counters here: lstack's aggregate rx_bytes/tx_bytes only count between START and STOP
  // of a latency measurement (and START zeroes them), so they are not a running counter and a rate
  // from them would be 0 or nonsense. Behind ltran, withLtranBytes supplies real ones.
  let connNum: number | undefined;
  let mbufFree: number | undefined;
  switch (profile) {
    case 'v1.0.3':
      connNum = ss.conn_num;
      mbufFree = ss.mbuf_pool_cnt;
      break;
    case 'v2024.09':
      connNum = pkts.conn_num;
      mbufFree = pkts.mbufpool_avail_cnt;
      break;
    case 'v1.0.2':
      connNum = pkts.conn_num;
      mbufFree = pkts.mempool_freecnt;
      break;
  }
  return {
    tid: dfx.tid as number,
    stackId: (dfx.stack_id as number | undefined) ?? index,
    rx: big(ss.rx),
    tx: big(ss.tx),
    rxDrop: big(ss.rx_drop),
    txDrop: big(ss.tx_drop),
    allocFail: big(ss.rx_allocmbuf_fail) + big(ss.tx_allocmbuf_fail),
    wakeupEvents: big(ss.wakeup_events),
    loglevel: dfx.loglevel as number,
    lowPower: (dfx.low_power_info?.low_power_mod as number | undefined) ?? 0,
    connNum: connNum ?? 0,
    mbufFree: mbufFree ?? 0,
  };
}

/**
 * In ltran mode ltran's own gazelle_stat_lstack_total counts the bytes it forwarded per stack,
 * which every era has; prefer them to lstack's aggregate bytes (zeroed by each START_LATENCY).
 */
export function withLtranBytes(sample: StackSample, total: Decoded | undefined): StackSample {
  if (!total) return sample;
  return { ...sample, rxBytes: big(total.rx_bytes), txBytes: big(total.tx_bytes) };
}
