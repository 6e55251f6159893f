/**
 * lstack's control thread (`control_server_thread`, PROTOCOL.md §11.6), as strict as the real one:
 * one loop handles one event at a time and blocks while it writes an answer; a connection whose
 * peer has hung up is closed without being read, even with a whole request waiting; a request must
 * arrive in one read; modes it does not know are logged and left unanswered; an answer the client
 * stops taking is logged as lstack logs it. Everything it says goes to the daemon's log.
 */
import type { Socket } from 'node:net';
import type { DaemonLog } from './daemon-log.js';

export interface LoopReply {
  /** Frames written in order; the loop waits until the kernel has taken them (blocking writes). */
  write: Buffer[];
  /**
   * send_control_cmd_data writes until the whole struct is out and logs a failed write; the
   * single write() of set loglevel / lowpower takes a partial write as success. So: log this line
   * when the client goes away before the last byte was taken, or null for "never log".
   */
  cutLine: string | null;
}

export interface ControlLoopOptions {
  requestSize: number;
  /** Turns a request into what to write; unknown modes log and return an empty write. */
  answer(request: Buffer): LoopReply;
  log: DaemonLog;
  /**
   * How long the thread takes to get to an event. The real one is often busy (7 of 12 START
   * requests written-and-closed at once were lost, §11.6.1); a few ms makes a client that closes
   * right after writing lose its request every time, so tests see what real daemons sometimes do.
   */
  reactionMs: number;
}

interface Conn {
  sock: Socket;
  pending: Buffer[];
  pendingBytes: number;
  hungUp: boolean;
  queued: boolean;
}

export class ControlLoop {
  private readonly ready: Conn[] = [];
  private busy = false;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private stopped = false;

  constructor(private readonly opts: ControlLoopOptions) {}

  accept(sock: Socket): void {
    const conn: Conn = { sock, pending: [], pendingBytes: 0, hungUp: false, queued: false };
    sock.on('data', (chunk: Buffer) => {
      conn.pending.push(chunk);
      conn.pendingBytes += chunk.length;
      this.wake(conn);
    });
    const hangUp = (): void => {
      if (conn.hungUp) return;
      conn.hungUp = true;
      this.wake(conn);
    };
    sock.on('end', hangUp);
    sock.on('close', hangUp);
    sock.on('error', hangUp);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    this.ready.length = 0;
  }

  /** epoll is level-triggered: a connection with something to report stays ready until handled. */
  private wake(conn: Conn): void {
    if (!conn.queued) {
      conn.queued = true;
      this.ready.push(conn);
    }
    this.kick();
  }

  private kick(): void {
    if (this.busy || this.timer || this.stopped || this.ready.length === 0) return;
    const run = (): void => {
      this.timer = null;
      void this.step();
    };
    // 0: as soon as the events already received are in (a hang-up that came with the request counts)
    this.timer = this.opts.reactionMs > 0 ? setTimeout(run, this.opts.reactionMs) : setImmediate(run);
  }

  private async step(): Promise<void> {
    const conn = this.ready.shift();
    if (!conn) return;
    conn.queued = false;
    this.busy = true;
    try {
      await this.handle(conn);
    } finally {
      this.busy = false;
      this.kick();
    }
  }

  private async handle(conn: Conn): Promise<void> {
    const { sock } = conn;
    // EPOLLHUP / EPOLLERR: closed unread, whatever is waiting in it.
    if (conn.hungUp || sock.destroyed) {
      sock.destroy();
      return;
    }
    if (conn.pendingBytes === 0) return;
    const { requestSize, log } = this.opts;
    const all = conn.pending.length === 1 ? conn.pending[0] : Buffer.concat(conn.pending);
    const take = Math.min(requestSize, all.length);
    const request = all.subarray(0, take);
    const rest = all.subarray(take);
    conn.pending = rest.length ? [rest] : [];
    conn.pendingBytes = rest.length;
    if (take < requestSize) {
      log.write('ERR', `unknow wrong, we recieve something, ret ${take}`);
      sock.destroy();
      return;
    }
    if (rest.length) this.wake(conn);
    const reply = answerOrDrop(sock, () => this.opts.answer(request));
    if (reply === null || reply.write.length === 0) return;
    const taken = await writeAll(sock, reply.write);
    if (!taken) {
      if (reply.cutLine !== null) log.write('ERR', reply.cutLine);
      sock.destroy();
    }
  }
}

/** Resolves true once the kernel has taken every frame, false if the peer went away first. */
function writeAll(sock: Socket, frames: readonly Buffer[]): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      sock.off('close', onClose);
      resolve(ok);
    };
    const onClose = (): void => finish(false);
    sock.on('close', onClose);
    frames.forEach((frame, i) => {
      const last = i === frames.length - 1;
      sock.write(frame, (err) => {
        if (err) finish(false);
        else if (last) finish(true);
      });
    });
  });
}

/** A request the simulator's answers cannot read (they throw) ends the connection. */
export function answerOrDrop<R>(sock: Socket, answer: () => R): R | null {
  try {
    return answer();
  } catch {
    sock.destroy();
    return null;
  }
}
