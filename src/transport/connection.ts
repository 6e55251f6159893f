/**
 * The one transport: every client of a daemon socket (the CLI, top, the exporter, the recorder,
 * discovery and the fleet commands) connects through openSocket(), and reads replies through a
 * Connection, whose FrameReader decides where each read lands: straight into an awaited frame's own
 * buffer (net's `onread`), so a 3 MB answer that arrives in a hundred reads is neither copied nor
 * allocated piece by piece, as the C client's recv() into its struct; or into one scratch area
 * whose bytes a sink consumes at once (the monitors keep ~250 bytes of each 3 MB struct). Every wait
 * is bounded: per read, like the C client's poll(5000 ms) per chunk, or for the whole reply.
 */
import { createConnection, type OnReadOpts, type Socket } from 'node:net';
import { constants } from 'node:os';
import { Discard, ExactFrame, FrameReader, type ExactFrameOptions, type FrameSink } from './frameReader.js';
import {
  ClosedEarlyError,
  GazelleError,
  NotRunningError,
  PermissionDeniedError,
  ProtocolError,
  RefusedError,
  TimeoutError,
} from '../errors.js';

export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Reading stops (socket paused, the daemon's writes block in the kernel, as with the C client that
 * only read() when it wants bytes) once this much beyond the current frame is queued. Without it a
 * daemon that floods, or keeps writing while we sleep with the connection open (set loglevel), fills
 * our heap without limit. Queued bytes stay below max(frame size, HIGH_WATER) + one socket read.
 */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** Landing area of a CLI connection for reads that do not go straight into a frame. */
const SCRATCH_BYTES = 64 * 1024;

export interface ConnectOptions {
  /** Which daemon, for messages only. */
  daemon: 'ltran' | 'lstack';
  timeoutMs?: number;
  /**
   * Where reads land that no frame takes directly; one area may serve many connections (its bytes
   * are consumed or copied at once). Default: 64 KiB of the connection's own.
   */
  scratch?: Buffer;
  /** Bytes arrived while no reply was awaited (a kept connection that is no longer in step). */
  onIdleBytes?: () => void;
}

/** errno number as the C client printed it (2 ENOENT, 111 ECONNREFUSED, 13 EACCES). */
export function errnoOf(code: string | undefined): number {
  const n = code ? (constants.errno as Record<string, number>)[code] : undefined;
  return n ?? 0;
}

/** Maps a failed connect to the typed error the CLI knows how to explain. */
export function connectError(err: NodeJS.ErrnoException, path: string, daemon: string): GazelleError {
  const errno = errnoOf(err.code);
  switch (err.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new NotRunningError(`${daemon} is not running: no socket at ${path}`, path, errno);
    case 'ECONNREFUSED':
      return new RefusedError(`${daemon} refused the connection on ${path} (stale socket?)`, path, errno);
    case 'EACCES':
    case 'EPERM':
      return new PermissionDeniedError(
        `permission denied on ${path}`,
        path,
        errno,
        "run as root or as the daemon's user",
      );
    case 'EAGAIN':
      // The listen queue is full: the daemon stopped accepting (busy or hung). Node's unix-socket
      // connect does not wait like the C client's blocking connect(), so say what it means.
      return new RefusedError(
        `${daemon} at ${path} is not accepting connections (its listen queue is full: busy or hung)`,
        path,
        errno,
      );
    default:
      return new RefusedError(
        `cannot connect to ${daemon} at ${path}: ${err.code ?? err.message}`,
        path,
        errno,
      );
  }
}

/**
 * The one connect: a unix-socket connect bounded by `timeoutMs` (it blocks while the listener's
 * backlog is full), failures mapped to the typed errors. `attach` runs as the connection is made,
 * before anything else can happen on the socket.
 */
