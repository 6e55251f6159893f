/**
 * Appends samples to segment files in one directory, bounded in size and age. Each record is
 * written whole with one write call and the file is fdatasync'ed after it, so a crash loses at
 * most the record being written. A new segment starts on every open (never appending after a
 * possibly torn tail), when the instance set changes, and when the segment is full or old.
 *
 * The size limit counts every segment in the directory: before a write the oldest segments are
 * removed until the write fits. A write that fails (ENOSPC) is undone (ftruncate back to the last
 * whole record), reported on one line, and the samples are dropped until writes succeed again;
 * the first record after that is a key sample and an event says which interval is missing.
 */
import * as realFs from 'node:fs';
import { join } from 'node:path';
import { encodeSample, type DeltaState } from './codec.js';
import { FILE_MAGIC, RecordType, frame } from './frame.js';
import type { RecorderEvent, RecordingHeader, Sample } from './sample.js';
import { segmentName, segmentStart, sortSegments } from './segments.js';

export type WriterFs = Pick<
  typeof realFs,
  | 'openSync'
  | 'writeSync'
  | 'ftruncateSync'
  | 'fdatasyncSync'
  | 'closeSync'
  | 'unlinkSync'
  | 'readdirSync'
  | 'statSync'
  | 'mkdirSync'
>;

export interface WriterOptions {
  dir: string;
  /** Bytes all segments together may take. */
  maxSize: number;
  /** Segments whose newest record is older than this are removed (ms; Infinity = keep). */
  retainMs: number;
  /** A key sample every this many samples (seek granularity). */
  keyEvery: number;
  /** Deflate each record body. */
  deflate: boolean;
  /** One line per problem (stderr in the command). */
  log: (line: string) => void;
  fs?: WriterFs;
  /** Wall clock for retention (ms). */
  now?: () => number;
  /** fdatasync after each record (default true). */
  sync?: boolean;
}

interface Segment {
  name: string;
  size: number;
  /** Newest record in it (ms): the file's mtime for segments found on open. */
  last: number;
}

export class RecordingWriter {
  private readonly fs: WriterFs;
  private readonly now: () => number;
  private readonly segments: Segment[] = [];
  private fd: number | null = null;
  private header: RecordingHeader | null = null;
  private readonly state: DeltaState = new Map();
  private sinceKey = 0;
  /** Set while writes fail: since when, and why. */
  private failing: { since: number; code: string; lost: number } | null = null;
  readonly segmentBytes: number;
  readonly segmentMs: number;
  /** Samples written, and samples dropped for lack of room or a failing disk. */
  written = 0;
  dropped = 0;
  private tooBig = false;

