/**
 * One request on one connection (PROTOCOL.md §1): connect, write the 32-byte request, read the
 * structs of the reply through a FrameSkimmer, close. Every wait is bounded, so a hung daemon costs
 * one timeout, never a stuck UI. The connection is the transport's (transport/connection.ts).
 */
import { ClosedEarlyError, ProtocolError, TimeoutError, type GazelleError } from '../errors.js';
import { Connection, type ReceiveOptions } from '../transport/connection.js';
import { FrameSkimmer, type StructRun } from './frameSkimmer.js';

export interface QueryOptions {
  daemon: 'ltran' | 'lstack';
  timeoutMs: number;
  /**
   * With no reply to read: keep the connection this long after the request is written (bytes
   * that come meanwhile are drained), so the daemon reads it before the hang-up (rules.ts).
   */
  holdMs?: number;
  /** Ends a hold early (the monitor is quitting). */
  signal?: AbortSignal;
}

/**
 * One landing area for every monitor socket: a skimmer consumes each read at once (only struct
 * prefixes are copied out), so nothing keeps it, and ~100 MB/s of 3 MB answers allocate nothing per
 * read. Large, so that a read takes whatever the socket holds.
 */
export const readBuffer = Buffer.allocUnsafe(256 * 1024);

/**
 * The monitors' time limit. The C client limits each read; `top` and the exporter limit the whole
 * reply to the same time, so a daemon that answers a byte at a time (each read in time, the reply
 * never) costs one timeout like a daemon that does not answer at all.
 */
export function replyTimeout(opts: QueryOptions, path: string, received: number): TimeoutError {
  const what = received > 0 ? `no complete answer (${received} bytes)` : 'no answer';
  return new TimeoutError(`${what} from ${opts.daemon} at ${path} within ${opts.timeoutMs} ms`);
}

/** How a monitor's reply fails: whole-reply timeout, early close, a reply of the wrong shape. */
export function replyOptions(opts: QueryOptions, path: string): ReceiveOptions {
  return {
    whole: true,
    timedOut: (received) => replyTimeout(opts, path, received),
    closed: (received, err): GazelleError =>
      new ClosedEarlyError(
        err ? `${path}: ${err.message}` : `${opts.daemon} closed the connection early (${path})`,
        received,
        0,
      ),
    invalid: (err) => new ProtocolError(err.message, 'try another --profile (or --arch)'),
  };
}

export async function query(
  path: string,
  request: Buffer | null,
  segments: readonly StructRun[],
  opts: QueryOptions,
): Promise<Buffer[][]> {
  const { daemon, timeoutMs } = opts;
  const conn = await Connection.connect(path, { daemon, timeoutMs, scratch: readBuffer });
  try {
    const skimmer = new FrameSkimmer(segments);
    // an empty probe (§1.1): connected is the answer
    if (request === null) return skimmer.results;
    // written in one write(): lstack refuses a request that does not arrive in one read
    await conn.write(request);
    if (segments.length === 0 && (opts.holdMs ?? 0) > 0) await conn.hold(opts.holdMs!, opts.signal);
    // A request without a reply and no hold (ltran answers none and closes) is done once written.
    else if (!skimmer.done) await conn.receive(skimmer, replyOptions(opts, path));
    return skimmer.results;
  } finally {
    conn.close();
  }
}
