/**
 * `lstack show ID -r`: in lstack mode from the dfx pkts counters (gazelle_print_lstack_stat_rate,
 * PROTOCOL.md §7.1), in ltran mode from ltran's lstack_total list (gazelle_print_ltran_stat_lb_rate,
 * §7.4). Both remember the previous sample per stack index and print nothing the first time an
 * index is seen; an index >= 32 ends the processing of that reply (C leaves the rest unread).
 */
import type { Decoded } from '../../protocol/codec.js';
import { LIMITS } from '../../protocol/codec.js';
import { rateText } from './ltran.js';
import { sprintf } from './printf.js';
import type { StepPrinter } from './step-printer.js';
import { rateConvert, u64div, u64sub } from './units.js';

/** Shared skeleton: per-index baselines, first-sample suppression, the index limit. */
function perStackRate(
  indexOf: (v: Decoded) => number,
  block: (cur: Decoded, last: Decoded) => string,
): StepPrinter {
  const last = new Map<number, Decoded>();
  let stopped = false;
  return {
    struct: (_kind, value) => {
      if (stopped) return '';
      const index = indexOf(value);
      if (index >= LIMITS.maxStackIndex) {
        stopped = true;
        return '';
      }
      const prev = last.get(index);
      last.set(index, value);
      return prev === undefined ? '' : block(value, prev);
    },
    end: () => {
      stopped = false;
      return '';
    },
  };
}

/**
 * Lstack mode. Packet counters are differences divided by the two sleeps of the round
 * (g_wait_reply + CMD_WAIT_TIME = 2); the byte "rates" are the bytes lstack counted between START
 * and STOP divided by g_wait_reply (1), not differences. `pkts` picks the era's counters.
 */
export function lstackRate(
  pkts: (dfx: Decoded) => {
    rx: bigint;
    rx_drop: bigint;
    tx: bigint;
    tx_drop: bigint;
    rx_bytes: bigint;
    tx_bytes: bigint;
  },
  waitReply = 1,
): StepPrinter {
  const wait = BigInt(waitReply);
  const total = wait + 1n;
  return perStackRate(
    (dfx) => dfx.stack_id,
    (dfx, prevDfx) => {
      const cur = pkts(dfx);
      const prev = pkts(prevDfx);
      const per = (f: 'rx' | 'rx_drop' | 'tx' | 'tx_drop'): bigint => u64div(u64sub(cur[f], prev[f]), total);
      let out = sprintf('------ Statistics of lstack rate   stack tid: %6u ------\n', dfx.tid);
      out += sprintf('rx_pkts: %-15lu ', per('rx'));
      out += `rx_bytes: ${rateText(rateConvert(u64div(cur.rx_bytes, wait)))}  `;
      out += sprintf('rx_drop: %-15lu\n', per('rx_drop'));
      out += sprintf('tx_pkts: %-15lu ', per('tx'));
      out += `tx_bytes: ${rateText(rateConvert(u64div(cur.tx_bytes, wait)))}  `;
      out += sprintf('tx_drop: %-15lu\n\n', per('tx_drop'));
      return out;
    },
  );
}

/** Ltran mode (LTRAN_SHOW_LB_RATE): differences of ltran's counters over the 1 s period. */
export function ltranLbRate(units?: readonly string[]): StepPrinter {
  return perStackRate(
    (total) => total.index,
    (cur, prev) => {
      const per = (f: string): bigint => u64sub(cur[f], prev[f]);
      let out = sprintf('------ Statistics of lstack rate   stack tid: %6u ------\n', cur.tid);
      out += sprintf('rx_pkts: %-15lu ', per('rx'));
      out += `rx_bytes: ${rateText(rateConvert(per('rx_bytes'), units))}  `;
      out += sprintf('rx_err: %-15lu ', per('rx_err'));
      out += sprintf('rx_drop: %-15lu\n', per('rx_drop'));
      out += sprintf('tx_pkts: %-15lu ', per('tx'));
      out += `tx_bytes: ${rateText(rateConvert(per('tx_bytes'), units))}  `;
      out += sprintf('tx_err: %-15lu ', per('tx_err'));
      out += sprintf('tx_drop: %-15lu\n\n', per('tx_drop'));
      return out;
    },
  );
}
