/**
 * An AF_UNIX SOCK_STREAM control socket that behaves like the daemons' (PROTOCOL.md §1): fixed-size
 * requests with no framing, a request that arrives short makes the daemon close (lstack 1.0.2 did),
 * lstack keeps a connection for further requests, ltran answers one and closes after a pause.
 */
import { link, lstat, rename, unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { EXIT, GazelleError } from '../errors.js';
import { answerOrDrop, ControlLoop } from './control-loop.js';
import type { DaemonLog } from './daemon-log.js';

/** The simulator refuses to take over a socket on which a daemon answers, or a path that is no socket. */
export class SocketInUseError extends GazelleError {
  readonly exitCode = EXIT.refused;
}

export interface Reply {
  /** Frames (or pieces of frames) to write, in order, without waiting for the client to read them. */
  write: Buffer[];
  /** Close the connection at once without writing (ltran's "unrecognised" / unknown instance). */
  closeNow?: boolean;
  /** lstack: the log line when the client stops taking this answer (null: the daemon does not log). */
  cutLine?: string | null;
}

export interface ControlServerOptions {
  path: string;
  /** sizeof(struct gazelle_stat_msg_request) of the era. */
  requestSize: number;
  /** null: keep the connection open (lstack); else close this many ms after answering (ltran). */
  closeAfterAnswerMs: number | null;
  answer(request: Buffer): Reply;
  /** lstack only: serve through the strict control loop of PROTOCOL.md §11.6 (control-loop.ts). */
  strict?: { log: DaemonLog; reactionMs: number };
  /** Leave the socket file behind on close, as a daemon that is killed or exits does (§11.6.5). */
  leaveSocket?: boolean;
}

/** A client that stops reading gets this much queued before the simulator drops it. */
const MAX_QUEUED_BYTES = 256 * 1024 * 1024;
/** ltran closes with a FIN after its pause; a client that never reads must not pin the socket. */
const LINGER_MS = 10_000;

export class ControlServer {
  private readonly sockets = new Set<Socket>();
  private closing: Promise<void> | null = null;
  private loop: ControlLoop | null = null;

  private constructor(
    private readonly server: Server,
    private readonly opts: ControlServerOptions,
    /** Inode of the socket file we created, so we never unlink someone else's. */
    private readonly ino: number,
  ) {}

  get path(): string {
    return this.opts.path;
  }

  static async listen(opts: ControlServerOptions): Promise<ControlServer> {
    await claimPath(opts.path);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path: opts.path, backlog: 5 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const cs = new ControlServer(server, opts, (await lstat(opts.path)).ino);
    if (opts.strict && opts.closeAfterAnswerMs === null) {
      const { log, reactionMs } = opts.strict;
      cs.loop = new ControlLoop({
        requestSize: opts.requestSize,
        log,
        reactionMs,
        answer: (request) => {
          const reply = opts.answer(request);
          return { write: reply.closeNow ? [] : reply.write, cutLine: reply.cutLine ?? null };
        },
      });
    }
    server.on('connection', (sock) => cs.accept(sock));
    // A listening socket has no other error source worth dying for; keep serving.
    server.on('error', () => undefined);
    return cs;
  }

  private accept(sock: Socket): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    // EPIPE / ECONNRESET when a client closes without reading (set loglevel): not our failure.
    sock.on('error', () => sock.destroy());
    if (this.loop) return this.loop.accept(sock);
    const { requestSize, closeAfterAnswerMs } = this.opts;
    let answered = false;
    sock.on('data', (chunk: Buffer) => {
      if (answered && closeAfterAnswerMs !== null) return; // ltran reads one request per connection
      // Each read() of the daemon asks for exactly one request; a shorter result closes the connection.
      let at = 0;
      for (; at + requestSize <= chunk.length; at += requestSize) {
        this.handle(sock, chunk.subarray(at, at + requestSize));
        answered = true;
        if (closeAfterAnswerMs !== null || sock.destroyed) return;
      }
      if (at < chunk.length) sock.destroy();
    });
  }

  private handle(sock: Socket, request: Buffer): void {
    const reply = answerOrDrop(sock, () => this.opts.answer(request));
    if (reply === null) return;
    if (reply.closeNow) {
      sock.destroy();
      return;
    }
    for (const frame of reply.write) sock.write(frame);
    if (sock.writableLength > MAX_QUEUED_BYTES) sock.destroy();
    const delay = this.opts.closeAfterAnswerMs;
    if (delay !== null) {
      setTimeout(() => {
        sock.end();
        setTimeout(() => sock.destroy(), LINGER_MS).unref();
      }, delay).unref();
    }
  }

  /** Stops listening, drops every connection and removes the socket file. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.loop?.stop();
      // libuv unlinks a listening socket's path on close: a second name keeps the file (now refusing).
      const keep = this.opts.leaveSocket ? `${this.opts.path}.keep-${process.pid}` : null;
      if (keep) await link(this.opts.path, keep).catch(() => undefined);
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const s of this.sockets) s.destroy();
      await closed;
      if (keep) {
        await rename(keep, this.opts.path).catch(() => undefined);
        return;
      }
      // libuv unlinks the path on close already; make sure, but only if it is still our socket.
      try {
        const st = await lstat(this.opts.path);
        if (st.isSocket() && st.ino === this.ino) await unlink(this.opts.path);
      } catch {
        // already gone
      }
    })();
    return this.closing;
  }
}

/**
 * Makes `path` free for listening: a live daemon there is an error, a stale socket file (connect
 * refused) is removed, a missing one is fine.
 */
export async function claimPath(path: string): Promise<void> {
  const state = await probe(path);
  if (state === 'live') {
    throw new SocketInUseError(
      `${path} is already in use: a daemon answers on it`,
      'stop it first, or give this instance another unix_prefix',
    );
  }
  if (state === 'stale') {
    const st = await lstat(path);
    if (!st.isSocket()) throw new SocketInUseError(`${path} exists and is not a socket; not replacing it`);
    await unlink(path);
  }
}

function probe(path: string): Promise<'live' | 'stale' | 'absent'> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ path });
    sock.once('connect', () => {
      sock.destroy();
      resolve('live');
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      sock.destroy();
      if (err.code === 'ECONNREFUSED') resolve('stale');
      else if (err.code === 'ENOENT') resolve('absent');
      else reject(new SocketInUseError(`cannot use ${path}: ${err.code ?? err.message}`));
    });
  });
}
