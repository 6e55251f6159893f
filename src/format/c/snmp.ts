/**
 * `lstack show ID -s` (gazelle_print_lstack_stat_snmp): one "label: %u" line per counter of
 * gazelle_stat_lstack_snmp, in the client's order (not the struct's), per stack.
 */
import type { Decoded } from '../../protocol/codec.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { SNMP_1_0_2, SNMP_TCP_2023_2024, SNMP_UDP_ICMP } from '../../protocol/structs-common.js';
import { sprintf } from './printf.js';
import type { StepPrinter } from './step-printer.js';

/** [printed label, struct member]; labels equal members except where the C client abbreviated. */
type Line = readonly [label: string, field: string];
const same = (names: readonly string[]): Line[] => names.map((n) => [n, n] as const);

// The counters are printed by group in the order the struct declares them (UDP before TCP), under
// the member's own name except for three ICMP lines the C client abbreviated.
const ICMP_LABELS: Record<string, string> = {
  icmp_in_time_stamp_reps: 'icmp_in_time_stampreps',
  icmp_in_addr_mask_reps: 'icmp_in_addr_maskreps',
};
const IP = same(SNMP_1_0_2.filter((n) => n.startsWith('ip_')));
const TCP_BASE = same(SNMP_1_0_2.filter((n) => n.startsWith('tcp_')));
/** Counters added 2023-11 .. 2024-09 (all present in v2024.09 and v1.0.3). */
const TCP_EXTRA = same(SNMP_TCP_2023_2024);
const UDP = same(SNMP_UDP_ICMP.filter((n) => n.startsWith('udp_')));
const ICMP: Line[] = SNMP_UDP_ICMP.filter((n) => n.startsWith('icmp_')).map(
  (n) => [ICMP_LABELS[n] ?? n, n] as const,
);

/**
 * The 1.0.2 client printed no UDP block and, on its ip_outnort line, the value of ip_out_discard
 * (PROTOCOL.md §11.5; fixed later).
 */
const IP_V102: Line[] = IP.map(([label, field]) =>
  label === 'ip_outnort' ? ([label, 'ip_out_discard'] as const) : ([label, field] as const),
);

const LINES: Record<ProfileName, readonly Line[]> = {
  'v1.0.3': [...IP, ...UDP, ...TCP_BASE, ...TCP_EXTRA, ...ICMP],
  'v2024.09': [...IP, ...UDP, ...TCP_BASE, ...TCP_EXTRA, ...ICMP],
  'v1.0.2': [...IP_V102, ...TCP_BASE, ...ICMP],
};

export function lstackSnmp(profile: ProfileName): StepPrinter {
  const lines = LINES[profile];
  let first = true;
  return {
    struct: (_kind, dfx) => {
      const snmp = dfx.data.snmp as Decoded;
      let out = first ? 'Statistics of lstack snmp:\n' : '';
      first = false;
      out += sprintf('\n------ stack tid: %6u ------\n', dfx.tid);
      for (const [label, field] of lines) out += sprintf(`${label}: %u\n`, snmp[field]);
      return out;
    },
    end: () => {
      first = true;
      return '';
    },
  };
}
