/**
 * TCP connections of one stack thread, the way lwip lists them for LSTACK_SHOW_CONN: two listeners
 * (IPv4 and IPv6) and passive connections that go SYN_RECVD -> ESTABLISHED -> CLOSE_WAIT (the peer
 * closed first) or TIME_WAIT (we closed first) -> gone. Pure: randomness comes from the Rng passed in,
 * time advances one tick per call.
 */
import { anyAddr, docIpv6, type Addr } from './addr.js';
import type { Rng } from './rng.js';

/** GAZELLE_TCP_STATE values for the states the model uses (PROTOCOL.md §3.4). */
export const TCP_STATE = { LISTEN: 1, SYN_RECVD: 3, ESTABLISHED: 4, CLOSE_WAIT: 7, TIME_WAIT: 10 } as const;
export type TcpState = keyof typeof TCP_STATE;

export interface KeepAlive {
  /** TCP_KEEPIDLE / TCP_KEEPINTVL in milliseconds (lwip's units; the C client prints them / 1000). */
  readonly idleMs: number;
  readonly intvlMs: number;
  readonly cnt: number;
}

export interface SimConn {
  readonly id: number;
  state: TcpState;
  /** -1 once the application has closed the socket (TIME_WAIT). */
  fd: number;
  readonly local: Addr;
  readonly localPort: number;
  /** The unspecified address and port 0 for listeners. */
  readonly remote: Addr;
  readonly remotePort: number;
  /** Ticks until the next state change (not used for LISTEN). */
  ticksLeft: number;
  /** Sequence numbers are u32 and wrap, like lwip's. */
  sndNxt: number;
  lastAck: number;
  rcvNxt: number;
  /** Packets waiting in the recv mailbox / send ring, bytes not yet acknowledged. */
  recvmbox: number;
  sendmbox: number;
  inSend: number;
  cwnd: number;
  rcvWnd: number;
  sndWnd: number;
  sndBuf: number;
  readonly keepalive: KeepAlive | null;
  readonly pingpong: boolean;
}

export interface ConnConfig {
  /** New connections per second per stack. */
  readonly connRate: number;
  /** Open (non-listening) connections per stack; arrivals beyond it are dropped by the listener. */
  readonly maxConns: number;
  readonly connLifetimeMs: number;
  readonly closeWaitMs: number;
  readonly timeWaitMs: number;
  /** Share of new connections that arrive over IPv6. */
  readonly ipv6Share: number;
  readonly keepaliveShare: number;
  readonly tickMs: number;
}

/** What happened during one tick, for the snmp counters. */
export interface ConnEvents {
  arrived: number;
  established: number;
  failed: number;
  dropped: number;
  resets: number;
  finished: number;
}

export const LISTEN_PORT = { 4: 80, 6: 8080 } as const;
const MSS = 1460;
const SND_BUF = 0x20000;
const WINDOW = 0xffff << 2; // window scaling 2

export class StackConnections {
  /** Listeners first, then connections in the order they arrived. */
  readonly list: SimConn[] = [];
  private nextId = 0;

  constructor(
    private readonly rng: Rng,
    private readonly cfg: ConnConfig,
    private readonly local: { readonly v4: Addr; readonly v6: Addr },
    private readonly allocFd: () => number,
  ) {
    for (const family of [4, 6] as const) this.list.push(this.listener(family));
  }

  get open(): number {
    return this.list.filter((c) => c.state !== 'LISTEN').length;
  }

  tick(rxBytes: number, txBytes: number): ConnEvents {
    const ev: ConnEvents = { arrived: 0, established: 0, failed: 0, dropped: 0, resets: 0, finished: 0 };
    this.age(ev);
    const arrivals = this.rng.count((this.cfg.connRate * this.cfg.tickMs) / 1000);
    for (let i = 0; i < arrivals; i++) {
      if (this.open >= this.cfg.maxConns) ev.dropped++;
      else {
        this.list.push(this.incoming());
        ev.arrived++;
      }
    }
    this.carry(rxBytes, txBytes);
    return ev;
  }

  private ticks(ms: number): number {
    return Math.max(1, Math.round(ms / this.cfg.tickMs));
  }

  /** Exponentially distributed lifetime in ticks, mean connLifetimeMs. */
  private lifetime(): number {
    return this.ticks(-Math.log(1 - this.rng.next()) * this.cfg.connLifetimeMs);
  }

