/**
 * `show -c` reads the rows of a view-backed connection list straight from their bytes; rows given
 * as decoded objects take the general path. Both must print the same table, IPv6 rows and u32 columns included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDfx, encodeDfx, type Decoded } from '../../src/protocol/codec.js';
import { wireFor, type ProfileName } from '../../src/protocol/profiles.js';
import { lstackConn } from '../../src/format/c/conn.js';
import { IP6_CASES, ip6Words } from '../support/frames.js';

const ctx = { daemon: 'lstack' as const, request: { stat_mode: 0, ip: 0, pid: 0 }, at: 0 };
const clock = () => 1_700_000_000_123_456n;

const v6 = (g: readonly number[]) => ({ u_addr: { ip6: { addr: ip6Words(g) } }, type: 1 });
const ADDRS = IP6_CASES;

function table(profile: ProfileName, asObjects: boolean): string {
  const wire = wireFor(profile);
  const conn = Array.from({ length: 40 }, (_, i) => ({
    state: [0, 1, 2, 7][i % 4],
    tcp_sub_state: 4,
    lip: i % 3 ? v6(ADDRS[i % ADDRS.length]) : { u_addr: { ip4: { addr: 0x0a02000c + i } }, type: 0 },
    rip: i % 3 ? v6(ADDRS[(i + 1) % ADDRS.length]) : { u_addr: { ip4: { addr: 0x0100000a } }, type: 0 },
    l_port: 80 + i,
    r_port: 65535 - i,
    keepalive: i % 5 === 0 ? 1 : 0,
    keep_idle: 7200000,
    fd: i,
    // counters and windows, some past 2^31 (printed with %d by some columns)
    cwn: 0x80000000 + i,
    rcv_wnd: 65535 - i,
    snd_nxt: 0xfffffff0 + i,
    lastack: i * 1000,
    events: i,
    epoll_events: 0x19,
    recvmbox_cnt: i,
    sendmbox_tail: 3,
    recv_cnt: i,
    send_ring_cnt: 7,
  }));
  const dfx = decodeDfx(
    wire,
    encodeDfx(wire, {
      eof: 1,
      tid: 7,
      data: { conn: { total_conn_num: 40, conn_num: 40, conn_list: conn } },
    }),
    0,
    'LSTACK_SHOW_CONN',
  );
  const c = dfx.data.conn as Decoded;
  if (asObjects) c.conn_list = (c.conn_list as { toJSON(): Decoded }[]).map((v) => v.toJSON());
  return lstackConn(profile, clock).struct('dfx', dfx, ctx);
}

for (const profile of ['v1.0.3', 'v2024.09'] as const) {
  test(`${profile}: IPv6 rows read from bytes print as the decoded rows do`, () => {
    const fromBytes = table(profile, false);
    assert.match(fromBytes, /fe80::1234:0:0:abcd:84 /);
    assert.match(fromBytes, /::ffff:192\.0\.2\.1:/);
    assert.match(fromBytes, /Got unknow tcp conn::/);
    assert.equal(fromBytes, table(profile, true));
  });
}
