/**
 * One AF_UNIX SOCK_STREAM connection to ltran or lstack: connect, write one request, read
 * exact-size frames. Chunks are queued and joined once per frame, so a 3 MB answer that arrives in
 * a hundred pieces costs one copy. Every wait is bounded by a per-read timeout, like the C client's
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

  private constructor(
    private readonly socket: Socket,
    readonly path: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.push(chunk);
      if (this.buffered > Math.max(this.wanted, HIGH_WATER_BYTES)) socket.pause();
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

  static connect(path: string, opts: ConnectOptions): Promise<Connection> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket = createConnection({ path });
      // A unix-socket connect blocks when the listener's backlog is full; never wait forever.
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TimeoutError(`timed out connecting to ${opts.daemon} at ${path} after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new Connection(socket, path, timeoutMs));
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
    this.wanted = n;
    if (this.buffered < n) this.socket.resume();
    while (this.buffered < n) {
      if (this.ended) {
        throw new ClosedEarlyError(
          `connection closed by the daemon after ${this.buffered} of ${n} bytes (${this.path})`,
          this.buffered,
          n,
        );
      }
      const before = this.buffered;
      await this.waitForData();
      if (this.buffered === before && !this.ended) {
        throw new TimeoutError(`no answer from ${this.path} within ${this.timeoutMs} ms`);
      }
    }
    this.wanted = 0;
    return this.take(n);
  }

  private push(chunk: Buffer): void {
    this.buffered += chunk.length;
    if (chunk.length >= COALESCE_BELOW) {
      this.block = null;
      this.chunks.push(chunk);
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
