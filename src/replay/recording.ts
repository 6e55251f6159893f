/**
 * A recording opened for replay (the I/O side): its segment files, their bytes (the few last used
 * kept in memory, so stepping and seeking nearby read no file twice), and its first and last sample
 * time. Reading goes through the recorder's reader: seeking starts at the newest key sample before
 * the wanted time, never at the start of the recording.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { isSampleType, sampleTime } from '../recorder/codec.js';
import { FILE_MAGIC, records } from '../recorder/frame.js';
import { readSegment, recordingFiles, type Item } from '../recorder/reader.js';
import { segmentStart } from '../recorder/segments.js';

export interface ReplaySource {
  /** Time of the first and of the last sample (ms since the epoch). */
  readonly first: number;
  readonly last: number;
  /** Samples and events with from <= t <= to, in time order, decoded lazily. */
  items(from: number, to: number): Iterable<Item>;
}

const CACHED_SEGMENTS = 3;
const HINT = 'give a recording file or the --out directory of `gazellectl record`';

export class Recording implements ReplaySource {
  readonly first: number;
  readonly last: number;
  private readonly files: string[];
  private readonly starts: number[];
  private readonly cache = new Map<string, Buffer>();

  constructor(
    readonly path: string,
    private readonly note: (text: string) => void = () => undefined,
  ) {
    this.files = recordingFiles(path);
    this.starts = this.files.map((f) => segmentStart(basename(f)));
    try {
      ({ first: this.first, last: this.last } = this.bounds());
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(
        `cannot read the recording ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  }

  private bounds(): { first: number; last: number } {
    const path = this.path;
    if (
      this.files.length === 1 &&
      !FILE_MAGIC.equals(this.bytes(this.files[0]).subarray(0, FILE_MAGIC.length))
    )
      throw new UsageError(`${path} is not a gazellectl recording`, HINT);
    let first = NaN;
    for (const f of this.files) {
      for (const item of readSegment(this.bytes(f), () => undefined))
        if (item.kind === 'sample') {
          first = item.sample.t;
          break;
        }
      if (!Number.isNaN(first)) break;
    }
    let last = NaN;
    for (let i = this.files.length - 1; i >= 0 && Number.isNaN(last); i--) {
      for (const r of records(this.bytes(this.files[i]), () => undefined))
        if (isSampleType(r.type)) last = sampleTime(r.payload);
    }
    if (Number.isNaN(first) || Number.isNaN(last))
      throw new UsageError(`no samples in the recording ${path}`, HINT);
    return { first, last };
  }

  *items(from: number, to: number): Generator<Item> {
    for (let i = 0; i < this.files.length; i++) {
      // A segment that ends before `from` (the next one starts at or before it) is not read.
      if (this.starts[i + 1] <= from) continue;
      if (this.starts[i] > to) return;
      let buf: Buffer;
      try {
        buf = this.bytes(this.files[i]);
      } catch (e) {
        // rotation may remove the oldest segment while we replay
        this.note(
          `${basename(this.files[i])}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; skipped`,
        );
        continue;
      }
      for (const item of readSegment(buf, (t) => this.note(`${basename(this.files[i])}: ${t}`), { from, to }))
        if (item.kind !== 'header') yield item;
    }
  }

  private bytes(file: string): Buffer {
    const hit = this.cache.get(file);
    if (hit) {
      this.cache.delete(file);
      this.cache.set(file, hit);
      return hit;
    }
    const buf = readFileSync(file);
    this.cache.set(file, buf);
    if (this.cache.size > CACHED_SEGMENTS) this.cache.delete(this.cache.keys().next().value!);
    return buf;
  }
}
