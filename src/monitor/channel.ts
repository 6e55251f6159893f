/**
 * One kept connection to an lstack control socket. lstack serves any number of requests on a
 * connection (PROTOCOL.md §1; ltran answers one and closes), so `top` connects once per instance
 * instead of once per poll: no connect/accept, socket set-up and teardown every second.
 * Requests go one at a time; a reply is read to its end before the next request is written, and
 * anything odd (a timeout, bytes beyond the reply, bytes nobody asked for) drops the connection,
 * so a reply is never mistaken for another's.
 */
import { createConnection, type Socket } from 'node:net';
import { ClosedEarlyError, GazelleError, ProtocolError, TimeoutError } from '../errors.js';
import { connectError } from '../transport/connection.js';
import { FrameSkimmer, type Segment } from './frameSkimmer.js';
import { readBuffer, replyTimeout, type QueryOptions } from './query.js';

interface Pending {
  skimmer: FrameSkimmer;
  received: number;
  resolve(results: Buffer[][]): void;
  reject(err: GazelleError): void;
}

export class Channel {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private pending: Pending | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** Requests wait here for the previous reply. */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly path: string,
    private readonly opts: QueryOptions,
  ) {}

  /** Writes `request` and resolves with the reply's structs (as FrameSkimmer results). */
  ask(request: Buffer, segments: readonly Segment[]): Promise<Buffer[][]> {
    const run = this.tail.then(() => this.askNow(request, segments));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Drops the connection (after a failure); the next request connects again. */
  reset(): void {
    this.drop(new ClosedEarlyError(`connection to ${this.path} reset`, 0, 0));
  }

  /** For good: the request in flight fails, later ones fail at once, nothing reconnects. */
  close(): void {
    this.closed = true;
    this.drop(new ClosedEarlyError(`connection to ${this.path} closed`, 0, 0));
  }

  private async askNow(request: Buffer, segments: readonly Segment[]): Promise<Buffer[][]> {
    const reused = this.socket !== null;
    try {
      return await this.exchange(request, segments);
    } catch (e) {
      // A kept connection the daemon closed meanwhile (it restarted) fails before any reply:
      // that is no answer about the daemon, so ask once more on a fresh connection.
      if (reused && e instanceof ClosedEarlyError && e.received === 0 && !this.closed) {
        return this.exchange(request, segments);
      }
      throw e;
    }
  }

  private async exchange(request: Buffer, segments: readonly Segment[]): Promise<Buffer[][]> {
    if (this.closed) throw new ClosedEarlyError(`connection to ${this.path} closed`, 0, 0);
    const socket = await this.connect();
    if (this.closed) {
      socket.destroy();
      throw new ClosedEarlyError(`connection to ${this.path} closed`, 0, 0);
    }
    return new Promise<Buffer[][]>((resolve, reject) => {
      this.pending = { skimmer: new FrameSkimmer(segments), received: 0, resolve, reject };
      this.arm();
      socket.write(request);
    });
  }

  private connect(): Promise<Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<Socket>((resolve, reject) => {
      const { path, opts } = this;
      const socket = createConnection({
        path,
        onread: {
          buffer: readBuffer,
          callback: (n: number, buf: Uint8Array): boolean => {
            this.onChunk(socket, Buffer.from(buf.buffer, buf.byteOffset, n));
            return true;
          },
        },
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TimeoutError(`no answer from ${opts.daemon} at ${path} within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        this.socket = socket;
        resolve(socket);
      });
      socket.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (this.socket !== socket) return reject(connectError(err, path, opts.daemon));
        this.fail(socket, new ClosedEarlyError(`${path}: ${err.message}`, this.pending?.received ?? 0, 0));
      });
      socket.on('close', () => {
        clearTimeout(timer);
        this.fail(
          socket,
          new ClosedEarlyError(
            `${opts.daemon} closed the connection early (${path})`,
            this.pending?.received ?? 0,
            0,
          ),
        );
      });
    }).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private onChunk(socket: Socket, chunk: Buffer): void {
    const p = this.pending;
    if (!p || socket !== this.socket) {
      // Bytes nobody asked for: whatever they are, the stream is no longer in step.
      if (socket === this.socket) this.drop(null);
      return;
    }
    p.received += chunk.length;
    let extra: number;
    try {
      extra = p.skimmer.feed(chunk);
    } catch (e) {
      this.fail(socket, new ProtocolError((e as Error).message, 'try another --profile (or --arch)'));
      return;
    }
    if (!p.skimmer.done) return;
    if (extra > 0) {
      // lstack sends nothing unasked: bytes after the reply mean its structs are not the size we
      // cut at (another profile), so the values read are not to be trusted (PROTOCOL.md §11.3).
      return this.fail(
        socket,
        new ProtocolError(
          `${extra} unexpected bytes after the reply from ${this.path}: the daemon does not speak the selected profile`,
          'try another --profile (or --arch)',
        ),
      );
    }
    clearTimeout(this.timer);
    this.pending = null;
    p.resolve(p.skimmer.results);
  }

  /**
   * Armed once per request: the whole reply must arrive within the timeout (see replyTimeout),
   * so a daemon that trickles bytes cannot hold an instance forever.
   */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.fail(this.socket, replyTimeout(this.opts, this.path, this.pending?.received ?? 0)),
      this.opts.timeoutMs,
    );
  }

  private fail(socket: Socket | null, err: GazelleError): void {
    if (socket === this.socket) this.drop(err);
  }

  /** Closes the socket; a request in flight fails with `err`. */
  private drop(err: GazelleError | null): void {
    const { socket, pending } = this;
    clearTimeout(this.timer);
    this.pending = null;
    this.socket = null;
    socket?.destroy();
    if (pending) pending.reject(err ?? new ClosedEarlyError(`connection to ${this.path} dropped`, 0, 0));
  }
}
