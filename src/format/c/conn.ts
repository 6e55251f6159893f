/**
 * `lstack show ID -c` (gazelle_print_lstack_stat_conn): one table per stack.
 *
 * Quirks kept on purpose (PROTOCOL.md §12): the keep-alive "(idle,intvl,cnt)" text is a buffer
 * that is only written for rows with keepalive != 0, so other rows repeat the last one, across
 * stacks too; cwn/rcv_wnd/snd_wnd/snd_buf are u32 printed with %d; the "Got unknow tcp conn" line
 * has no row number but the counter still advances; both addresses use lip.type's family.
 */
import type { Decoded } from '../../protocol/codec.js';
import { locate, viewBytes } from '../../protocol/ctypes.js';
import type { ProfileName } from '../../protocol/profiles.js';
import { ntop4, ntop6 } from './inet.js';
import { ByteOut, byteText, intFormat } from './byte-out.js';
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

/**
 * A row's address family and its addresses (one object, refilled for every row): IPv4 ones as
 * inet_ntop's u32 input, written digit by digit (no string per row); IPv6 ones likewise as four
 * u32 (`ip6` set) when read from the row's bytes, else as text.
 */
interface Addrs {
  v4: boolean;
  ip6: boolean;
  lip4: number;
  rip4: number;
  lip6: number[];
  rip6: number[];
  lip: string;
  rip: string;
}

/** `%-{width}s` of "address:port". */
function endpointOf(out: ByteOut, a: Addrs, which: 'l' | 'r', port: number, width: number): void {
  if (a.v4) out.ip4Endpoint(which === 'l' ? a.lip4 : a.rip4, port, width);
  else if (a.ip6) {
    const w = which === 'l' ? a.lip6 : a.rip6;
    out.ip6Endpoint(w[0], w[1], w[2], w[3], port, width);
  } else out.endpoint(which === 'l' ? a.lip : a.rip, port, width);
}

/** The text of a row's local address (the "Got unknow tcp conn" line). */
function localText(a: Addrs): string {
  if (a.v4) return ntop4(a.lip4);
  return a.ip6 ? ntop6(a.lip6) : a.lip;
}

/** Fills `a` for row `i` of the list (`c`); made once per list. */
type AddrReader = (c: Decoded, i: number, a: Addrs) => void;

