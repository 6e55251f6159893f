/**
 * Socket I/O of discovery and fleet control: does a socket answer (an empty connection, the same
 * "probe" the C clients make, PROTOCOL.md §1.1), and one request whose answer is read chunk by chunk
 * until the daemon closes, the caller has enough, or the line goes quiet.
 */
import type { Socket } from 'node:net';
import { stat } from 'node:fs/promises';
import {
  GazelleError,
  NotRunningError,
  PermissionDeniedError,
  RefusedError,
  TimeoutError,
} from '../errors.js';
import { openSocket } from '../transport/connection.js';
import type { Daemon } from '../model/daemon.js';

export type SocketState = 'alive' | 'stale' | 'denied' | 'missing' | 'timeout' | 'not-a-socket' | 'error';

/** How a failed connect shows in `ls`. */
export function stateOf(err: unknown): SocketState {
  if (err instanceof RefusedError) return err.errno === 111 ? 'stale' : 'error';
  if (err instanceof PermissionDeniedError) return 'denied';
  if (err instanceof NotRunningError) return 'missing';
  if (err instanceof TimeoutError) return 'timeout';
  return 'error';
}

/** The transport's connect (one implementation for every client), as a plain socket. */
export function connect(path: string, daemon: Daemon, timeoutMs: number): Promise<Socket> {
  return openSocket(path, { daemon, timeoutMs });
}

/** Connects and closes at once without a byte: the daemons just close such a connection. */
export async function checkSocket(path: string, daemon: Daemon, timeoutMs: number): Promise<SocketState> {
  try {
    const st = await stat(path); // a symlink to a socket is connected to like the socket
    if (!st.isSocket()) return 'not-a-socket';
  } catch {
    return 'missing';
  }
  try {
    (await connect(path, daemon, timeoutMs)).destroy();
    return 'alive';
  } catch (e) {
    if (!(e instanceof GazelleError)) throw e;
    return stateOf(e);
  }
}

/** What the reader of an answer says after each chunk. */
export type Feed = 'more' | 'settled' | 'stop';

export interface ExchangeOptions {
  daemon: Daemon;
  /** Longest wait for a chunk while the answer is incomplete. */
  timeoutMs: number;
  /** Wait for stray bytes once the answer looks complete ('settled'). */
  idleMs: number;
  /** The request needs no answer: quiet for idleMs right after the write ends it too. */
  settledAtStart?: boolean;
}

export interface ExchangeResult {
  readonly bytes: number;
  readonly ended: 'closed' | 'quiet' | 'timeout' | 'stopped';
}

/**
 * Connects, writes `request` in one write, and hands every chunk to `feed`. Ends when feed says
 * 'stop', when the daemon closes (ltran does after each answer), after idleMs of quiet once feed
 * said 'settled' (lstack keeps the connection open), or after timeoutMs of quiet otherwise.
 */
export async function exchange(
  path: string,
  request: Buffer,
  feed: (chunk: Buffer) => Feed,
  opts: ExchangeOptions,
): Promise<ExchangeResult> {
  const socket = await connect(path, opts.daemon, opts.timeoutMs);
  return new Promise((resolve) => {
    let bytes = 0;
    let settled = opts.settledAtStart ?? false;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (ended: ExchangeResult['ended']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ bytes, ended });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(settled ? 'quiet' : 'timeout'), settled ? opts.idleMs : opts.timeoutMs);
    };
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      const said = feed(chunk);
      if (said === 'stop') return finish('stopped');
      settled = said === 'settled';
      arm();
    });
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('closed'));
    socket.write(request);
    arm();
  });
}
