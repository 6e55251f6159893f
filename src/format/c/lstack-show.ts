/**
 * `lstack show ID` (gazelle_print_lstack_stat_total): in ltran mode first ltran's per-stack
 * counters (the "brief" part, gazelle_stat_lstack_total), then every stack's dfx counters (the
 * "detail" part, whose labels changed with each era).
 */
import type { Decoded } from '../../protocol/codec.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { sprintf } from './printf.js';
import { loglevelName } from '../../model/loglevel.js';
import type { StepPrinter } from './step-printer.js';

/** gazelle_print_lstack_stat_brief(): one block per gazelle_stat_lstack_total. */
export function lstackBrief(stat: Decoded): string {
  let out = sprintf('\n------ stack tid: %6u ------\n', stat.tid);
  out += sprintf('rx_pkts: %-15lu ', stat.rx);
  out += sprintf('rx_bytes: %-15lu ', stat.rx_bytes);
  out += sprintf('rx_err: %-15lu ', stat.rx_err);
  out += sprintf('rx_drop: %-15lu\n', stat.rx_drop);
  out += sprintf('tx_pkts: %-15lu ', stat.tx);
  out += sprintf('tx_bytes: %-15lu ', stat.tx_bytes);
  out += sprintf('tx_err: %-15lu ', stat.tx_err);
  out += sprintf('tx_drop: %-15lu\n', stat.tx_drop);
  out += sprintf('backup_mbuf_cnt: %-7u ', stat.backup_mbuf_cnt);
  out += sprintf('rx_ring_cnt: %-12u ', stat.rx_ring_cnt);
  out += sprintf('tx_ring_cnt: %-11u', stat.tx_ring_cnt);
  out += sprintf('reg_ring_cnt: %-7u\n', stat.reg_ring_cnt);
  return out;
}

/** The low-power and loglevel lines printed once, from the first stack's header. */
function detailHeader(dfx: Decoded): string {
  const lpm = dfx.low_power_info as Decoded;
  const mode =
    lpm.low_power_mod === 0
      ? 'low_power_mode: OFF\n'
      : sprintf(
          'low_power_mode: ON, rx_pkts: %u, detect_ms: %ums, pkts_in_detect: %u\n',
          lpm.lpm_rx_pkts,
          lpm.lpm_detect_ms,
          lpm.lpm_pkts_in_detect,
        );
  return mode + `loglevel: ${loglevelName(dfx.loglevel)}\n`;
}

/** show_lstack_stats() of tag 1.0.3 / HEAD (pkts split into stack_stat/wakeup_stat/rpc_stat). */
function stackStatsV103(dfx: Decoded): string {
  const p = dfx.data.pkts as Decoded;
  const s = p.stack_stat as Decoded;
  const w = p.wakeup_stat as Decoded;
  const r = p.rpc_stat as Decoded;
  let out = packetCounters(dfx);
  out += sprintf('mbuf_pool_freecnt: %-10u ', s.mbuf_pool_cnt);
  out += sprintf('conn_num: %-19hu ', s.conn_num); // %hu of a u32: printed modulo 65536
  out += sprintf('wakeup_events: %-14lu \n', s.wakeup_events);
  out += sprintf('rpc_pool_cnt: %-15u ', r.rpc_pool_cnt);
  out += sprintf('call_alloc_fail: %-12lu ', r.call_alloc_fail);
  out += sprintf('call_msg: %-19lu \n', r.call_msg_cnt);
  out += sprintf('kernel_events: %-14lu ', w.kernel_events);
  out += sprintf('app_events: %-17lu \n', w.app_events);
  out += sprintf('app_read: %-19lu ', w.app_read_cnt);
  out += sprintf('app_write: %-18lu ', w.app_write_cnt);
  out += sprintf('read_null: %-18lu \n', w.read_null);
  out += sprintf('sock_rx_drop: %-15lu ', w.sock_rx_drop);
  out += sprintf('sock_tx_merge: %-14lu ', w.sock_tx_merge);
  out += sprintf('accpet_fail: %-16lu \n', w.accept_fail); // sic
  return out;
}

/** The read/write path counters both older eras print, from their flat pkts (PROTOCOL.md §11.1). */
function appCounters(p: Decoded): string {
  const s = p.stack_stat as Decoded;
  const w = p.wakeup_stat as Decoded;
  let out = sprintf('app_read: %-19lu ', w.app_read_cnt);
  out += sprintf('read_lwip: %-18lu ', s.read_lwip_cnt);
  out += sprintf('read_lwip_drop: %-13lu \n', s.read_lwip_drop);
  out += sprintf('app_write: %-18lu ', w.app_write_cnt);
  out += sprintf('write_lwip: %-17lu ', s.write_lwip_cnt);
  out += sprintf('app_write_rpc: %-14lu \n', w.app_write_rpc);
  return out + sprintf('recv_list: %-18lu ', p.recv_list_cnt);
}

