/**
 * Small per-stack counter reports: `-p` protocol (gazelle_print_lstack_stat_proto), `-I` interrupts
 * (gazelle_print_lstack_stat_intr), `-a` aggregation (gazelle_print_lstack_aggregate) and the
 * `set ID lowpower` answer (gazelle_print_lstack_stat_lpm).
 */
import type { Decoded } from '../../protocol/codec.js';
import { sprintf } from './printf.js';
import type { StepPrinter } from './step-printer.js';
import { rateConvert, u64div } from './units.js';

/** A title once per reply, then a "------ stack tid" block of "label: %lu" lines per stack. */
function perStackList(title: string, member: string, lines: readonly string[]): StepPrinter {
  let first = true;
  return {
    struct: (_kind, dfx) => {
      const data = dfx.data[member] as Decoded;
      let out = first ? title : '';
      first = false;
      out += sprintf('\n------ stack tid: %6u ------\n', dfx.tid);
      for (const field of lines) out += sprintf(`${field}: %lu\n`, data[field]);
      return out;
    },
    end: () => {
      first = true;
      return '';
    },
  };
}

/** Only 10 of the 16 lwip counters are shown, in this order. */
export const lstackProto = (): StepPrinter =>
  perStackList('Statistics of lstack proto:\n', 'proto_data', [
    'tx_in',
    'tx_out',
    'rx_in',
    'rx_out',
    'fw',
    'drop',
    'chkerr',
    'lenerr',
    'memerr',
    'rterr',
  ]);

export const lstackIntr = (): StepPrinter =>
  perStackList('Statistics of lstack interrupt:\n', 'intr_stats', [
    'nic_event_cnt',
    'virtio_user_event_cnt',
    'local_event_cnt',
    'remote_event_cnt',
    'timeout_event_cnt',
  ]);

/**
 * `-a`: bytes between START and STOP divided by [time] (integer division before the x8 of the
 * unit conversion), printed with %f; index 0 of the size arrays is RX, 1 is TX, and before 2025-07
 * index 2 was the app's TX (`appTx`). The stack line prints the tid with %d. `aggregate` finds the
 * era's gazelle_stack_aggregate_stats.
 */
export function lstackAggregate(
  aggregate: (dfx: Decoded) => Decoded,
  waitReply: number,
  appTx: boolean,
): StepPrinter {
  const wait = BigInt(waitReply);
  return {
    struct: (_kind, dfx) => {
      const s = aggregate(dfx);
      const rx = rateConvert(u64div(s.rx_bytes, wait));
      const tx = rateConvert(u64div(s.tx_bytes, wait));
      let out = sprintf('\n================Stack(%d) Aggregate===============\n', dfx.tid);
      out += sprintf('rx throught: %f%s\n', rx.value, rx.unit); // sic
      out += sprintf('tx throught: %f%s\n', tx.value, tx.unit);
      out += sprintf('rx_szie_1_64: %u\n', s.size_1_64[0]); // sic
      out += sprintf('rx_size_65_512: %u\n', s.size_65_512[0]);
      out += sprintf('rx_size_513_1460 byte: %u\n', s.size_513_1460[0]);
      out += sprintf('rx_size_1461_8192 byte: %u\n', s.size_1461_8192[0]);
      out += sprintf('rx_size_8193_max byte: %u\n', s.size_8193_max[0]);
      out += sprintf('tx_szie_1_64: %u\n', s.size_1_64[1]);
      out += sprintf('tx_size_65_512: %u\n', s.size_65_512[1]);
      out += sprintf('tx_size_513_1460 byte: %u\n', s.size_513_1460[1]);
      out += sprintf('tx_size_1461_8192 byte: %u\n', s.size_1461_8192[1]);
      out += sprintf('tx_size_8193_max byte: %u\n', s.size_8193_max[1]);
      if (appTx) {
        out += sprintf('app_tx_szie_1_64: %u\n', s.size_1_64[2]);
        out += sprintf('app_tx_size_65_512: %u\n', s.size_65_512[2]);
        out += sprintf('app_tx_size_513_1460 byte: %u\n', s.size_513_1460[2]);
        out += sprintf('app_tx_size_1461_8192 byte: %u\n', s.size_1461_8192[2]);
        out += sprintf('app_tx_size_8193_max byte: %u\n', s.size_8193_max[2]);
      }
      return out;
    },
  };
}

export const lstackLowPower: StepPrinter = {
  struct: (_kind, dfx) => {
    const lpm = dfx.low_power_info as Decoded;
    let out = `Lstack low power mode: ${lpm.low_power_mod !== 0 ? 'ON' : 'OFF'}\n`;
    if (lpm.low_power_mod !== 0) {
      out += sprintf(
        'Low power param: rx_pkts:%u, detect_ms:%ums, pkts_in_detect:%u\n',
        lpm.lpm_rx_pkts,
        lpm.lpm_detect_ms,
        lpm.lpm_pkts_in_detect,
      );
    }
    return out;
  },
};
