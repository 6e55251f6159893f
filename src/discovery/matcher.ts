/**
 * Decides which profile a stream of gazelle_stack_dfx_data structs was written in, from the bytes
 * alone (PROTOCOL.md §11.3): for each candidate the structs sit at multiples of its size, every header
 * must carry eof 0 or 1 and stack_id 0, 1, 2, ... (where the era has one), the one with eof = 1 ends
 * the answer, and not one byte may follow it. Pure: chunks in, verdict out; only the bytes from the
 * earliest header still to check are kept (at most one struct). A sink of the transport's frame
 * reader: it takes every byte (stray ones are what it judges), done once no candidate is left.
 */
import type { FrameSink } from '../transport/frameReader.js';

export interface Candidate {
  readonly name: string;
  /** sizeof the struct in this candidate. */
  readonly size: number;
  readonly eofOffset: number;
  /** Offset of stack_id; undefined for eras without it. */
  readonly stackIdOffset?: number;
}

/** Structs of one shape before the candidates' structs (ltran's lstack_total list), ended by eof = 1. */
export interface Preamble {
  readonly size: number;
  readonly eofOffset: number;
}

interface State {
  readonly c: Candidate;
  next: number;
  /** Total bytes of the answer once the eof struct was seen. */
  end?: number;
  failed?: string;
}

export type Verdict =
  | { readonly kind: 'match'; readonly name: string; readonly structs: number }
  | { readonly kind: 'none'; readonly bytes: number; readonly reasons: readonly string[] };

/** More stack threads than any lstack runs (PROTOCOL_STACK_MAX 32); guards a stream with no eof. */
export const MAX_DFX_STRUCTS = 64;

export class DfxMatcher implements FrameSink {
  private readonly states: State[];
  private chunks: Buffer[] = [];
  /** Absolute offset of chunks[0][0]. */
  private base = 0;
  private total = 0;
  private preambleEnd: number | undefined;
  private preambleNext = 0;

  constructor(
    candidates: readonly Candidate[],
    private readonly preamble?: Preamble,
  ) {
    this.states = candidates.map((c) => ({ c, next: 0 }));
    if (!preamble) this.preambleEnd = 0;
  }

  get bytes(): number {
    return this.total;
  }

  get received(): number {
    return this.total;
  }

  /** Reading on is pointless (every candidate failed). */
  get done(): boolean {
    return this.hopeless;
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
    this.scan();
    this.trim();
  }

  /** Takes the first `length` bytes of a buffer the reader reuses: what must stay is copied. */
  feed(bytes: Buffer, length = bytes.length): number {
    const view = bytes.subarray(0, length);
    this.push(view);
    if (this.chunks.at(-1) === view) this.chunks[this.chunks.length - 1] = Buffer.from(view);
    return 0;
  }

  /** Every candidate failed: reading on is pointless. */
  get hopeless(): boolean {
    return this.states.every((s) => s.failed !== undefined);
  }

  /** Some candidate has a complete answer (the caller now waits briefly for stray bytes). */
  get settled(): boolean {
    return this.states.some((s) => s.failed === undefined && s.end === this.total);
  }

  /** The verdict once the stream ended (closed, or quiet for long enough). */
  verdict(): Verdict {
    const ok = this.states.filter((s) => s.failed === undefined && s.end === this.total);
    if (ok.length > 0) {
      const s = ok[0];
      return { kind: 'match', name: s.c.name, structs: s.next };
    }
    const reasons = this.states.map((s) => {
      if (s.failed) return `${s.c.name}: ${s.failed}`;
      if (this.preambleEnd === undefined) return `${s.c.name}: the first part of the answer never ended`;
      const body = this.total - this.preambleEnd;
      return `${s.c.name}: ${fmt(body)} bytes are not whole structs of ${fmt(s.c.size)} ending in eof=1`;
    });
    return { kind: 'none', bytes: this.total, reasons };
  }

  private read(abs: number, n: number): Buffer | null {
    if (abs < this.base || abs + n > this.total) return null;
    const out = Buffer.alloc(n);
    let pos = this.base;
    let copied = 0;
    for (const ch of this.chunks) {
      const end = pos + ch.length;
      if (end > abs + copied && copied < n) {
        const from = abs + copied - pos;
        const take = Math.min(ch.length - from, n - copied);
        ch.copy(out, copied, from, from + take);
        copied += take;
      }
      pos = end;
      if (copied === n) break;
    }
    return out;
  }

  private scan(): void {
    if (this.preambleEnd === undefined && this.preamble) {
      const p = this.preamble;
      for (;;) {
        const at = this.preambleNext * p.size;
        const hdr = this.read(at + p.eofOffset, 4);
        if (!hdr) return;
        const eof = hdr.readUInt32LE(0);
        this.preambleNext++;
        if (eof > 1 || this.preambleNext > MAX_DFX_STRUCTS) {
          for (const s of this.states) s.failed ??= `the first part of the answer is malformed (eof=${eof})`;
          this.preambleEnd = Infinity;
          return;
        }
        if (eof === 1) {
          this.preambleEnd = this.preambleNext * p.size;
          break;
        }
      }
    }
    const start = this.preambleEnd!;
    for (const s of this.states) {
      if (s.failed) continue;
      if (s.end !== undefined) {
        if (this.total > s.end) s.failed = `${fmt(this.total - s.end)} bytes follow the struct with eof=1`;
        continue;
      }
      for (;;) {
        const at = start + s.next * s.c.size;
        const need = Math.max(s.c.eofOffset, s.c.stackIdOffset ?? 0) + 4;
        const hdr = this.read(at, need);
        if (!hdr) break;
        const eof = hdr.readUInt32LE(s.c.eofOffset);
        const stackId = s.c.stackIdOffset === undefined ? s.next : hdr.readUInt32LE(s.c.stackIdOffset);
        if (eof > 1) {
          s.failed = `struct ${s.next} carries eof=${eof}`;
          break;
        }
        if (stackId !== s.next) {
          s.failed = `struct ${s.next} carries stack_id=${stackId}`;
          break;
        }
        s.next++;
        if (eof === 1) {
          s.end = start + s.next * s.c.size;
          if (this.total > s.end) s.failed = `${fmt(this.total - s.end)} bytes follow the struct with eof=1`;
          break;
        }
        if (s.next >= MAX_DFX_STRUCTS) {
          s.failed = `no eof=1 within ${MAX_DFX_STRUCTS} structs`;
          break;
        }
      }
    }
  }

  /** Drops bytes no candidate will look at again. */
  private trim(): void {
    let keep = this.total;
    if (this.preambleEnd === undefined) keep = this.preambleNext * this.preamble!.size;
    else
      for (const s of this.states) {
        if (!s.failed && s.end === undefined) keep = Math.min(keep, this.preambleEnd + s.next * s.c.size);
      }
    while (this.chunks.length && this.base + this.chunks[0].length <= keep) {
      this.base += this.chunks[0].length;
      this.chunks.shift();
    }
  }
}

/** 3168040 -> 3,168,040 (sizes as PROTOCOL.md writes them). */
export const fmt = (n: number): string => n.toLocaleString('en-US');
