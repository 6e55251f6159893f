/**
 * `lstack show ID -s` (gazelle_print_lstack_stat_snmp): one "label: %u" line per counter of
 * gazelle_stat_lstack_snmp, in the client's order (not the struct's), per stack.
 */
import type { Decoded } from '../../protocol/codec.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { sprintf } from './printf.js';
import type { StepPrinter } from './step-printer.js';

/** [printed label, struct member]; labels equal members except where the C client abbreviated. */
type Line = readonly [label: string, field: string];
const same = (names: readonly string[]): Line[] => names.map((n) => [n, n] as const);

const IP = same([
  'ip_inhdr_err',
  'ip_inaddr_err',
  'ip_inunknownprot',
  'ip_in_discard',
  'ip_in_deliver',
  'ip_out_req',
  'ip_out_discard',
  'ip_outnort',
  'ip_reasm_ok',
  'ip_reasm_fail',
  'ip_frag_ok',
  'ip_frag_fail',
  'ip_frag_create',
  'ip_reasm_reqd',
  'ip_fw_dgm',
  'ip_in_recv',
]);
const UDP = same(['udp_in_datagrams', 'udp_no_ports', 'udp_in_errors', 'udp_out_datagrams']);
const TCP_BASE = same([
  'tcp_act_open',
  'tcp_passive_open',
  'tcp_attempt_fail',
  'tcp_estab_rst',
  'tcp_out_seg',
  'tcp_retran_seg',
  'tcp_in_seg',
  'tcp_in_err',
  'tcp_out_rst',
]);
/** Counters added 2023-11 .. 2024-09 (all present in v2024.09 and v1.0.3). */
const TCP_EXTRA = same([
  'tcp_fin_ack_cnt',
  'tcp_delay_ack_cnt',
  'tcp_refused_cnt',
  'tcp_out_of_seq',
  'tcp_acceptmbox_full',
  'tcp_listen_drops',
  'tcp_in_empty_acks',
  'tcp_rst_in_keepalive_timeout',
  'tcp_rst_wrong_syn_in_timewait',
  'tcp_rst_wrong_ack_in_syn_rcvd',
  'tcp_ooseq_data_drop',
  'tcp_free_pcb_in_syn_maxrtx',
  'tcp_free_pcb_in_maxrtx',
  'tcp_alloc_pcb_fails',
]);
const ICMP: Line[] = [
  ...same([
    'icmp_in_msgs',
    'icmp_in_errors',
    'icmp_in_dest_unreachs',
    'icmp_in_time_excds',
    'icmp_in_parm_probs',
    'icmp_in_src_quenchs',
    'icmp_in_redirects',
    'icmp_in_echos',
    'icmp_in_echo_reps',
    'icmp_in_time_stamps',
  ]),
  ['icmp_in_time_stampreps', 'icmp_in_time_stamp_reps'],
  ['icmp_in_addr_masks', 'icmp_in_addr_masks'],
  ['icmp_in_addr_maskreps', 'icmp_in_addr_mask_reps'],
  ...same([
    'icmp_out_msgs',
    'icmp_out_errors',
    'icmp_out_dest_unreachs',
    'icmp_out_time_excds',
    'icmp_out_echos',
    'icmp_out_echo_reps',
  ]),
];

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
