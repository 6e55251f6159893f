/**
 * One request of discovery or fleet control and its answer, read through the transport's frame
 * reader until the daemon closes, the answer is complete, or the line goes quiet.
 */
import type { Daemon } from '../model/daemon.js';
import { ClosedEarlyError, ProtocolError, TimeoutError } from '../errors.js';
import { Connection } from '../transport/connection.js';
import type { FrameSink } from '../transport/frameReader.js';

/**
 * An answer read through the transport's frame reader. `settled`: it looks complete, so a short
 * quiet (idleMs) ends the exchange, while bytes that still come are handed to it as usual.
 */
export interface Answer extends FrameSink {
  readonly settled?: boolean;
}

export interface ExchangeOptions {
  daemon: Daemon;
  /** Longest wait for a chunk while the answer is incomplete. */
  timeoutMs: number;
  /** Wait for stray bytes once the answer looks complete ('settled'). */
  idleMs: number;
  /** The request needs no answer: quiet for idleMs right after the write ends it too. */
  settledAtStart?: boolean;
  /** A done answer is confirmed by idleMs of quiet; a byte beyond it ends the exchange at once. */
  confirmEnd?: boolean;
}

export interface ExchangeResult {
  /** Bytes received: the answer's and any beyond it. */
  readonly bytes: number;
  readonly ended: 'closed' | 'quiet' | 'timeout' | 'stopped';
}

/**
 * Hands the reader's bytes on to `answer` and is done after the first of them, so that the
 * exchange decides after every read how long it may wait for the next.
 */
class OneRead implements FrameSink {
  done = false;
  constructor(private readonly answer: FrameSink) {}

  get received(): number {
    return this.answer.received;
  }

  feed(bytes: Buffer, length = bytes.length): number {
    this.done = true;
    return this.answer.done ? length : this.answer.feed(bytes, length);
  }
}

/**
 * Connects, writes `request` in one write, and reads the reply into `answer` through the one
 * transport (Connection and its FrameReader). Ends when the answer is done (with confirmEnd: and
 * then quiet), when the daemon closes (ltran does after each answer), after idleMs of quiet once the
 * answer is settled (lstack keeps the connection open), after timeoutMs of quiet otherwise, or when
 * the answer refuses the bytes.
 */
export async function exchange(
  path: string,
  request: Buffer,
  answer: Answer,
  opts: ExchangeOptions,
): Promise<ExchangeResult> {
  const conn = await Connection.connect(path, { daemon: opts.daemon, timeoutMs: opts.timeoutMs });
  const end = (ended: ExchangeResult['ended']): ExchangeResult => {
    const bytes = answer.received + conn.pendingBytes;
    conn.close();
    return { bytes, ended };
  };
  let settled = opts.settledAtStart ?? false;
  try {
    await conn.write(request);
    for (;;) {
      const confirming = answer.done;
      await conn.receive(new OneRead(answer), { ms: settled ? opts.idleMs : opts.timeoutMs });
      if (confirming || conn.pendingBytes > 0 || (answer.done && !opts.confirmEnd)) return end('stopped');
      settled = answer.done || (answer.settled ?? false);
    }
  } catch (e) {
    if (e instanceof TimeoutError) return end(settled ? 'quiet' : 'timeout');
    if (e instanceof ClosedEarlyError) return end('closed');
    if (e instanceof ProtocolError) return end('stopped'); // the answer refused the bytes
    conn.close();
    throw e;
  }
}
