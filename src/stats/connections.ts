/** Connection rows (like `ss`) from LSTACK_SHOW_CONN answers; the only era-aware code for conn_list. */
import type { Decoded } from '../protocol/codec.js';
import { tcpStateName } from '../protocol/enums.js';

export interface ConnRow {
  tid: number;
  local: string;
  remote: string;
  state: string;
  recvQ: number;
  sendQ: number;
  rcvWnd: number;
  sndWnd: number;
  cwnd: number;
  keepalive: string;
  fd: number;
}

export interface ConnList {
  rows: ConnRow[];
  /** Sum of total_conn_num: more than rows.length when the daemon truncated its lists. */
  total: number;
}

const LISTEN_LIST = 1;

/** An in_addr/ip4 word read little-endian holds the dotted-quad bytes in order. */
export function ipv4(word: number): string {
  return [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24].join('.');
}

export function ipv6(words: readonly number[]): string {
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt32LE(w >>> 0, i * 4));
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  // Compress the longest run of zero groups, as inet_ntop does.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at === -1) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** lwip's IPADDR_TYPE_V6; the C client takes both addresses' family from lip.type. */
const IPADDR_TYPE_V6 = 6;

function addresses(c: Decoded): { lip: string; rip: string } {
  if (typeof c.lip === 'number') return { lip: ipv4(c.lip), rip: ipv4(c.rip) }; // v1.0.2: IPv4 words
  if (c.lip.type === IPADDR_TYPE_V6)
    return { lip: ipv6(c.lip.u_addr.ip6.addr), rip: ipv6(c.rip.u_addr.ip6.addr) };
  return { lip: ipv4(c.lip.u_addr.ip4.addr), rip: ipv4(c.rip.u_addr.ip4.addr) };
}

const hostPort = (ip: string, port: number): string =>
  ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;

function connRow(tid: number, c: Decoded): ConnRow {
  const { lip, rip } = addresses(c);
  const listen = c.state === LISTEN_LIST;
  return {
    tid,
    local: hostPort(lip, c.l_port),
    remote: listen ? '*:*' : hostPort(rip, c.r_port),
    state: listen ? 'LISTEN' : tcpStateName(c.tcp_sub_state),
    // What the C client counts as unread / unsend for the era (its "Total unread pkts" line):
    // v1.0.3 the mbox entries; before, lwip's list plus the ring the application reads from.
    recvQ: c.recvmbox_cnt ?? (c.recv_ring_cnt ?? 0) + (c.recv_cnt ?? 0),
    sendQ: (c.sendmbox_cnt ?? c.send_ring_cnt ?? 0) + (c.in_send ?? 0),
    rcvWnd: c.rcv_wnd,
    sndWnd: c.snd_wnd,
    cwnd: c.cwn,
    keepalive:
      c.keepalive === undefined
        ? '-'
        : c.keepalive
          ? `on ${c.keep_idle}/${c.keep_intvl}/${c.keep_cnt}`
          : 'off',
    fd: c.fd,
  };
}

export function connList(answers: readonly Decoded[]): ConnList {
  const rows: ConnRow[] = [];
  let total = 0;
  for (const a of answers) {
    const conn = a.data.conn;
    if (!conn) continue;
    total += Math.max(Number(conn.total_conn_num), conn.conn_list.length);
    for (const c of conn.conn_list as Decoded[]) rows.push(connRow(a.tid, c));
  }
  return { rows, total };
}
