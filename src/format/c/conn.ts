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
import { sprintf } from './printf.js';
import { tcpStateName, type StepPrinter } from './step-printer.js';

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

function rowsV103(conn: Decoded, st: ConnState): string {
  let out = '';
  let unread = 0;
  let unsend = 0;
  const list = conn.conn_list as Decoded[];
  list.forEach((c, i) => {
    const v4 = (c.lip as Decoded).type === GZ_ADDR_TYPE_V4;
    const lip = gzAddrText(c.lip, v4);
    if (c.state === ACTIVE_LIST || c.state === TIME_WAIT_LIST) {
      if (c.keepalive !== 0) {
        st.keepalive = sprintf(
          '(%u,%u,%u)',
          Math.floor(c.keep_idle / 1000),
          Math.floor(c.keep_intvl / 1000),
          c.keep_cnt,
        );
      }
      const laddr = sprintf('%s:%hu', lip, c.l_port);
      const raddr = sprintf('%s:%hu', gzAddrText(c.rip, v4), c.r_port);
      out += sprintf(
        '%-6utcp   %-9u%-9u%-9u%-9u%-8u%-9d%-9d%-10d%-10d%-15u%-15u%-15u%-10x%-10x%-7d%-7d%-52s %-52s %s  %-5d %s  %d\n',
        i,
        c.recvmbox_cnt,
        c.recvmbox_tail,
        c.sendmbox_cnt,
        c.sendmbox_tail,
        c.in_send,
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
        laddr,
        raddr,
        tcpStateName(c.tcp_sub_state),
        c.keepalive,
        st.keepalive,
        c.pingpong,
      );
    } else if (c.state === LISTEN_LIST) {
      const laddr = sprintf('%s:%hu', lip, c.l_port);
      const raddr = `${v4 ? '0.0.0.0' : '::0'}:*`;
      out += sprintf('%-6utcp    %-147u%-7d%-52s %-52s LISTEN\n', i, c.recvmbox_cnt, c.fd, laddr, raddr);
    } else {
      out += sprintf('Got unknow tcp conn::%s:%5hu, state:%u\n', lip, c.l_port, c.state);
    }
    // uint32_t sums: they wrap.
    unread = (unread + c.recvmbox_cnt) >>> 0;
    unsend = (unsend + c.sendmbox_cnt + c.in_send) >>> 0;
  });
  if (conn.conn_num > 0) out += sprintf('Total unread pkts:%u  unsend pkts:%u\n', unread, unsend);
  return out + tail(conn, list.length);
}

/** The "..." note when the stack has more connections than it listed. */
function tail(conn: Decoded, shown: number): string {
  return shown < conn.total_conn_num
    ? sprintf('...\nTotal connections: %u, display connections: %u\n', conn.total_conn_num, shown)
    : '';
}

interface ConnEra {
  header: string;
  stackLine: (tid: number, stamp: string) => string;
  stamp: (d: Date) => string;
  rows: (conn: Decoded, st: ConnState) => string;
}

const V103: ConnEra = {
  header: HEADER_V103,
  stamp: localTimeStamp,
  stackLine: (tid, stamp) => sprintf('\n------ stack tid: %6u ------time=%s\n', tid, stamp),
  rows: rowsV103,
};

const ERAS: Record<ProfileName, ConnEra> = { 'v1.0.3': V103, 'v2024.09': V103, 'v1.0.2': V103 };

export function lstackConn(profile: ProfileName, now: () => Date): StepPrinter {
  const era = ERAS[profile];
  let st: ConnState | null = null;
  return {
    struct: (_kind, dfx) => {
      let out = '';
      if (st === null) {
        // The clock is read once per reply, before the first stack is printed.
        st = { keepalive: '', stamp: era.stamp(now()) };
        out = 'Active Internet connections (servers and established)\n';
      }
      out += era.stackLine(dfx.tid, st.stamp) + era.header;
      return out + era.rows(dfx.data.conn, st);
    },
    end: () => {
      st = null;
      return '';
    },
  };
}