/** Columns of an ACTIVE/TIME_WAIT row that differ per era; the rest is shared. */
interface RowEra {
  counters: string;
  /** The members the counter columns print. */
  counterNames: readonly string[];
  addrs: (list: readonly Decoded[]) => AddrReader;
  /** Printf tail after the fd column. */
  tail: (out: ByteOut, c: Decoded, a: Addrs, st: ConnState) => void;
  listen: (out: ByteOut, i: number, c: Decoded, a: Addrs) => void;
  /** unread/unsend contributions of a row. */
  unread: (c: Decoded) => number;
  unsend: (c: Decoded) => number;
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

/**
 * Both addresses take their family from lip.type. Rows that are views are read from their bytes:
 * decoding two gz_addr_t objects per row was most of the garbage of a 22,000-row table.
 */
function gzAddrs(list: readonly Decoded[]): AddrReader {
  const src = list.length > 0 ? viewBytes(list[0]) : null;
  if (src === null) {
    return (c, _i, a) => {
      a.v4 = (c.lip as Decoded).type === GZ_ADDR_TYPE_V4;
      a.ip6 = false;
      if (a.v4) {
        a.lip4 = c.lip.u_addr.ip4.addr;
        a.rip4 = c.rip.u_addr.ip4.addr;
      } else {
        a.lip = gzAddrText(c.lip, false);
        a.rip = gzAddrText(c.rip, false);
      }
    };
  }
  const { dv, offset, layout } = src;
  const lip = locate(layout, 'lip').offset;
  const rip = locate(layout, 'rip').offset;
  const type = locate(layout, 'lip.type').offset - lip;
  const ip4 = locate(layout, 'lip.u_addr.ip4.addr').offset - lip;
  const ip6 = locate(layout, 'lip.u_addr.ip6.addr').offset - lip;
  const words6 = (at: number, w: number[]): void => {
    for (let k = 0; k < 4; k++) w[k] = dv.getUint32(at + ip6 + 4 * k, true);
  };
  return (_c, i, a) => {
    const at = offset + i * layout.size;
    a.v4 = dv.getUint8(at + lip + type) === GZ_ADDR_TYPE_V4;
    if (a.v4) {
      a.lip4 = dv.getUint32(at + lip + ip4, true);
      a.rip4 = dv.getUint32(at + rip + ip4, true);
    } else {
      a.ip6 = true;
      words6(at + lip, a.lip6);
      words6(at + rip, a.rip6);
    }
  };
}

const LISTEN_V103 = intFormat('%-6utcp    %-147u%-7d');
const listenArgs: number[] = [0, 0, 0];
/** ' %-52s LISTEN\n' of the foreign address a listening socket shows. */
const listenTail = (any: string): string => ` ${any.padEnd(52)} LISTEN\n`;
const LISTEN_TAIL4 = listenTail('0.0.0.0:*');
const LISTEN_TAIL6 = listenTail('::0:*');

const gzAddrEra = {
  addrs: gzAddrs,
  listen: (out: ByteOut, i: number, c: Decoded, a: Addrs): void => {
    listenArgs[0] = i;
    listenArgs[1] = c.recvmbox_cnt ?? c.recv_cnt;
    listenArgs[2] = c.fd;
    out.ints(LISTEN_V103, listenArgs);
    endpointOf(out, a, 'l', c.l_port, 52);
    out.text(a.v4 ? LISTEN_TAIL4 : LISTEN_TAIL6);
  },
};

const TAIL_V103 = ' %s  %-5d %s  %d\n';
const tailArgs: (string | number)[] = ['', 0, '', 0];

/** Tag 1.0.3 / HEAD: mbox counters, IPv6, keep-alive and pingpong columns. */
const ROW_V103: RowEra = {
  ...gzAddrEra,
  counters: '%-9u%-9u%-9u%-9u%-8u',
  counterNames: ['recvmbox_cnt', 'recvmbox_tail', 'sendmbox_cnt', 'sendmbox_tail', 'in_send'],
  tail: (out, c, a, st) => {
    // '%-52s %-52s %s  %-5d %s  %d\n' of "lip:port", "rip:port", state, keepalive, its text, pingpong
    endpointOf(out, a, 'l', c.l_port, 52);
    out.text(' ');
    endpointOf(out, a, 'r', c.r_port, 52);
    tailArgs[0] = tcpStateName(c.tcp_sub_state);
    tailArgs[1] = c.keepalive;
    tailArgs[2] = keepaliveText(c, st);
    tailArgs[3] = c.pingpong;
    out.printv(TAIL_V103, tailArgs);
  },
  unread: (c) => c.recvmbox_cnt,
  unsend: (c) => c.sendmbox_cnt + c.in_send,
};

/** 2024-09 .. 2025-07: ring counters, IPv6, keep-alive and pingpong columns. */
const ROW_V2024: RowEra = {
  ...ROW_V103,
  counters: '%-10u%-10u%-8u%-10u',
  counterNames: ['recv_cnt', 'recv_ring_cnt', 'in_send', 'send_ring_cnt'],
  unread: (c) => c.recv_ring_cnt + c.recv_cnt,
  unsend: (c) => c.send_ring_cnt + c.in_send,
};

/** Tag 1.0.2: IPv4 only (u32 addresses), no keep-alive; fixed spacing instead of padded columns. */
const ROW_V102: RowEra = {
  ...ROW_V2024,
  addrs: () => (c, _i, a) => {
    a.v4 = true;
    a.lip4 = c.lip;
    a.rip4 = c.rip;
  },
  tail: (out, c, a) => {
    out.ip4Endpoint(a.lip4, c.l_port, 0);
    out.text('   ');
    out.ip4Endpoint(a.rip4, c.r_port, 0);
    out.text(`  ${tcpStateName(c.tcp_sub_state)}\n`);
  },
  listen: (out, i, c, a) => {
    listenArgs[0] = i;
    listenArgs[1] = c.recv_cnt;
    listenArgs[2] = c.fd;
    out.ints(LISTEN_V103, listenArgs);
    out.ip4Endpoint(a.lip4, c.l_port, 0);
    out.text('   0.0.0.0:*          LISTEN\n');
  },
};

const WINDOW_NAMES = [
  'cwn',
  'rcv_wnd',
  'snd_wnd',
  'snd_buf',
  'snd_nxt',
  'lastack',
  'rcv_nxt',
  'events',
  'epoll_events',
  'eventlist',
  'fd',
];

/** Copies the integer members `names` of row `i` into `dst` from index `from`. */
type IntReader = (c: Decoded, i: number, dst: number[], from: number) => void;

/**
 * Rows that are views are read from their bytes at the members' offsets: reading members by a
 * computed name went through the views' getters one keyed lookup at a time.
 */
function intReader(list: readonly Decoded[], names: readonly string[]): IntReader {
  const src = list.length > 0 ? viewBytes(list[0]) : null;
  const ints = src ? names.map((n) => locate(src.layout, n)) : [];
  if (src === null || ints.some((m) => m.layout.type.kind !== 'int' || m.layout.size !== 4)) {
    return (c, _i, dst, from) => {
      for (let k = 0; k < names.length; k++) dst[from + k] = c[names[k]];
    };
  }
  const { dv, offset, layout } = src;
  // %d and %u narrow what they print, so every u32/i32 member is read as u32
  const at = Int32Array.from(ints, (m) => m.offset);
  return (_c, i, dst, from) => {
    const row = offset + i * layout.size;
    for (let k = 0; k < at.length; k++) dst[from + k] = dv.getUint32(row + at[k], true);
  };
}

function rows(out: ByteOut, era: RowEra, conn: Decoded, st: ConnState): void {
  let unread = 0;
  let unsend = 0;
  const list = conn.conn_list as Decoded[];
  // the row's number columns as one format, its arguments refilled for every row: no garbage per row
  const numbers = intFormat(`%-6utcp   ${era.counters}${WINDOWS}`);
  const names = era.counterNames;
  const cols = new Array<number>(1 + names.length + WINDOW_NAMES.length).fill(0);
  const addrsOf = era.addrs(list);
  const countersOf = intReader(list, names);
  const windowsOf = intReader(list, WINDOW_NAMES);
  const a: Addrs = {
    v4: true,
    ip6: false,
    lip4: 0,
    rip4: 0,
    lip6: [0, 0, 0, 0],
    rip6: [0, 0, 0, 0],
    lip: '',
    rip: '',
  };
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    addrsOf(c, i, a);
    if (c.state === ACTIVE_LIST || c.state === TIME_WAIT_LIST) {
      cols[0] = i;
      countersOf(c, i, cols, 1);
      windowsOf(c, i, cols, 1 + names.length);
      out.ints(numbers, cols);
      era.tail(out, c, a, st);
    } else if (c.state === LISTEN_LIST) {
      era.listen(out, i, c, a);
    } else {
      out.printf('Got unknow tcp conn::%s:%5hu, state:%u\n', localText(a), c.l_port, c.state);
    }
    // uint32_t sums: they wrap.
    unread = (unread + era.unread(c)) >>> 0;
    unsend = (unsend + era.unsend(c)) >>> 0;
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
