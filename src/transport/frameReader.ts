/**
 * The frame reader under every client (the CLI, top, the exporter, the recorder, replay): bytes go
 * in from any source, replies come out through the sink that awaits them. Like pg-protocol's
 * Parser it does no I/O: a socket (or a recording) either pushes bytes it owns, or asks where its
 * next read should land (`landing`) and says how many bytes landed there (`landed`), which lets the
 * kernel write an awaited frame straight into that frame's own buffer. Bytes that no sink takes are
 * queued, copied out of the landing area, for the next sink or for `pendingBytes`.
 */

/** Takes the bytes of one reply as they come. */
export interface FrameSink {
  /**
   * Consumes the first `length` bytes of `bytes` at once (it may not keep them); returns how many of
   * them lie beyond its end. (A length, not a view: a view per socket read is a measurable cost.)
   */
  feed(bytes: Buffer, length?: number): number;
  /** The reply is complete. */
  readonly done: boolean;
  /** Bytes of the reply taken so far. */
  readonly received: number;
  /**
   * Where the next read may land directly (at most `max` bytes, leaving `tail` bytes of the reply
   * to come through the landing area), or null. Only sinks that keep every byte offer this.
   */
  room?(max: number, tail: number): Buffer | null;
  /** `n` bytes landed in the last room() handed out. */
  advance?(n: number): void;
}

/**
 * Where the bytes of frames beyond what they keep land. Nobody reads them, so every frame (and
 * every connection) shares one area, which the kernel faults in once: a fresh buffer per 3 MB
 * struct costs a page fault per 4 KiB, more than reading the bytes.
 */
let skipArea: Buffer | null = null;

export interface ExactFrameOptions {
  /** Bytes already received. */
  start?: Buffer;
  /**
   * Only the first `keep` bytes are kept (the rest is read and dropped): `lstack show` prints from
   * the first few KiB of a 3 MB struct whose rest is the connection table.
   */
  keep?: number;
  /** Where to keep them (at least `keep` bytes), instead of a new buffer: a frame whose reader is done with it. */
  into?: Buffer;
}

/** One frame of exactly `size` bytes, kept whole or its head only: the CLI's read, as the C client's recv(). */
export class ExactFrame implements FrameSink {
  /** The kept bytes: the whole frame, or its first `keep` bytes. */
  readonly buffer: Buffer;
  received = 0;

  constructor(
    readonly size: number,
    opts: ExactFrameOptions = {},
  ) {
    const keep = Math.min(opts.keep ?? size, size);
    this.buffer = opts.into ? opts.into.subarray(0, keep) : Buffer.allocUnsafe(keep);
    if (opts.start) this.feed(opts.start);
  }

  get done(): boolean {
    return this.received === this.size;
  }

  feed(bytes: Buffer, length = bytes.length): number {
    const used = Math.min(length, this.size - this.received);
    if (this.received < this.buffer.length)
      bytes.copy(this.buffer, this.received, 0, Math.min(used, this.buffer.length - this.received));
    this.received += used;
    return length - used;
  }

  room(max: number, tail: number): Buffer | null {
    const end = this.size - tail;
    if (this.received >= end) return null;
    const kept = this.buffer.length;
    if (this.received < kept)
      return this.buffer.subarray(this.received, Math.min(kept, end, this.received + max));
    skipArea ??= Buffer.allocUnsafe(DIRECT_READ_BYTES);
    return skipArea.subarray(0, Math.min(max, end - this.received, skipArea.length));
  }

  advance(n: number): void {
    this.received += n;
  }

  /** What arrived of a frame that broke off; dropped bytes come back as zeros (only their count tells). */
  get partial(): Buffer {
    const kept = this.buffer.subarray(0, Math.min(this.received, this.buffer.length));
    return this.received > kept.length
      ? Buffer.concat([kept, Buffer.alloc(this.received - kept.length)])
      : kept;
  }
}

/** Takes and drops everything, never done: a held connection whose answer nobody reads. */
export class Discard implements FrameSink {
  received = 0;
  readonly done = false;

