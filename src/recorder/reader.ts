/**
 * Reading recordings back: one segment from its bytes (pure), and a file or directory of them.
 * Damaged or torn records are skipped with a note; a delta sample whose base was lost is skipped
 * up to the next key sample (at most --key-every samples).
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { StackScanner, decodeSample, isSampleType, sampleTime, type DeltaState } from './codec.js';
import { DEFLATED, FILE_MAGIC, RecordType, records } from './frame.js';
import type { RecorderEvent, RecordingHeader, Sample } from './sample.js';
import { segmentStart, sortSegments } from './segments.js';

export type Item =
  | { kind: 'header'; header: RecordingHeader }
  | { kind: 'sample'; sample: Sample; header: RecordingHeader }
  | { kind: 'event'; event: RecorderEvent };

export interface ReadRange {
  /** ms since the epoch, inclusive. */
  from?: number;
  to?: number;
  /** Leave SNMP rows out of the samples (faster, for the report). */
  skipSnmp?: boolean;
}

/** How a walk turns sample records into what it yields (a new Sample, or a reused view). */
interface SampleDecoder<S> {
  decode(type: number, payload: Uint8Array, header: RecordingHeader): S;
}

/** Every item of one segment in order, from the last key sample at or before range.from. */
export function readSegment(
  buf: Uint8Array,
  note: (text: string) => void,
  range: ReadRange = {},
): Generator<Item> {
  const state: DeltaState = new Map();
  return walkSegment(buf, note, range, {
    decode: (type, payload, header) => decodeSample(type, payload, header, state, range),
  });
}

/** The report's walk: each sample decoded in place into a StackScanner (the same object each time). */
export function scanSegment(
  buf: Uint8Array,
  note: (text: string) => void,
  range: ReadRange = {},
): Generator<ScanItem> {
  let scanner: StackScanner | null = null;
  return walkSegment(buf, note, range, {
    decode(type, payload, header) {
      if (scanner?.header !== header) scanner = new StackScanner(header);
      scanner.decode(type, payload);
      return scanner;
    },
  });
}

export type ScanItem =
  | { kind: 'header'; header: RecordingHeader }
  | { kind: 'sample'; sample: StackScanner; header: RecordingHeader }
  | { kind: 'event'; event: RecorderEvent };

function* walkSegment<S>(
  buf: Uint8Array,
  note: (text: string) => void,
  range: ReadRange,
  decoder: SampleDecoder<S>,
): Generator<
  | { kind: 'header'; header: RecordingHeader }
  | { kind: 'sample'; sample: S; header: RecordingHeader }
  | { kind: 'event'; event: RecorderEvent }
> {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  let header: RecordingHeader | null = null;
  let baseOk = false;
  let damaged = false;
  const noteDamage = (text: string): void => {
    damaged = true;
    note(text);
  };
  // Seeking: find the newest key sample at or before `from`, decode from there.
  let start = 0;
  let startHeader: RecordingHeader | null = null;
  if (from > -Infinity) {
    let h: RecordingHeader | null = null;
    for (const r of records(buf, () => undefined)) {
      if (r.type === RecordType.Header) h = parseJson<RecordingHeader>(r.payload);
      else if ((r.type & ~DEFLATED) === RecordType.Key) {
        if (sampleTime(r.payload) > from) break;
        start = r.offset;
        startHeader = h;
      }
    }
    if (start > 0) header = startHeader;
  }
  for (const r of records(buf, noteDamage, start)) {
    if (damaged) {
      baseOk = false;
      damaged = false;
    }
    if (r.type === RecordType.Header) {
      header = parseJson<RecordingHeader>(r.payload);
      if (!header || header.format !== 'gazellectl-recording') {
        note(`record at byte ${r.offset}: not a recording header`);
        header = null;
        continue;
      }
      yield { kind: 'header', header };
      continue;
    }
    if (r.type === RecordType.Event) {
      const event = parseJson<RecorderEvent>(r.payload);
      if (event && event.t >= from && event.t <= to) yield { kind: 'event', event };
      continue;
    }
    if (!isSampleType(r.type) || header === null) continue;
    const key = (r.type & ~DEFLATED) === RecordType.Key;
    if (!key && !baseOk) continue;
    const t = sampleTime(r.payload);
    if (t > to) return;
    let sample: S;
    try {
      sample = decoder.decode(r.type, r.payload, header);
    } catch (e) {
      note(`record at byte ${r.offset} does not decode (${(e as Error).message}); skipped`);
      baseOk = false;
      continue;
    }
    baseOk = true;
    if (t >= from) yield { kind: 'sample', sample, header };
  }
}