/** The wakeup and rpc counters both older eras print after conn_num, from their flat pkts. */
function eventCounters(p: Decoded): string {
  const s = p.stack_stat as Decoded;
  const w = p.wakeup_stat as Decoded;
  let out = sprintf('wakeup_events: %-14lu ', s.wakeup_events);
  out += sprintf('app_events: %-17lu ', w.app_events);
  out += sprintf('read_null: %-18lu \n', w.read_null);
  out += sprintf('call_msg: %-19lu ', p.call_msg_cnt);
  out += sprintf('call_alloc_fail: %-12lu ', p.call_alloc_fail);
  out += sprintf('call_null: %-18lu \n', s.call_null);
  return out + sprintf('send_pkts_fail: %-13lu ', s.send_pkts_fail);
}

/** The stack header and rx/tx packet lines every era prints first. */
function packetCounters(dfx: Decoded): string {
  const s = dfx.data.pkts.stack_stat as Decoded;
  let out = sprintf('\n------ stack tid: %6u ------\n', dfx.tid);
  out += sprintf('rx_pkts: %-20lu ', s.rx);
  out += sprintf('rx_drop: %-20lu ', s.rx_drop);
  out += sprintf('rx_allocmbuf_fail: %-10lu\n', s.rx_allocmbuf_fail);
  out += sprintf('tx_pkts: %-20lu ', s.tx);
  out += sprintf('tx_drop: %-20lu ', s.tx_drop);
  out += sprintf('tx_allocmbuf_fail: %-10lu\n', s.tx_allocmbuf_fail);
  return out;
}

/** show_lstack_stats() of 2024-09 .. 2025-07 (flat pkts with a u16 conn_num). */
function stackStatsV2024(dfx: Decoded): string {
  const p = dfx.data.pkts as Decoded;
  const s = p.stack_stat as Decoded;
  const w = p.wakeup_stat as Decoded;
  let out = packetCounters(dfx) + appCounters(p);
  out += sprintf('conn_num: %-19hu ', p.conn_num);
  out += sprintf('kernel_events: %-14lu\n', w.kernel_events);
  out += eventCounters(p);
  out += sprintf('mbuf_pool_freecnt: %-10u \n', p.mbufpool_avail_cnt);
  out += sprintf('accpet_fail: %-16lu ', s.accept_fail); // sic
  out += sprintf('sock_rx_drop: %-15lu ', s.sock_rx_drop);
  out += sprintf('sock_tx_merge: %-16lu \n', s.sock_tx_merge);
  return out;
}

/** show_lstack_stats() of tag 1.0.2 (as the real 1.0.2 client printed it). */
function stackStatsV102(dfx: Decoded): string {
  const p = dfx.data.pkts as Decoded;
  let out = packetCounters(dfx) + appCounters(p);
  out += sprintf('conn_num: %-19hu \n', p.conn_num);
  out += eventCounters(p);
  out += sprintf('mempool_freecnt: %-12u \n', p.mempool_freecnt);
  return out;
}

const STACK_STATS: Record<ProfileName, (dfx: Decoded) => string> = {
  'v1.0.3': stackStatsV103,
  'v2024.09': stackStatsV2024,
  'v1.0.2': stackStatsV102,
};

/**
 * LSTACK_SHOW (lstack mode) and LTRAN_SHOW_LSTACK (ltran mode: lstack_total* then dfx*).
 * The low-power/loglevel lines come from the first dfx struct only.
 */
export function lstackShow(profile: ProfileName): StepPrinter {
  const stackStats = STACK_STATS[profile];
  let firstTotal = true;
  let firstDfx = true;
  return {
    struct: (kind, value) => {
      if (kind === 'lstackTotal') {
        let out = firstTotal ? 'Statistics of lstack:\n' : '';
        firstTotal = false;
        out += lstackBrief(value);
        // Printed once the brief list is complete, before the first dfx struct is read.
        if (value.eof !== 0) out += '\n\nStatistics of lstack in app:\n';
        return out;
      }
      const out = (firstDfx ? detailHeader(value) : '') + stackStats(value);
      firstDfx = false;
      return out;
    },
    end: () => {
      firstTotal = true;
      firstDfx = true;
      return '';
    },
  };
}
