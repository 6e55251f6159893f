/**
 * `lstack show ID -c` (gazelle_print_lstack_stat_conn): one table per stack.
 *
 * Quirks kept on purpose (PROTOCOL.md §12): the keep-alive "(idle,intvl,cnt)" text is a buffer
 * that is only written for rows with keepalive != 0, so other rows repeat the last one, across
 * stacks too; cwn/rcv_wnd/snd_wnd/snd_buf are u32 printed with %d; the "Got unknow tcp conn" line
 * has no row number but the counter still advances; both addresses use lip.type's family.
 */
import type { Decoded } from '../../protocol/codec.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { ntop4, ntop6 } from './inet.js';
import { ByteOut, byteText } from './byte-out.js';
import { sprintf } from './printf.js';
import { tcpStateName } from '../../protocol/enums.js';
import type { StepPrinter } from './step-printer.js';

const ACTIVE_LIST = 0;
const LISTEN_LIST = 1;
const TIME_WAIT_LIST = 2;
const GZ_ADDR_TYPE_V4 = 0;

const HEADER_V103 =
  'No.   Proto recvmbox recvtail sendmbox sendtail in_send cwn      rcv_wnd  snd_wnd   snd_buf   snd_nxt' +
  '        lastack        rcv_nxt        events    epoll_ev  evlist fd     Local Address' +
  '                                        Foreign Address                                      State' +
  '     keep-alive keep-alive(idle,intvl,cnt) pingpong\n';

/** gazelle_localtime_string(): "%d-%d-%d %d:%d:%d" of local time, no zero padding. */
export function localTimeStamp(d: Date): string {
  return (
    `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()} ` +
    `${d.getHours()}:${d.getMinutes()}:${d.getSeconds()}`
  );
}

/** inet_ntop of a gz_addr_t in the family chosen from lip.type. */
function gzAddrText(addr: Decoded, v4: boolean): string {
  const u = addr.u_addr as Decoded;
  return v4 ? ntop4(u.ip4.addr) : ntop6(u.ip6.addr);
}

/** Per-reply state the C function keeps in locals across rows and stacks. */
interface ConnState {
  keepalive: string;
  stamp: string;
}

/** Columns of an ACTIVE/TIME_WAIT row that differ per era; the rest is shared. */
interface RowEra {
  counters: string;
  counterValues: (c: Decoded) => number[];
  /** Whether the row's addresses are IPv4 (both take lip's family). */
  v4: (c: Decoded) => boolean;
  /** inet_ntop of lip/rip in the row's address family. */
  addr: (c: Decoded, which: 'lip' | 'rip', v4: boolean) => string;
  /** Printf tail after the fd column. */
  tail: (out: ByteOut, c: Decoded, laddr: string, raddr: string, st: ConnState) => void;
  listen: (out: ByteOut, i: number, c: Decoded, laddr: string, v4: boolean) => void;
  /** unread/unsend contributions of a row. */
  pending: (c: Decoded) => [unread: number, unsend: number];
}

const WINDOWS = '%-9d%-9d%-10d%-10d%-15u%-15u%-15u%-10x%-10x%-7d%-7d';

/** The keep-alive text is only rewritten for rows that have keep-alive on. */
function keepaliveText(c: Decoded, st: ConnState): string {
  if (c.keepalive !== 0) {
    st.keepalive = sprintf(
      '(%u,%u,%u)',
      Math.floor(c.keep_idle / 1000),
      Math.floor(c.keep_intvl / 1000),
      c.keep_cnt,
    );
  }
  return st.keepalive;
}

const gzAddrEra = {
  /** Both addresses take their family from lip.type. */
  v4: (c: Decoded): boolean => (c.lip as Decoded).type === GZ_ADDR_TYPE_V4,
  addr: (c: Decoded, which: 'lip' | 'rip', v4: boolean): string => gzAddrText(c[which], v4),
  listen: (out: ByteOut, i: number, c: Decoded, laddr: string, v4: boolean): void => {
    const raddr = `${v4 ? '0.0.0.0' : '::0'}:*`;
    const recv = c.recvmbox_cnt ?? c.recv_cnt;
    out.printf('%-6utcp    %-147u%-7d%-52s %-52s LISTEN\n', i, recv, c.fd, laddr, raddr);
  },
};

/** Tag 1.0.3 / HEAD: mbox counters, IPv6, keep-alive and pingpong columns. */
const ROW_V103: RowEra = {
  ...gzAddrEra,
  counters: '%-9u%-9u%-9u%-9u%-8u',
  counterValues: (c) => [c.recvmbox_cnt, c.recvmbox_tail, c.sendmbox_cnt, c.sendmbox_tail, c.in_send],
  tail: (out, c, laddr, raddr, st) =>
    out.printf(
      '%-52s %-52s %s  %-5d %s  %d\n',
      laddr,
      raddr,
      tcpStateName(c.tcp_sub_state),
      c.keepalive,
      keepaliveText(c, st),
      c.pingpong,
    ),
  pending: (c) => [c.recvmbox_cnt, c.sendmbox_cnt + c.in_send],
};

