/**
 * A 4-stack `lstack show IP -c` reply (one gazelle_stack_dfx_data per stack, the last with eof), the
 * same bytes for every request: what the code-cache warm-up, its test and the bench serve.
 */
import { encodeDfx, type Decoded } from '../src/protocol/codec.js';
import { wireFor, type ProfileName } from '../src/protocol/profiles.js';

export interface ConnRowShape {
  /** The local address is fe80::<i+1> instead of 10.2.0.12. */
  ip6?: boolean;
  state?: number;
  lPort?: number;
  rcvWnd?: number;
}

/** Connection `i`: from port 80 (or `lPort`) to 10.0.<i>.1 (i < 256) port 1024 + i. */
export function connRow(
  i: number,
  { ip6 = false, state = 0, lPort = 80, rcvWnd = 65535 }: ConnRowShape = {},
): Decoded {
  return {
    state,
    tcp_sub_state: 4,
    lip: ip6
      ? { u_addr: { ip6: { addr: [0xfe80, 0, 0, i + 1] } }, type: 6 }
      : { u_addr: { ip4: { addr: 0x0a02000c } }, type: 0 },
    rip: { u_addr: { ip4: { addr: 0x0100000a + (i << 8) } }, type: 0 },
    l_port: lPort,
    r_port: 1024 + (i % 60000),
    cwn: 14600,
    rcv_wnd: rcvWnd,
    snd_wnd: 65535,
    fd: 100 + i,
  };
}

/** Four stacks that each list `conn`; stack s says it has `total(s)` connections in all. */
export function fourStackReply(
  profile: ProfileName,
  conn: readonly Decoded[],
  total: (stack: number) => number = () => conn.length,
): Buffer {
  const wire = wireFor(profile);
  return Buffer.concat(
    [0, 1, 2, 3].map((s) =>
      encodeDfx(wire, {
        eof: s === 3 ? 1 : 0,
        tid: 5000 + s,
        stack_id: s,
        data: { conn: { total_conn_num: total(s), conn_num: conn.length, conn_list: conn } },
      }),
    ),
  );
}
