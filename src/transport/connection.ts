/**
 * One AF_UNIX SOCK_STREAM connection to ltran or lstack: connect, write one request, read
 * exact-size frames. While a frame is awaited the kernel reads straight into that frame's own
 * buffer (net's `onread`), so a 3 MB answer that arrives in a hundred reads is neither copied nor
 * allocated piece by piece, as the C client's recv() into its struct. Bytes that arrive while no
 * frame is awaited are queued. Every wait is bounded by a per-read timeout, like the C client's
 * poll(5000 ms) per chunk.
 */
import { createConnection, type Socket } from 'node:net';
import { constants } from 'node:os';
import {
  ClosedEarlyError,
  GazelleError,
  NotRunningError,
  PermissionDeniedError,
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
/**
 * Chunks smaller than this are copied into shared blocks of COALESCE_BLOCK bytes. A daemon that
 * dribbles a 3 MB frame one byte per read() would otherwise leave 3 million Buffers (~100 bytes of
 * bookkeeping each) in the queue. Normal reads (64 KB) are still queued without a copy.
 */
const COALESCE_BELOW = 4096;
const COALESCE_BLOCK = 64 * 1024;
/** Landing area for reads while no frame is awaited; what lands there is copied out at once. */
const SCRATCH_BYTES = 64 * 1024;
/** How much of a frame's end arrives through scratch, so that one read takes it and what follows. */
const FRAME_TAIL_BYTES = SCRATCH_BYTES / 2;

export interface ConnectOptions {
  /** Which daemon, for messages only. */
  daemon: 'ltran' | 'lstack';
  timeoutMs?: number;
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

export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  /** Block that backs the last queued chunk while small chunks are appended to it. */
  private block: Buffer | null = null;
  private blockUsed = 0;
  /** Size of the frame readExact() is waiting for (0 when not reading). */
  private wanted = 0;
  /** The awaited frame, filled by the kernel from `filled` on; null when none is awaited. */
  private frame: Buffer | null = null;
  private filled = 0;
  /** Where the read in flight lands, and the frame that was awaited when it was handed out. */
  private landed: Buffer;
  private landedFrame: Buffer | null = null;

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
    private readonly timeoutMs: number,
    private readonly scratch: Buffer,
  ) {
    this.landed = scratch;
    // With onread, net emits no 'data'; bytes fed as 'data' (the fuzz tests inject odd chunkings
    // this way) take the same path as a read that landed in scratch.
    socket.on('data', (chunk: Buffer) => {
      this.ingest(chunk);
      if (this.buffered + this.filled > Math.max(this.wanted, HIGH_WATER_BYTES)) socket.pause();
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', (err) => {
      this.failure = err;
      this.ended = true;
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Where the next read() lands: the rest of the awaited frame, else the scratch area. */
  private landing(): Buffer {
    // Reads into the frame take at most SCRATCH_BYTES each, as net's own reads do, and stop
    // FRAME_TAIL_BYTES short of its end: the last read goes through scratch and takes the frame's
    // tail together with whatever the daemon sent beyond it, queued where pendingBytes sees it (a
    // profile mismatch sign). Larger reads drained the socket and left that tell to a later read.
    const room = this.frame === null ? 0 : this.frame.length - FRAME_TAIL_BYTES - this.filled;
    this.landedFrame = room > 0 ? this.frame : null;
    this.landed =
      room > 0
        ? this.frame!.subarray(this.filled, this.filled + Math.min(room, SCRATCH_BYTES))
        : this.scratch;
    return this.landed;
  }

  /** Called for every read; returning false pauses the socket (net's onread contract). */
  private onRead(nread: number): boolean {
    if (this.landedFrame !== null && this.landedFrame === this.frame) this.filled += nread;
    else this.ingest(this.landed.subarray(0, nread));
    this.notify();
    return this.buffered + this.filled <= Math.max(this.wanted, HIGH_WATER_BYTES);
  }

  /**
   * Bytes that did not land in the frame itself: while a frame is awaited they fill it (net asks for
   * the next landing right after a read, so the first read after readExact() began lands in
   * scratch), and any beyond it is queued.
   */
  private ingest(bytes: Buffer): void {
    let used = 0;
    if (this.frame) {
      used = Math.min(bytes.length, this.frame.length - this.filled);
      this.filled += bytes.copy(this.frame, this.filled, 0, used);
    }
    if (used < bytes.length) this.push(bytes.subarray(used));
  }

  static connect(path: string, opts: ConnectOptions): Promise<Connection> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let conn: Connection | undefined;
      const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
      // Reads land where the connection says (see landing()); net asks once before 'connect'.
      const socket = createConnection({
        path,
        onread: {
          buffer: () => (conn ? conn.landing() : scratch),
          callback: (nread) => conn!.onRead(nread),
        },
      });
      // A unix-socket connect blocks when the listener's backlog is full; never wait forever.
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TimeoutError(`timed out connecting to ${opts.daemon} at ${path} after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        conn = new Connection(socket, path, timeoutMs, scratch);
        resolve(conn);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(connectError(err, path, opts.daemon));
      });
    });
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

  /** Reads exactly n bytes, waiting at most timeoutMs for each chunk. */
  async readExact(n: number): Promise<Buffer> {
    if (this.buffered >= n) return this.take(n);
    // What is queued starts the frame; the kernel writes the rest straight behind it.
    this.frame = Buffer.allocUnsafe(n);
    this.filled = this.buffered ? this.take(this.buffered).copy(this.frame) : 0;
    this.wanted = n;
    try {
      this.socket.resume();
      while (this.filled < n) {
        if (this.ended) {
          throw new ClosedEarlyError(
            `connection closed by the daemon after ${this.filled} of ${n} bytes (${this.path})`,
            this.filled,
            n,
          );
        }
        const before = this.filled;
        await this.waitForData();
        if (this.filled === before && !this.ended) {
          throw new TimeoutError(`no answer from ${this.path} within ${this.timeoutMs} ms`);
        }
      }
      return this.frame;
    } finally {
      // A frame that broke off stays queued (nothing else is: only a full frame overflows), so
      // pendingBytes and a later read still see it.
      if (this.filled < n) {
        this.chunks = this.filled ? [this.frame.subarray(0, this.filled)] : [];
        this.buffered = this.filled;
      }
      this.frame = null;
      this.filled = 0;
      this.wanted = 0;
    }
  }

  /** Queues a copy of `chunk` (a view of a landing area that the next read may overwrite). */
  private push(chunk: Buffer): void {
    this.buffered += chunk.length;
    if (chunk.length >= COALESCE_BELOW) {
      this.block = null;
      this.chunks.push(Buffer.from(chunk));
      return;
    }
    if (!this.block || this.blockUsed + chunk.length > this.block.length) {
      this.block = Buffer.allocUnsafe(COALESCE_BLOCK);
      this.blockUsed = 0;
      this.chunks.push(this.block.subarray(0, 0));
    }
    chunk.copy(this.block, this.blockUsed);
    this.blockUsed += chunk.length;
    // The block is always the last queued chunk (take() and big chunks retire it).
    this.chunks[this.chunks.length - 1] = this.block.subarray(0, this.blockUsed);
  }

  /** True when the peer has sent bytes beyond what was read (a profile mismatch sign). */
  get pendingBytes(): number {
    return this.buffered;
  }

  private take(n: number): Buffer {
    this.block = null;
    const joined = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const frame = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }

  private waitForData(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, this.timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private notify(): void {
    this.wake?.();
  }

  close(): void {
    this.socket.destroy();
  }

  get error(): Error | null {
    return this.failure;
  }
}
