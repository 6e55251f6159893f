/**
 * Where a reply ends, followed chunk by chunk without joining them: runs of fixed-size structs, each
 * run until a struct whose eof is not 0 (PROTOCOL.md §1). The fleet commands read every reply to its
 * end: lstack writes its stack answers until the last byte is out and logs an error when the client
 * has gone away first (§11.6.4).
 */
import { eofState } from '../protocol/rules.js';

export interface StructRun {
  size: number;
  eofOffset: number;
}

export class ReplyEnd {
  private run = 0;
  private pos = 0;
  private eofBytes: number[] = [];
  private runStarts: number[] = [0];
  private total = 0;

  constructor(private readonly runs: readonly StructRun[]) {}

  get done(): boolean {
    return this.run >= this.runs.length;
  }

  /** Byte offset at which each run started (known once the run has started). */
  startOf(run: number): number | undefined {
    return this.runStarts[run];
  }

  /** Takes a chunk; returns how many of its bytes lie beyond the end of the reply. */
  push(chunk: Buffer): number {
    let off = 0;
    while (off < chunk.length && !this.done) {
      const r = this.runs[this.run];
      const take = Math.min(chunk.length - off, r.size - this.pos);
      for (let i = 0; i < take; i++) {
        const p = this.pos + i;
        if (p >= r.eofOffset && p < r.eofOffset + 4) this.eofBytes.push(chunk[off + i]);
        else if (p >= r.eofOffset + 4) break;
      }
      this.pos += take;
      off += take;
      this.total += take;
      if (this.pos === r.size) {
        const b = this.eofBytes;
        const eof = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
        this.pos = 0;
        this.eofBytes = [];
        if (eofState(eof) !== 'more') {
          this.run++;
          this.runStarts.push(this.total);
        }
      }
    }
    return chunk.length - off;
  }
}
