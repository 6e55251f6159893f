/**
 * Reading recordings back: one segment from its bytes (pure), and a file or directory of them.
 * Damaged or torn records are skipped with a note; a delta sample whose base was lost is skipped
 * up to the next key sample (at most --key-every samples).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { decodeSample, isSampleType, sampleTime, type DeltaState } from './codec.js';
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

/** Every item of one segment in order, from the last key sample at or before range.from. */
export function* readSegment(
  buf: Uint8Array,
  note: (text: string) => void,
  range: ReadRange = {},
): Generator<Item> {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  let header: RecordingHeader | null = null;
  const state: DeltaState = new Map();
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
    let sample: Sample;
    try {
      sample = decodeSample(r.type, r.payload, header, state, range);
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

/** Every item of a recording (a file or a directory), segments in time order, within the range. */
export function* readRecording(
  path: string,
  note: (text: string) => void,
  range: ReadRange = {},
): Generator<Item> {
  const files = recordingFiles(path);
  for (let i = 0; i < files.length; i++) {
    // A segment that ends before `from` (the next one starts at or before it) is never opened.
    const next = files[i + 1] ? segmentStart(basename(files[i + 1])) : NaN;
    if (range.from !== undefined && next <= range.from) continue;
    const first = segmentStart(basename(files[i]));
    if (range.to !== undefined && first > range.to) break;
    let buf: Buffer;
    try {
      buf = readFileSync(files[i]);
    } catch (e) {
      // rotation may remove the oldest segment while we read
      note(`${files[i]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; skipped`);
      continue;
    }
    // a file named on the command line that is no recording at all is a mistake, not damage
    if (files[i] === path && !FILE_MAGIC.equals(buf.subarray(0, FILE_MAGIC.length)))
      throw new UsageError(
        `${path} is not a gazellectl recording`,
        'give a recording file or the --out directory of `gazellectl record`',
      );
    yield* readSegment(buf, (t) => note(`${basename(files[i])}: ${t}`), range);
  }
}
