/**
 * Cuts a byte stream into fixed-size C structs but keeps only the first `keep` bytes of each.
 * A gazelle_stack_dfx_data is ~3 MB, of which LSTACK_SHOW needs ~250 bytes; keeping only the prefix
 * (no per-frame 3 MB join) is what lets `top` poll dozens of stacks per second on a few % of a core.
 * It is a sink of the transport's FrameReader: the bytes it skims past land in one scratch area that
 * every connection shares, so draining a 3 MB struct allocates nothing.
 */
import type { FrameSink } from '../transport/frameReader.js';

const EMPTY = Buffer.alloc(0);

/** One run of same-size structs in a reply: a size, how much of each to keep, and where the run ends. */
export interface StructRun {
  /** sizeof the struct on the wire. */
  size: number;
  /** Bytes to keep from the start of each struct (<= size). */
  keep: number;
  /** 'eof': until a struct whose u32 at offset 0 (eof) is non-zero; 'one': exactly one struct. */
  until: 'eof' | 'one';
  /** More structs than this without eof fail the reply (a wrong profile would read forever). */
  max: number;
}

export class FrameSkimmer implements FrameSink {
  private segIndex = 0;
  private pos = 0;
  private head: Buffer;
  private frames: Buffer[] = [];
  readonly results: Buffer[][];
  /** Bytes of the reply taken so far. */
  received = 0;

  constructor(private readonly segments: readonly StructRun[]) {
    this.results = segments.map(() => []);
    this.head = Buffer.allocUnsafe(segments[0]?.keep ?? 0);
  }

  get done(): boolean {
    return this.segIndex >= this.segments.length;
  }

  /** Consumes a chunk (its first `length` bytes); returns how many were beyond the end of the reply. */
  feed(chunk: Buffer, length = chunk.length): number {
    let off = 0;
    while (off < length && !this.done) {
      const seg = this.segments[this.segIndex];
      const take = Math.min(length - off, seg.size - this.pos);
      if (this.pos < seg.keep)
        chunk.copy(this.head, this.pos, off, off + Math.min(take, seg.keep - this.pos));
      this.pos += take;
      off += take;
      this.received += take;
      if (this.pos === seg.size) this.frameDone(seg);
    }
    return length - off;
  }

  private frameDone(seg: StructRun): void {
    const frame = this.head;
    this.frames.push(frame);
    this.pos = 0;
    const eof = seg.keep >= 4 ? frame.readUInt32LE(0) : 1;
    if (seg.until === 'eof' && eof !== 0 && eof !== 1) {
      throw new Error(`eof=${eof} in a reply: the daemon does not speak the selected profile`);
    }
    if (seg.until === 'eof' && eof === 0 && this.frames.length >= seg.max) {
      // More stacks than any daemon has: its structs are not the size we cut at, or it is broken.
      throw new Error(
        `more than ${seg.max} structs without eof: the daemon does not speak the selected profile`,
      );
    }
    if (seg.until === 'one' || eof !== 0) {
      this.results[this.segIndex] = this.frames;
      this.frames = [];
      this.segIndex++;
    }
    const next = this.segments[this.segIndex];
    // every byte of a head is written before it is kept (keep <= size), so no zero-fill
    this.head = next ? Buffer.allocUnsafe(next.keep) : EMPTY;
  }
}