  constructor(private readonly opts: WriterOptions) {
    this.fs = opts.fs ?? realFs;
    this.now = opts.now ?? Date.now;
    // Eight segments or more under the limit, so removing the oldest frees at most an eighth.
    this.segmentBytes = Math.max(4096, Math.min(64 << 20, Math.floor(opts.maxSize / 8)));
    this.segmentMs = Number.isFinite(opts.retainMs)
      ? Math.max(1000, Math.min(3_600_000, opts.retainMs / 8))
      : 3_600_000;
    // Only the last component: Node 20's recursive mkdir never returns under /proc.
    try {
      this.fs.mkdirSync(opts.dir, { mode: 0o750 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    for (const name of sortSegments(this.fs.readdirSync(opts.dir))) {
      const st = this.fs.statSync(join(opts.dir, name));
      this.segments.push({ name, size: st.size, last: st.mtimeMs });
    }
  }

  get total(): number {
    return this.segments.reduce((a, s) => a + s.size, 0);
  }

  /** Segment names on disk, oldest first. */
  list(): string[] {
    return this.segments.map((s) => s.name);
  }

  append(sample: Sample, header: RecordingHeader): void {
    const current = this.fd !== null ? this.segments[this.segments.length - 1] : null;
    let fresh =
      current === null ||
      this.header === null ||
      this.header.instances.join('\0') !== header.instances.join('\0') ||
      (this.header.eras ?? []).join('\0') !== (header.eras ?? []).join('\0') ||
      sample.t - segmentStart(current.name) >= this.segmentMs;
    // Encoding changes the delta state: encode on a copy and keep it only if the write succeeds.
    const encode = (key: boolean): { state: DeltaState; bytes: Buffer } => {
      const state: DeltaState = new Map(this.state);
      const rec = encodeSample(sample, header, state, { key, deflate: this.opts.deflate });
      return { state, bytes: frame(rec.type, rec.payload) };
    };
    let key = fresh || this.failing !== null || this.sinceKey >= this.opts.keyEvery;
    let rec = encode(key);
    if (!fresh && current !== null && current.size + rec.bytes.length > this.segmentBytes) {
      // A full segment: the sample opens the next one, which must stand alone.
      fresh = true;
      if (!key) rec = encode((key = true));
    }
    const ok = fresh ? this.startSegment(sample, header, rec.bytes) : this.write([rec.bytes], sample.t);
    if (!ok) {
      this.dropped++;
      if (this.failing) this.failing.lost++;
      return;
    }
    this.state.clear();
    for (const [k, v] of rec.state) this.state.set(k, v);
    this.sinceKey = key ? 1 : this.sinceKey + 1;
    this.written++;
  }

  close(): void {
    if (this.fd === null) return;
    try {
      this.fs.fdatasyncSync(this.fd);
    } catch {
      // nothing left to save
    }
    this.fs.closeSync(this.fd);
    this.fd = null;
  }

  /** A new segment that begins with the header and this (key) sample. */
  private startSegment(sample: Sample, header: RecordingHeader, keyRecord: Buffer): boolean {
    this.close();
    const started = { ...header, started: sample.t };
    const head = frame(RecordType.Header, Buffer.from(JSON.stringify(started)));
    const parts = [FILE_MAGIC, head, keyRecord];
    const need = parts.reduce((a, b) => a + b.length, 0);
    if (!this.makeRoom(need, null)) return false;
    let seq = 0;
    while (this.segments.some((s) => s.name === segmentName(sample.t, seq))) seq++;
    const name = segmentName(sample.t, seq);
    try {
      this.fd = this.fs.openSync(join(this.opts.dir, name), 'wx', 0o640);
    } catch (e) {
      this.fail(e, sample.t);
      return false;
    }
    this.segments.push({ name, size: 0, last: sample.t });
    this.header = header;
    const ok = this.write(parts, sample.t, true);
    if (!ok) {
      // A segment with no whole header is no use: remove it, the next sample starts another.
      this.close();
      this.remove(this.segments.length - 1);
    }
    return ok;
  }

  /** Writes records to the current segment; on failure undoes the partial write. */
  private write(parts: Buffer[], t: number, segmentOpened = false): boolean {
    const seg = this.segments[this.segments.length - 1];
    const need = parts.reduce((a, b) => a + b.length, 0);
    if (!segmentOpened && !this.makeRoom(need, seg)) return false;
    const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const fd = this.fd!;
    try {
      // Positional writes: after a failed write is truncated away, the next one starts where it did.
      for (let done = 0; done < buf.length;)
        done += this.fs.writeSync(fd, buf, done, buf.length - done, seg.size + done);
      if (this.opts.sync !== false) this.fs.fdatasyncSync(fd);
    } catch (e) {
      try {
        this.fs.ftruncateSync(fd, seg.size);
      } catch {
        // the reader skips a torn tail anyway
      }
      this.fail(e, t);
      return false;
    }
    seg.size += buf.length;
    seg.last = t;
    if (this.failing) this.recovered(t);
    return true;
  }

  /** Removes old segments (retention, then oldest first) until `need` more bytes fit. */
  private makeRoom(need: number, current: Segment | null): boolean {
    const cutoff = this.now() - this.opts.retainMs;
    for (let i = 0; i < this.segments.length;) {
      if (this.segments[i] !== current && this.segments[i].last < cutoff) this.remove(i);
      else i++;
    }
    while (this.total + need > this.opts.maxSize) {
      const i = this.segments.findIndex((s) => s !== current);
      if (i < 0) break;
      this.remove(i);
    }
    if (this.total + need <= this.opts.maxSize) {
      this.tooBig = false;
      return true;
    }
    // One line for a run of such records, not one per sample.
    if (!this.tooBig)
      this.opts.log(`a record of ${need} bytes does not fit in --max-size ${this.opts.maxSize}; dropped`);
    this.tooBig = true;
    return false;
  }

  private remove(i: number): void {
    const [seg] = this.segments.splice(i, 1);
    try {
      this.fs.unlinkSync(join(this.opts.dir, seg.name));
    } catch {
      // already gone
    }
  }

  private fail(e: unknown, t: number): void {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    if (this.failing) return;
    this.failing = { since: t, code, lost: 0 };
    const why = code === 'ENOSPC' ? 'disk full' : code === 'EDQUOT' ? 'quota exceeded' : 'write failed';
    this.opts.log(`cannot write to ${this.opts.dir}: ${code} (${why}); samples are dropped until it can`);
    // The delta base may now be a record that never reached the disk.
    this.sinceKey = Infinity;
  }

  private recovered(t: number): void {
    const f = this.failing!;
    this.failing = null;
    const ev: RecorderEvent = {
      t,
      kind: 'not-recorded',
      from: f.since,
      to: t,
      reason: `${f.code}: ${f.lost} samples dropped`,
    };
    const bytes = frame(RecordType.Event, Buffer.from(JSON.stringify(ev)));
    this.write([bytes], t);
  }
}