  feed(bytes: Buffer, length = bytes.length): number {
    this.received += length;
    return 0;
  }
}

/**
 * Chunks smaller than this are copied into shared blocks of COALESCE_BLOCK bytes. A daemon that
 * dribbles a 3 MB frame one byte per read() would otherwise leave 3 million Buffers (~100 bytes of
 * bookkeeping each) in the queue. Normal reads (64 KB) are still queued with one copy each.
 */
const COALESCE_BELOW = 4096;
const COALESCE_BLOCK = 64 * 1024;
/** Reads straight into a frame take at most this much each, as net's own reads do. */
export const DIRECT_READ_BYTES = 64 * 1024;
/**
 * How much of a frame's end comes through the landing area, so that one read takes it together
 * with whatever the daemon sent beyond it, queued where pendingBytes sees it (a profile mismatch
 * sign). Reads that filled the frame to its end drained the socket and left that tell to a later
 * read. The landing area must be at least this large.
 */
export const FRAME_TAIL_BYTES = 32 * 1024;

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Block that backs the last queued chunk while small chunks are appended to it. */
  private block: Buffer | null = null;
  private blockUsed = 0;
  private sink: FrameSink | null = null;
  /** Where the read in flight lands, and whether that is the sink's own room. */
  private landedIn: Buffer;
  private direct = false;

  /**
   * `scratch` is where reads land when they cannot go straight into a frame. Everything that lands
   * there is consumed or copied before landed() returns, so one scratch can serve many readers.
   */
  constructor(private readonly scratch: Buffer) {
    if (scratch.length < FRAME_TAIL_BYTES) throw new RangeError('scratch smaller than FRAME_TAIL_BYTES');
    this.landedIn = scratch;
  }

  /** The sink being filled, if any. */
  get awaiting(): FrameSink | null {
    return this.sink;
  }

  /** Bytes received beyond what the sinks took (a profile mismatch sign after a reply). */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Bytes held in memory for the sink and the queue (what a flood would grow). */
  get held(): number {
    return this.buffered + (this.sink instanceof ExactFrame ? this.sink.received : 0);
  }

  /** Where the next read lands: the sink's own room if it offers one, else the scratch area. */
  landing(): Buffer {
    const room = this.sink?.room?.(DIRECT_READ_BYTES, FRAME_TAIL_BYTES) ?? null;
    this.direct = room !== null;
    this.landedIn = room ?? this.scratch;
    return this.landedIn;
  }

  /** `n` bytes landed where landing() said. */
  landed(n: number): void {
    if (this.direct && this.sink) {
      this.direct = false;
      this.sink.advance!(n);
    } else this.push(this.landedIn, n);
  }

  /**
   * The first `length` bytes of `bytes`, from any source (a 'data' event, a recorded frame); they
   * may be reused after the call.
   */
  push(bytes: Buffer, length = bytes.length): void {
    const beyond = this.sink && !this.sink.done ? this.sink.feed(bytes, length) : length;
    if (beyond > 0) this.queue(bytes.subarray(length - beyond, length));
  }

  /** Starts filling `sink`, first from the queue. */
  begin(sink: FrameSink): void {
    this.sink = sink;
    if (this.buffered === 0) return;
    const queued = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    this.block = null;
    for (const c of queued) this.push(c);
  }

  /** Stops filling the current sink; what arrives from now on is queued. */
  end(): void {
    this.sink = null;
    this.direct = false;
  }

  /** Takes n queued bytes as one frame (n <= pendingBytes); a view when they are in one chunk. */
  take(n: number): Buffer {
    this.block = null;
    const joined = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const frame = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }

  /** Puts bytes back at the head of the queue (a frame that broke off, for a later read to see). */
  unshift(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.unshift(bytes);
    this.buffered += bytes.length;
    if (this.chunks.length > 1) this.block = null;
  }

  /** Queues a copy of `chunk` (a view of a landing area that the next read may overwrite). */
  private queue(chunk: Buffer): void {
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

  /** Queued chunk objects (the coalescing bound: bytes / 4 KB + 1). */
  get queuedChunks(): number {
    return this.chunks.length;
  }
}