export function openSocket(
  path: string,
  opts: { daemon: string; timeoutMs?: number; onread?: OnReadOpts },
  attach?: (socket: Socket) => void,
): Promise<Socket> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = createConnection(opts.onread ? { path, onread: opts.onread } : { path });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TimeoutError(`timed out connecting to ${opts.daemon} at ${path} after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      attach?.(socket);
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(connectError(err, path, opts.daemon));
    });
  });
}

/** How one awaited reply may fail. */
export interface ReceiveOptions {
  /** The limit is for the whole reply (the monitors), not for each read (the C client's). */
  whole?: boolean;
  /** The limit, if not the connection's timeout. */
  ms?: number;
  /** The error for a timeout after `received` bytes of the reply. */
  timedOut?: (received: number) => GazelleError;
  /** The error for bytes the sink refuses (it threw `err`). */
  invalid?: (err: Error) => GazelleError;
  /** The error for a connection that ended after `received` bytes (`err`: the socket's error). */
  closed?: (received: number, err: Error | null) => GazelleError;
}

interface Waiter {
  sink: FrameSink;
  opts: ReceiveOptions;
  seen: number;
  timer: NodeJS.Timeout;
  resolve(): void;
  reject(err: GazelleError): void;
}

export class Connection {
  private readonly reader: FrameReader;
  private ended = false;
  private failure: Error | null = null;
  private waiter: Waiter | null = null;

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
    private readonly timeoutMs: number,
    scratch: Buffer,
    private readonly onIdleBytes?: () => void,
  ) {
    this.reader = new FrameReader(scratch);
    // With onread, net emits no 'data'; bytes fed as 'data' (the fuzz tests inject odd chunkings
    // this way) take the same path as a read that landed in scratch.
    socket.on('data', (chunk: Buffer) => {
      if (!this.take(() => this.reader.push(chunk))) socket.pause();
    });
    const ended = (): void => {
      this.ended = true;
      this.progress();
    };
    socket.on('end', ended);
    socket.on('close', ended);
    socket.on('error', (err) => {
      this.failure = err;
      ended();
    });
  }

  static connect(path: string, opts: ConnectOptions): Promise<Connection> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const scratch = opts.scratch ?? Buffer.allocUnsafe(SCRATCH_BYTES);
    let conn: Connection | undefined;
    // Reads land where the reader says; net asks once before 'connect'.
    const onread: OnReadOpts = {
      buffer: () => (conn ? conn.reader.landing() : scratch),
      callback: (nread) => conn!.onRead(nread),
    };
    return openSocket(path, { daemon: opts.daemon, timeoutMs, onread }, (socket) => {
      conn = new Connection(socket, path, timeoutMs, scratch, opts.onIdleBytes);
    }).then(() => conn!);
  }

  /** Called for every read; returning false pauses the socket (net's onread contract). */
  private onRead(nread: number): boolean {
    try {
      this.reader.landed(nread);
    } catch (e) {
      this.refused(e);
    }
    return this.progress();
  }

  /** Hands bytes to the reader; a sink that refuses them (a reply of the wrong shape) fails it. */
  private take(hand: () => void): boolean {
    try {
      hand();
    } catch (e) {
      this.refused(e);
    }
    return this.progress();
  }

  private refused(e: unknown): void {
    const w = this.waiter;
    if (w === null || !(e instanceof Error)) throw e;
    this.settle(w.opts.invalid?.(e) ?? new ProtocolError(e.message));
  }

  /** After bytes or an end: settles the awaited reply; false when reading should pause. */
  private progress(): boolean {
    const w = this.waiter;
    if (w === null) {
      if (this.reader.pendingBytes > 0) this.onIdleBytes?.();
    } else if (w.sink.done) this.settle(null);
    else if (this.ended) {
      const received = w.sink.received;
      this.settle(w.opts.closed?.(received, this.failure) ?? this.closedError(received, 0));
    } else if (w.sink.received !== w.seen) {
      w.seen = w.sink.received;
      if (!w.opts.whole) w.timer.refresh();
    }
    const sink = this.reader.awaiting;
    const frame = sink instanceof ExactFrame ? sink.size : 0;
    return this.reader.held <= Math.max(frame, HIGH_WATER_BYTES);
  }

  private settle(err: GazelleError | null): void {
    const w = this.waiter!;
    this.waiter = null;
    clearTimeout(w.timer);
    this.reader.end();
    if (err) w.reject(err);
    else w.resolve();
  }

  private closedError(received: number, expected: number): ClosedEarlyError {
    return new ClosedEarlyError(
      `connection closed by the daemon after ${received} of ${expected} bytes (${this.path})`,
      received,
      expected,
    );
  }

  write(buf: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      // One write call: lstack 1.0.2 refuses a request that arrives in two reads.
      this.socket.write(buf, (err) =>
        err
          ? reject(new ClosedEarlyError(`write failed on ${this.path}: ${err.message}`, 0, buf.length))
          : resolve(),
      );
    });
  }

  /**
   * Fills `sink` with the reply (queued bytes first); resolves once it is done. Bytes beyond it stay
   * queued (pendingBytes). At most one reply is awaited at a time.
   */
  receive<S extends FrameSink>(sink: S, opts: ReceiveOptions = {}): Promise<S> {
    if (this.waiter) throw new Error('a reply is already awaited on this connection');
    return new Promise<S>((resolve, reject) => {
      const timer = setTimeout(() => {
        const received = this.waiter?.sink.received ?? 0;
        this.settle(
          opts.timedOut?.(received) ??
            new TimeoutError(`no answer from ${this.path} within ${this.timeoutMs} ms`),
        );
      }, opts.ms ?? this.timeoutMs);
      this.waiter = { sink, opts, seen: 0, timer, resolve: () => resolve(sink), reject };
      this.take(() => this.reader.begin(sink));
      if (this.waiter?.sink === sink) this.socket.resume();
    });
  }

  /**
   * Reads exactly n bytes, waiting at most timeoutMs for each chunk; returns them, or only the
   * first `keep` of them (the rest is read and dropped), in `into` when they are not queued yet.
   */
  async readExact(n: number, opts: Pick<ExactFrameOptions, 'keep' | 'into'> = {}): Promise<Buffer> {
    if (this.reader.pendingBytes >= n) return this.reader.take(n).subarray(0, opts.keep ?? n);
    const frame = new ExactFrame(n, opts);
    try {
      await this.receive(frame, {
        timedOut: (received) =>
          new TimeoutError(
            received > 0
              ? `no more bytes from ${this.path} within ${this.timeoutMs} ms (stalled after ${received} of ${n} bytes)`
              : `no answer from ${this.path} within ${this.timeoutMs} ms`,
          ),
        closed: (received) => this.closedError(received, n),
      });
      return frame.buffer;
    } catch (e) {
      // A frame that broke off stays queued (nothing else is: only a full frame overflows), so
      // pendingBytes and a later read still see it.
      this.reader.unshift(frame.partial);
      throw e;
    }
  }

  /**
   * Keeps the connection open for `ms` (or until the daemon closes it, or `signal` aborts),
   * dropping whatever arrives: a request that gets no answer is held so the daemon reads it.
   */
  async hold(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || this.ended) return;
    const abort = (): void => this.close(null);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      await this.receive(new Discard(), {
        whole: true,
        ms,
        timedOut: () => new TimeoutError('held long enough'),
        closed: () => new ClosedEarlyError('closed', 0, 0),
      });
    } catch (e) {
      if (!(e instanceof GazelleError)) throw e;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** True when the peer has sent bytes beyond what was read (a profile mismatch sign). */
  get pendingBytes(): number {
    return this.reader.pendingBytes;
  }

  /** The daemon closed the connection (or it failed). */
  get closed(): boolean {
    return this.ended;
  }

  /** Queued chunk objects (the fuzz tests check the coalescing bound through this). */
  private get chunks(): { length: number } {
    return { length: this.reader.queuedChunks };
  }

  /** Closes the connection; a reply still awaited fails with `err` (default: closed early). */
  close(err: GazelleError | null = null): void {
    this.socket.destroy();
    this.ended = true;
    if (this.waiter) this.settle(err ?? this.closedError(this.waiter.sink.received, 0));
  }

  get error(): Error | null {
    return this.failure;
  }
}
