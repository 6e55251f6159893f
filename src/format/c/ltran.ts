/**
 * ltran's own reports: `ltran show`, `-r`, `-b`, `-i`, `-t socktable|conntable`
 * (gazelle_print_ltran_stat_total/_rate/_burst/_client, gazelle_print_ltran_sock/_conn).
 * Their structs are the same in every supported era.
 */
import type { Decoded } from '../../protocol/codec.js';
import { U64_MAX } from '../../protocol/enums.js';
import { ntop4 } from './inet.js';
import { sprintf } from './printf.js';
import { loglevelName } from '../../model/loglevel.js';
import type { StepPrinter } from './step-printer.js';
import { rateConvert, u64div, u64mul, u64sub, type ByteRate } from './units.js';

/** GAZELLE_DFX_REQ_INTERVAL_S: ltran's rates divide by the nominal 1 s period. */
const INTERVAL_S = 1n;
const PACKET_READ_SIZE = 32;

export const ltranTotal: StepPrinter = {
  struct: (_kind, stat) => {
    let out = 'Statistics of ltran:\n';
    (stat.port_list as Decoded[]).forEach((port, i) => {
      out += sprintf('\nBond port: %-14u', i);
      out += sprintf('loglevel: %-15s \n', loglevelName(port.loglevel));
      out += sprintf('rx_pkts: %-15lu ', port.rx);
      out += sprintf('rx_bytes: %-15lu ', port.rx_bytes);
      out += sprintf('rx_drop: %-15lu\n', port.rx_drop);
      out += sprintf('tx_pkts: %-15lu ', port.tx);
      out += sprintf('tx_bytes: %-15lu ', port.tx_bytes);
      out += sprintf('tx_drop: %-15lu\n', port.tx_drop);
      out += sprintf('kni_pkts:%-15lu ', port.kni_pkt);
      out += sprintf('arp_pkts: %-15lu ', port.arp_pkt);
      out += sprintf('tcp_pkts: %-15lu ', port.tcp_pkt);
      out += sprintf('icmp_pkts: %-15lu\n', port.icmp_pkt);
    });
    return out;
  },
};

/**
 * The previous sample's port i. C keeps the whole previous struct, so a port beyond the previous
 * `port_num` would read leftover memory there; we only have the counted ports and use zeros.
 */
function lastPort(last: Decoded, i: number): Decoded {
  const ports = last.port_list as Decoded[];
  return (
    ports[i] ?? { rx: 0n, tx: 0n, rx_drop: 0n, tx_drop: 0n, rx_bytes: 0n, tx_bytes: 0n, rx_iter_arr: [] }
  );
}

/** "%7.2lf%s" of a rate as rate_convert_type() left it. */
export const rateText = (r: ByteRate): string => sprintf('%7.2f', r.value) + r.unit;

/** `ltran show -r`: the first answer prints only the title, later ones the per-second differences. */
export function ltranRate(units?: readonly string[]): StepPrinter {
  let last: Decoded | null = null;
  return {
    struct: (_kind, stat) => {
      let out = '';
      if (last === null) {
        out = 'Statistics of ltran rate:\n';
      } else {
        const prev = last;
        (stat.port_list as Decoded[]).forEach((port, i) => {
          const old = lastPort(prev, i);
          const per = (field: string): bigint => u64div(u64sub(port[field], old[field]), INTERVAL_S);
          out += sprintf('\nBond port %u:\n', i);
          out += sprintf('rx_pkts: %-15lu ', per('rx'));
          out += `rx_bytes: ${rateText(rateConvert(per('rx_bytes'), units))}  `;
          out += sprintf('rx_drop: %-15lu\n', per('rx_drop'));
          out += sprintf('tx_pkts: %-15lu ', per('tx'));
          out += `tx_bytes: ${rateText(rateConvert(per('tx_bytes'), units))}  `;
          out += sprintf('tx_drop: %-15lu\n', per('tx_drop'));
        });
      }
      last = stat;
      return out;
    },
  };
}

/** `ltran show -b`: per port, the share of NIC reads that returned 1..32 packets since last time. */
export function ltranBurst(): StepPrinter {
  let last: Decoded | null = null;
  return {
    struct: (_kind, stat) => {
      let out = '';
      if (last === null) {
        out = 'Statistics of ltran burst:\n';
      } else {
        const prev = last;
        (stat.port_list as Decoded[]).forEach((port, i) => {
          const cur = port.rx_iter_arr as bigint[];
          const old = lastPort(prev, i).rx_iter_arr as bigint[];
          const diff = (j: number): bigint => u64sub(cur[j], old[j] ?? 0n);
          out += sprintf('\nBond port %u:\n', i);
          let sum = 0n;
          for (let j = 1; j <= PACKET_READ_SIZE; j++) sum = (sum + diff(j)) & U64_MAX;
          for (let j = 1; j <= PACKET_READ_SIZE; j++) {
            // diff * 100 is computed in uint64_t and may wrap before the division.
            const percent = sum === 0n ? 0n : u64mul(diff(j), 100n) / sum;
            out += sprintf('Burst Packets[%2u]: %-15lu Percent: %3lu%%\n', j, diff(j), percent);
          }
        });
      }
      last = stat;
      return out;
    },
  };
}

/** GAZELLE_CLIENT_STATE: NORMAL 0, CONNECTING 1, RECONNECTING 2 (printed as NORMAL + empty line). */
export const ltranClient: StepPrinter = {
  struct: (_kind, stat) => {
    let out = 'Statistics of ltran client:\n';
    out += 'Client IP           ID       pid         stack_cnt       sockfd       Bond port       State\n';
    for (const c of stat.client_info as Decoded[]) {
      out += sprintf('%-18s  ', ntop4(c.ip));
      out += sprintf('%-7u  ', c.id);
      out += sprintf('%-10u  ', c.pid);
      out += sprintf('%-14u  ', c.stack_cnt);
      out += sprintf('%-11d  ', c.sockfd);
      switch (c.state) {
        case 0:
          out += sprintf('%-14u  ', c.bond_port) + 'NORMAL\n';
          break;
        case 1:
          out += sprintf('%-14s  ', 'NULL') + 'CONNECTING\n';
          break;
        case 2:
          out += sprintf('%-14s  ', 'NULL') + 'NORMAL\n\n';
          break;
        default:
          out += '\n';
      }
    }
    return out;
  },
};

export const ltranSockTable: StepPrinter = {
  struct: (_kind, table) => {
    let out = 'ltran sock table:\n';
    out += 'tid         listen_ip       listen_port    conn_num\n';
    for (const e of table.conn_list as Decoded[]) {
      out += sprintf('%-12u', e.tid) + sprintf('%-16s', ntop4(e.dst_ip));
      out += sprintf('%-15u', e.dst_port) + sprintf('%-7u\n', e.conn_num);
    }
    return out + sprintf('ltran sock table num: %u\n', table.conn_num);
  },
};

export const ltranConnTable: StepPrinter = {
  struct: (_kind, table) => {
    let out = 'ltran conn table:\n';
    out += 'tid         protocol  src_ip          src_port  dst_ip          dst_port\n';
    for (const e of table.conn_list as Decoded[]) {
      out += sprintf('%-12u', e.tid) + sprintf('%-10u', e.protocol);
      out += sprintf('%-16s', ntop4(e.src_ip)) + sprintf('%-10u', e.src_port);
      out += sprintf('%-16s', ntop4(e.dst_ip)) + sprintf('%-7u\n', e.dst_port);
    }
    return out + sprintf('ltran conn table num: %u\n', table.conn_num);
  },
};
