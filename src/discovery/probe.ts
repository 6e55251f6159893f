/**
 * Does a socket answer: an empty connection, the same "probe" the C clients make (PROTOCOL.md §1.1).
 * One request and its answer: exchange.ts.
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
