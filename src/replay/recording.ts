/**
 * A recording opened for replay (the I/O side): its segment files, their bytes (the few last used
 * kept in memory, so stepping and seeking nearby read no file twice), and its first and last sample
 * time. Reading goes through the recorder's reader: seeking starts at the newest key sample before
 * the wanted time, never at the start of the recording.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import { isSampleType, sampleTime } from '../recorder/codec.js';
import { DEFLATED, FILE_MAGIC, FRAME_HEAD, RecordType, recordAt, records } from '../recorder/frame.js';
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
/** frame.ts's record mark. */
const SYNC = 0xa7;
const HINT = 'give a recording file or the --out directory of `gazellectl record`';

export class Recording implements ReplaySource {
  readonly first: number;
  readonly last: number;
  private readonly files: string[];
  private readonly starts: number[];
  private readonly cache = new Map<string, Buffer>();
  private readonly slabs = new Map<string, Buffer>();
  /** Per segment file, once read: where its key samples are (null: read it whole). */
  private readonly keys = new Map<string, KeyIndex | null>();

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
      const win = windowOf(buf, this.keysOf(this.files[i], buf), from, to);
      const note = (t: string): void => this.note(`${basename(this.files[i])}: ${win.where(t)}`);
      for (const item of readSegment(win.bytes, note, { from, to })) if (item.kind !== 'header') yield item;
    }
  }

  private keysOf(file: string, buf: Buffer): KeyIndex | null {
    let keys = this.keys.get(file);
    if (keys === undefined) this.keys.set(file, (keys = keyIndex(buf)));
    return keys;
  }

  private bytes(file: string): Buffer {
    const hit = this.cache.get(file);
    if (hit) {
      this.cache.delete(file);
      this.cache.set(file, hit);
      return hit;
    }
    // the oldest segment's memory is read into again: a fresh buffer of megabytes each time costs
    // more in page faults than the reading
    let slab: Buffer | undefined;
    if (this.cache.size >= CACHED_SEGMENTS) {
      const oldest = this.cache.keys().next().value!;
      slab = this.slabs.get(oldest);
      this.cache.delete(oldest);
      this.slabs.delete(oldest);
    }
    const { buf, room } = readInto(file, slab);
    this.cache.set(file, buf);
    this.slabs.set(file, room);
    return buf;
  }
}

/** Per segment: its key samples (time, offset) and the header record in force at each. */
interface KeyIndex {
  t: number[];
  at: number[];
  header: number[];
}

/**
 * The key samples of a segment from the frame heads only (no checksums: whatever is used is checked
 * when chosen). null where the frames do not follow each other cleanly: damage, read the whole way.
 */
function keyIndex(buf: Uint8Array): KeyIndex | null {
  if (!FILE_MAGIC.equals(buf.subarray(0, FILE_MAGIC.length))) return null;
  const keys: KeyIndex = { t: [], at: [], header: [] };
  let header = -1;
  let at = FILE_MAGIC.length;
  while (at + FRAME_HEAD <= buf.length) {
    if (buf[at] !== SYNC) return null;
    const type = buf[at + 1];
    const len = buf[at + 2] | (buf[at + 3] << 8) | (buf[at + 4] << 16) | (buf[at + 5] * 0x1000000);
    const end = at + FRAME_HEAD + len;
    if (end > buf.length) break; // a torn tail: the reader notes it
    if (type === RecordType.Header) header = at;
    else if ((type & ~DEFLATED) === RecordType.Key && header >= 0) {
      keys.t.push(sampleTime(buf.subarray(at + FRAME_HEAD, end)));
      keys.at.push(at);
      keys.header.push(header);
    }
    at = end;
  }
  return keys;
}

/**
 * What readSegment needs for samples in from..to: the magic, the header record in force and the
 * records from the newest intact key sample at or before `from` up to the first key after `to`.
 * The reader then checks and decodes those records only, not the hour of segment before them.
 * Offsets in its notes are put back to the segment's. The whole segment where the index is unsure.
 */
function windowOf(
  buf: Buffer,
  keys: KeyIndex | null,
  from: number,
  to: number,
): { bytes: Uint8Array; where: (note: string) => string } {
  const whole = { bytes: buf, where: (n: string) => n };
  if (!keys || keys.t.length === 0 || !(from > -Infinity)) return whole;
  let k = -1;
  for (let j = keys.t.length - 1; j >= 0; j--)
    if (keys.t[j] <= from) {
      k = j;
      break;
    }
  if (k < 0) return whole;
  const head = keys.header[k];
  const headEnd = recordAt(buf, head);
  if (headEnd === null || recordAt(buf, keys.at[k]) === null) return whole;
  let end = buf.length;
  for (let j = k + 1; j < keys.t.length; j++)
    if (keys.t[j] > to && recordAt(buf, keys.at[j]) !== null) {
      end = keys.at[j];
      break;
    }
  const prefix = FILE_MAGIC.length + (headEnd - head);
  const bytes = Buffer.concat([FILE_MAGIC, buf.subarray(head, headEnd), buf.subarray(keys.at[k], end)]);
  const shift = keys.at[k] - prefix;
  return {
    bytes,
    where: (n) =>
      n.replace(/(bytes? |\.\.)(\d+)/g, (_, w: string, d: string) =>
        Number(d) >= prefix ? `${w}${Number(d) + shift}` : `${w}${d}`,
      ),
  };
}

/** The whole file into `slab` when it has room (else a new one); the file's bytes and the slab. */
function readInto(file: string, slab: Buffer | undefined): { buf: Buffer; room: Buffer } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const room = slab && slab.length >= size ? slab : Buffer.allocUnsafeSlow(size + (size >> 4));
    let len = 0;
    while (len < size) {
      const n = readSync(fd, room, len, size - len, len);
      if (n === 0) break;
      len += n;
    }
    return { buf: room.subarray(0, len), room };
  } finally {
    closeSync(fd);
  }
}
