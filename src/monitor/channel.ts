/**
 * One kept connection to an lstack control socket. lstack serves any number of requests on a
 * connection (PROTOCOL.md §1; ltran answers one and closes), so `top` connects once per instance
 * instead of once per poll: no connect/accept, socket set-up and teardown every second.
 * Requests go one at a time; a reply is read to its end before the next request is written, and
 * anything odd (a timeout, bytes beyond the reply, bytes nobody asked for) drops the connection,
 * so a reply is never mistaken for another's. The connection is the transport's.
 */
import { ClosedEarlyError, GazelleError, ProtocolError } from '../errors.js';
import { Connection, type ReceiveOptions } from '../transport/connection.js';
import { FrameSkimmer, type StructRun } from './frameSkimmer.js';
import { readBuffer, replyOptions, type QueryOptions } from './query.js';

export class Channel {
  private conn: Connection | null = null;
  private connecting: Promise<Connection> | null = null;
  /** Requests wait here for the previous reply. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Requests asked and not yet settled: with none, a request goes out at once. */
  private pending = 0;
  private closed = false;
  private readonly receiveOptions: ReceiveOptions;

  constructor(
    readonly path: string,
    private readonly opts: QueryOptions,
  ) {
    this.receiveOptions = replyOptions(opts, path);
  }

  /** Writes `request` and resolves with the reply's structs (as FrameSkimmer results). */
  ask(request: Buffer, segments: readonly StructRun[]): Promise<Buffer[][]> {
    // A poll asks one thing at a time: skipping the queue then saves a promise turn per request.
    const run =
      this.pending === 0
        ? this.askNow(request, segments)
        : this.tail.then(() => this.askNow(request, segments));
    this.pending++;
    const settled = (): void => {
      this.pending--;
    };
    this.tail = run.then(settled, settled);
    return run;
  }

  /** Drops the connection (after a failure); the next request connects again. */
  reset(): void {
    this.drop(new ClosedEarlyError(`connection to ${this.path} reset`, 0, 0));
  }

  /** For good: the request in flight fails, later ones fail at once, nothing reconnects. */
  close(): void {
    this.closed = true;
    this.drop(this.closedError());
  }

  private closedError(): ClosedEarlyError {
    return new ClosedEarlyError(`connection to ${this.path} closed`, 0, 0);
  }

  private async askNow(request: Buffer, segments: readonly StructRun[]): Promise<Buffer[][]> {
    const reused = this.conn !== null;
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

  private async exchange(request: Buffer, segments: readonly StructRun[]): Promise<Buffer[][]> {
    if (this.closed) throw this.closedError();
    const conn = this.kept() ?? (await this.connect());
    if (this.closed) {
      conn.close();
      throw this.closedError();
    }
    const skimmer = new FrameSkimmer(segments);
    try {
      await conn.write(request);
      await conn.receive(skimmer, this.receiveOptions);
    } catch (e) {
      if (this.conn === conn) this.drop(null);
      throw e;
    }
    const extra = conn.pendingBytes;
    if (extra > 0) {
      this.drop(null);
      // lstack sends nothing unasked: bytes after the reply mean its structs are not the size we
      // cut at (another profile), so the values read are not to be trusted (PROTOCOL.md §11.3).
      throw new ProtocolError(
        `${extra} unexpected bytes after the reply from ${this.path}: the daemon does not speak the selected profile`,
        'try another --profile (or --arch)',
      );
    }
    return skimmer.results;
  }

  /** The kept connection when it is still in step (no promise turn to get it). */
  private kept(): Connection | null {
    const { conn } = this;
    return conn && !conn.closed && conn.pendingBytes === 0 ? conn : null;
  }

  /** The kept connection, or a new one when there is none or the daemon closed it. */
  private connect(): Promise<Connection> {
    // bytes that came while nothing was asked: whatever they are, the stream is out of step
    if (this.conn && (this.conn.closed || this.conn.pendingBytes > 0)) this.drop(null);
    if (this.conn) return Promise.resolve(this.conn);
    const { daemon, timeoutMs } = this.opts;
    let made: Connection | null = null;
    this.connecting ??= Connection.connect(this.path, {
      daemon,
      timeoutMs,
      scratch: readBuffer,
      onIdleBytes: () => {
        if (made !== null && this.conn === made) this.drop(null);
      },
    })
      .then((conn) => {
        made = conn;
        this.conn = conn;
        return conn;
      })
      .finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  /** Closes the connection; a request in flight fails with `err`. */
  private drop(err: GazelleError | null): void {
    const { conn } = this;
    this.conn = null;
    conn?.close(err ?? new ClosedEarlyError(`connection to ${this.path} dropped`, 0, 0));
  }
}