function parseJson<T>(payload: Uint8Array): T | null {
  try {
    return JSON.parse(Buffer.from(payload).toString()) as T;
  } catch {
    return null;
  }
}

/** The segment files of a recording: FILE itself, or every segment in DIR in time order. */
export function recordingFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(
      `no recording at ${path}`,
      'give a recording file or the --out directory of `gazellectl record`',
    );
  }
  if (!st.isDirectory()) return [path];
  const names = sortSegments(readdirSync(path));
  if (names.length === 0) throw new UsageError(`no recording segments (rec-*.gzrec) in ${path}`);
  return names.map((n) => join(path, n));
}

/** Reads a recording (a file or a directory): segments in time order, within the range. */
type RecordingWalk<T> = (path: string, note: (text: string) => void, range?: ReadRange) => Generator<T>;

const walkWith =
  <T>(segment: SegmentWalk<T>): RecordingWalk<T> =>
  (path, note, range = {}) =>
    walkRecording(path, note, range, segment);

/** Every item of a recording. */
export const readRecording: RecordingWalk<Item> = walkWith(readSegment);

/** scanSegment over a recording: what `report` reads (see StackScanner). */
export const scanRecording: RecordingWalk<ScanItem> = walkWith(scanSegment);

type SegmentWalk<T> = (buf: Uint8Array, note: (text: string) => void, range: ReadRange) => Generator<T>;

function* walkRecording<T>(
  path: string,
  note: (text: string) => void,
  range: ReadRange,
  segment: SegmentWalk<T>,
): Generator<T> {
  const files = recordingFiles(path);
  // One buffer for every segment: a fresh one per file costs more in page faults than the reading.
  // Nothing a segment yields points into it (samples are decoded out of it).
  let buf: Buffer<ArrayBufferLike> = Buffer.allocUnsafeSlow(0);
  for (let i = 0; i < files.length; i++) {
    // A segment that ends before `from` (the next one starts at or before it) is never opened.
    const next = files[i + 1] ? segmentStart(basename(files[i + 1])) : NaN;
    if (range.from !== undefined && next <= range.from) continue;
    const first = segmentStart(basename(files[i]));
    if (range.to !== undefined && first > range.to) break;
    let len: number;
    try {
      ({ buf, len } = readInto(files[i], buf));
    } catch (e) {
      // rotation may remove the oldest segment while we read
      note(`${files[i]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; skipped`);
      continue;
    }
    // a plain Uint8Array: a Buffer's subarray (one per record) builds a Buffer, which costs more
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, len);
    // a file named on the command line that is no recording at all is a mistake, not damage
    if (files[i] === path && !FILE_MAGIC.equals(bytes.subarray(0, FILE_MAGIC.length)))
      throw new UsageError(
        `${path} is not a gazellectl recording`,
        'give a recording file or the --out directory of `gazellectl record`',
      );
    yield* segment(bytes, (t) => note(`${basename(files[i])}: ${t}`), range);
  }
}

/** The whole file into `buf` (grown when too small); the buffer and the bytes read. */
function readInto(file: string, buf: Buffer<ArrayBufferLike>): { buf: Buffer<ArrayBufferLike>; len: number } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    // with room to spare: segments differ by a few bytes, and each new buffer is a GC and page faults
    if (size > buf.length) buf = Buffer.allocUnsafeSlow(Math.max(size, Math.min(buf.length * 2, 64 << 20)));
    let len = 0;
    while (len < size) {
      const n = readSync(fd, buf, len, size - len, len);
      if (n === 0) break;
      len += n;
    }
    return { buf, len };
  } finally {
    closeSync(fd);
  }
}
