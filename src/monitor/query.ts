/**
 * One request on one connection (PROTOCOL.md §1): connect, write the 32-byte request, read the
 * structs of the reply through a FrameSkimmer, close. Every wait is bounded, so a hung daemon costs
 * one timeout, never a stuck UI.
 */
import { createConnection } from 'node:net';
import { ClosedEarlyError, GazelleError, ProtocolError, TimeoutError } from '../errors.js';
import { connectError } from '../transport/connection.js';
import { FrameSkimmer, type Segment } from './frameSkimmer.js';

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
 * One read buffer for every socket: chunks are consumed synchronously (only struct prefixes are
 * copied out), so nothing keeps it, and ~100 MB/s of 3 MB answers allocate nothing per read.
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

export function query(
  path: string,
  request: Buffer | null,
  segments: readonly Segment[],
  opts: QueryOptions,
): Promise<Buffer[][]> {
  return new Promise((resolve, reject) => {
    const skimmer = new FrameSkimmer(segments);
    const socket = createConnection({
      path,
      onread: {
        buffer: readBuffer,
        callback: (n: number, buf: Uint8Array): boolean => {
          onChunk(Buffer.from(buf.buffer, buf.byteOffset, n));
          return true;
        },
      },
    });
    let connected = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: GazelleError | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(skimmer.results);
    };
    // Once to connect, once for the whole reply (see replyTimeout).
    let received = 0;
    const arm = (): void => {
      clearTimeout(timer);
      // an empty probe settles inside the connect handler: a timer armed after that would hold the process
      if (settled) return;
      timer = setTimeout(() => finish(replyTimeout(opts, path, received)), opts.timeoutMs);
    };
    arm();
    const holding = request !== null && segments.length === 0 && (opts.holdMs ?? 0) > 0;
    socket.once('connect', () => {
      connected = true;
      if (holding) {
        // written in one write(): lstack refuses a request that does not arrive in one read
        socket.write(request, () => {
          clearTimeout(timer);
          timer = setTimeout(() => finish(null), opts.holdMs);
          opts.signal?.addEventListener('abort', () => finish(null), { once: true });
        });
        return;
      }
      // A request without a reply and no hold (ltran answers none and closes) is done once written.
      if (request) socket.write(request, () => skimmer.done && finish(null));
      else if (skimmer.done) finish(null);
      arm();
    });
    function onChunk(chunk: Buffer): void {
      if (settled || holding) return;
      received += chunk.length;
      try {
        skimmer.feed(chunk);
      } catch (e) {
        return finish(new ProtocolError((e as Error).message, 'try another --profile (or --arch)'));
      }
      if (skimmer.done) finish(null);
    }
    socket.on('error', (err: NodeJS.ErrnoException) => {
      finish(
        connected
          ? new ClosedEarlyError(`${path}: ${err.message}`, 0, 0)
          : connectError(err, path, opts.daemon),
      );
    });
    socket.on('close', () => {
      // the daemon closing a held connection is its way to say it is done (ltran does)
      if (holding) return finish(null);
      finish(
        skimmer.done
          ? null
          : new ClosedEarlyError(`${opts.daemon} closed the connection early (${path})`, 0, 0),
      );
    });
  });
}