  private age(ev: ConnEvents): void {
    for (const c of this.list) {
      if (c.state === 'LISTEN' || --c.ticksLeft > 0) continue;
      switch (c.state) {
        case 'SYN_RECVD':
          if (this.rng.chance(0.03)) {
            c.ticksLeft = -1; // the final ACK never came: lwip frees the pcb
            ev.failed++;
          } else {
            c.state = 'ESTABLISHED';
            c.ticksLeft = this.lifetime();
            ev.established++;
          }
          break;
        case 'ESTABLISHED':
          if (this.rng.chance(0.04)) {
            c.ticksLeft = -1; // reset by the peer
            ev.resets++;
          } else if (this.rng.chance(0.5)) {
            c.state = 'CLOSE_WAIT';
            c.ticksLeft = this.ticks(this.cfg.closeWaitMs * (0.5 + this.rng.next()));
          } else {
            c.state = 'TIME_WAIT';
            c.fd = -1;
            c.recvmbox = c.sendmbox = c.inSend = 0;
            c.ticksLeft = this.ticks(this.cfg.timeWaitMs);
          }
          break;
        default: // CLOSE_WAIT: the application closes; TIME_WAIT: 2*MSL is over
          c.ticksLeft = -1;
          ev.finished++;
      }
    }
    let kept = 0;
    for (const c of this.list) if (c.state === 'LISTEN' || c.ticksLeft >= 0) this.list[kept++] = c;
    this.list.length = kept;
  }

  private listener(family: 4 | 6): SimConn {
    return this.conn(family === 4 ? this.local.v4 : this.local.v6, LISTEN_PORT[family], anyAddr(family), 0, {
      state: 'LISTEN',
      keepalive: null,
    });
  }

  private incoming(): SimConn {
    const family = this.rng.chance(this.cfg.ipv6Share) ? 6 : 4;
    const remote: Addr =
      family === 4
        ? { family: 4, bytes: [198, 51, 100, this.rng.int(1, 254)] }
        : docIpv6(0xff00 + this.rng.int(0, 255), this.rng.int(1, 0xffff));
    const keepalive = this.rng.chance(this.cfg.keepaliveShare)
      ? { idleMs: this.rng.int(1, 12) * 60_000, intvlMs: this.rng.int(5, 75) * 1000, cnt: this.rng.int(3, 9) }
      : null;
    return this.conn(
      family === 4 ? this.local.v4 : this.local.v6,
      LISTEN_PORT[family],
      remote,
      this.rng.int(32768, 60999),
      { state: 'SYN_RECVD', keepalive, ticksLeft: this.rng.int(1, 3) },
    );
  }

  private conn(
    local: Addr,
    localPort: number,
    remote: Addr,
    remotePort: number,
    init: { state: TcpState; keepalive: KeepAlive | null; ticksLeft?: number },
  ): SimConn {
    const iss = this.rng.int(0, 0xffffffff);
    return {
      id: this.nextId++,
      state: init.state,
      fd: this.allocFd(),
      local,
      localPort,
      remote,
      remotePort,
      ticksLeft: init.ticksLeft ?? 0,
      sndNxt: iss,
      lastAck: iss,
      rcvNxt: this.rng.int(0, 0xffffffff),
      recvmbox: 0,
      sendmbox: 0,
      inSend: 0,
      cwnd: init.state === 'LISTEN' ? 0 : 10 * MSS,
      rcvWnd: init.state === 'LISTEN' ? 0 : WINDOW,
      sndWnd: init.state === 'LISTEN' ? 0 : WINDOW,
      sndBuf: init.state === 'LISTEN' ? 0 : SND_BUF,
      keepalive: init.keepalive,
      pingpong: this.rng.chance(0.3),
    };
  }

  /** Spreads the tick's payload over the connections that carry data. */
  private carry(rxBytes: number, txBytes: number): void {
    const busy = this.list.filter((c) => c.state === 'ESTABLISHED' || c.state === 'CLOSE_WAIT');
    if (busy.length === 0) return;
    for (const c of busy) {
      const share = 0.5 + this.rng.next();
      const rx = Math.round((rxBytes / busy.length) * share);
      const tx = c.state === 'ESTABLISHED' ? Math.round((txBytes / busy.length) * share) : 0;
      c.rcvNxt = (c.rcvNxt + rx) >>> 0;
      c.sndNxt = (c.sndNxt + tx) >>> 0;
      c.inSend = Math.min(tx, this.rng.int(0, 4) * MSS);
      c.lastAck = (c.sndNxt - c.inSend) >>> 0;
      c.recvmbox = this.rng.int(0, 8);
      c.sendmbox = tx > 0 ? this.rng.int(0, 4) : 0;
      c.cwnd = Math.min(c.cwnd + MSS, 64 * MSS);
      c.sndBuf = SND_BUF - Math.min(SND_BUF, c.inSend);
      c.rcvWnd = WINDOW - Math.min(WINDOW, c.recvmbox * MSS);
    }
  }
}