/** 2024-09 .. 2025-07: ring counters, IPv6, keep-alive and pingpong columns. */
const ROW_V2024: RowEra = {
  ...ROW_V103,
  counters: '%-10u%-10u%-8u%-10u',
  counterValues: (c) => [c.recv_cnt, c.recv_ring_cnt, c.in_send, c.send_ring_cnt],
  pending: (c) => [c.recv_ring_cnt + c.recv_cnt, c.send_ring_cnt + c.in_send],
};

/** Tag 1.0.2: IPv4 only (u32 addresses), no keep-alive; fixed spacing instead of padded columns. */
const ROW_V102: RowEra = {
  ...ROW_V2024,
  v4: () => true,
  addr: (c, which) => ntop4(c[which]),
  tail: (out, c, laddr, raddr) => out.text(`${laddr}   ${raddr}  ${tcpStateName(c.tcp_sub_state)}\n`),
  listen: (out, i, c, laddr) =>
    out.printf('%-6utcp    %-147u%-7d%s   0.0.0.0:*          LISTEN\n', i, c.recv_cnt, c.fd, laddr),
};

/** `%s:%hu` of an address and a port. */
const endpoint = (addr: string, port: number): string => `${addr}:${port & 0xffff}`;

function rows(out: ByteOut, era: RowEra, conn: Decoded, st: ConnState): void {
  let unread = 0;
  let unsend = 0;
  const list = conn.conn_list as Decoded[];
  const rowFormat = `%-6utcp   ${era.counters}`;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const v4 = era.v4(c);
    const lip = era.addr(c, 'lip', v4);
    if (c.state === ACTIVE_LIST || c.state === TIME_WAIT_LIST) {
      out.printf(rowFormat, i, ...era.counterValues(c));
      out.printf(
        WINDOWS,
        c.cwn,
        c.rcv_wnd,
        c.snd_wnd,
        c.snd_buf,
        c.snd_nxt,
        c.lastack,
        c.rcv_nxt,
        c.events,
        c.epoll_events,
        c.eventlist,
        c.fd,
      );
      era.tail(out, c, endpoint(lip, c.l_port), endpoint(era.addr(c, 'rip', v4), c.r_port), st);
    } else if (c.state === LISTEN_LIST) {
      era.listen(out, i, c, endpoint(lip, c.l_port), v4);
    } else {
      out.printf('Got unknow tcp conn::%s:%5hu, state:%u\n', lip, c.l_port, c.state);
    }
    // uint32_t sums: they wrap.
    const [r, w] = era.pending(c);
    unread = (unread + r) >>> 0;
    unsend = (unsend + w) >>> 0;
  }
  if (conn.conn_num > 0) out.printf('Total unread pkts:%u  unsend pkts:%u\n', unread, unsend);
  // The "..." note when the stack has more connections than it listed.
  if (list.length < conn.total_conn_num) {
    out.printf('...\nTotal connections: %u, display connections: %u\n', conn.total_conn_num, list.length);
  }
}

interface ConnEra {
  header: string;
  /** The text after "time=" on every stack's line, from microseconds since the epoch. */
  stamp: (micros: bigint) => string;
  row: RowEra;
}

const localStamp = (micros: bigint): string => localTimeStamp(new Date(Number(micros / 1000n)));

const V103: ConnEra = { header: HEADER_V103, stamp: localStamp, row: ROW_V103 };

const V2024: ConnEra = {
  header: HEADER_V103.replace(
    'recvmbox recvtail sendmbox sendtail in_send',
    'lwip_recv recv_ring in_send send_ring',
  ),
  stamp: localStamp,
  row: ROW_V2024,
};

/** 1.0.2 stamps each stack with gettimeofday() in microseconds since the epoch (PROTOCOL.md §11.6.6). */
const V102: ConnEra = {
  header:
    'No.   Proto lwip_recv recv_ring in_send send_ring cwn      rcv_wnd  snd_wnd   snd_buf   snd_nxt' +
    '        lastack        rcv_nxt        events    epoll_ev  evlist fd     Local Address        ' +
    'Foreign Address    State\n',
  stamp: (micros) => String(micros),
  row: ROW_V102,
};

const ERAS: Record<ProfileName, ConnEra> = { 'v1.0.3': V103, 'v2024.09': V2024, 'v1.0.2': V102 };

export function lstackConn(profile: ProfileName, now: () => bigint): StepPrinter {
  const era = ERAS[profile];
  let st: ConnState | null = null;
  function write(out: ByteOut, dfx: Decoded): void {
    if (st === null) {
      // The clock is read once per reply, before the first stack is printed.
      st = { keepalive: '', stamp: era.stamp(now()) };
      out.text('Active Internet connections (servers and established)\n');
    }
    out.printf('\n------ stack tid: %6u ------time=%s\n', dfx.tid, st.stamp);
    out.text(era.header);
    rows(out, era.row, dfx.data.conn, st);
  }
  return {
    struct: (_kind, dfx) => byteText((out) => write(out, dfx)),
    bytes: (_kind, dfx, _ctx, out) => write(out, dfx),
    end: () => {
      st = null;
      return '';
    },
  };
}
