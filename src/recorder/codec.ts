/**
 * Samples to record payloads and back. Each numeric section (an instance's stack rows, its SNMP
 * rows, its ltran ports) is stored as zigzag-varint deltas against the same section of the last
 * sample that had it, so a counter growing by a few thousand a second costs 2-3 bytes. A key sample
 * stores deltas against zero: it needs nothing before it, which is what rotation and seeking use.
 *
 * Payload: varint t (absolute ms, never compressed, so a seek reads it cheaply), then the body,
 * raw-deflated when the record type carries DEFLATED.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DEFLATED, RecordType } from './frame.js';
import type { DaemonKind, InstanceSnap, RecordingHeader, Sample } from './sample.js';
import { ByteSink, ByteSource } from './varint.js';

/** The previous value of each section, by section key; empty after a key sample. */
export type DeltaState = Map<string, number[][]>;

const STATUS: Record<DaemonKind | 'down', number> = { down: 0, lstack: 1, ltran: 2 };
const DAEMON_OF = [undefined, 'lstack', 'ltran'] as const;
const HAS_SNMP = 1;
const HAS_PORTS = 2;

interface SideData {
  errors?: Record<number, string>;
  /** Stack cells beyond 2^53, per instance, as decimal strings (InstanceSnap.wide). */
  wide?: Record<number, Record<number, string>>;
  conn?: Record<number, { states?: Record<string, number>[]; table?: unknown[][] }>;
}

/**
 * A section is a column mask (one bit per field, ceil(width / 8) bytes) and then, row by row, the
 * deltas of the masked columns only: a column no row changed (tid, loglevel, an absent byte counter)
 * costs nothing after the key sample.
 */
function putRows(
  out: ByteSink,
  state: DeltaState,
  key: string,
  rows: readonly number[][],
  width: number,
): void {
  const prev = state.get(key);
  const base = prev && prev.length === rows.length && prev.every((r) => r.length === width) ? prev : null;
  const kept = rows.map((row) => Array.from({ length: width }, (_, f) => row[f] ?? 0));
  const mask = new Uint8Array((width + 7) >> 3);
  const stored: number[] = [];
  for (let f = 0; f < width; f++) {
    if (!base || kept.some((row, r) => row[f] !== base[r][f])) {
      mask[f >> 3] |= 1 << (f & 7);
      stored.push(f);
    }
  }
  out.bytes(mask);
  kept.forEach((row, r) => {
    for (const f of stored) out.int(base ? row[f] - base[r][f] : row[f]);
  });
  state.set(key, kept);
}

/** The masked columns of a section; the source is left after the mask. */
function columns(src: ByteSource, width: number): number[] {
  const mask = src.bytes((width + 7) >> 3);
  const cols: number[] = [];
  for (let f = 0; f < width; f++) if (mask[f >> 3] & (1 << (f & 7))) cols.push(f);
  return cols;
}

/**
 * The hot loop of `report` (a day at 8 x 8 stacks is ~80 million values): varints are read inline,
 * with plain integer arithmetic while a value fits in 28 bits.
 */
function getRows(src: ByteSource, state: DeltaState, key: string, count: number, width: number): number[][] {
  const prev = state.get(key);
  const base = prev && prev.length === count && (count === 0 || prev[0].length === width) ? prev : null;
  const cols = columns(src, width);
  if (!base && cols.length !== width) throw new RangeError('a section without its base');
  const rows: number[][] = new Array<number[]>(count);
  const buf = src.buf;
  const end = src.end;
  const nc = cols.length;
  let pos = src.pos;
  for (let r = 0; r < count; r++) {
    const before = base ? base[r] : null;
    const row = before ? before.slice() : new Array<number>(width);
    for (let c = 0; c < nc; c++) {
      const f = cols[c];
      let z: number;
      const b0 = pos < end ? buf[pos] : 0x80;
      if (b0 < 0x80) {
        z = b0;
        pos++;
      } else if (pos + 1 < end && buf[pos + 1] < 0x80) {
        z = (b0 & 0x7f) | (buf[pos + 1] << 7);
        pos += 2;
      } else if (pos + 2 < end && buf[pos + 1] >= 0x80 && buf[pos + 2] < 0x80) {
        z = (b0 & 0x7f) | ((buf[pos + 1] & 0x7f) << 7) | (buf[pos + 2] << 14);
        pos += 3;
      } else {
        src.pos = pos;
        z = src.uint();
        pos = src.pos;
      }
      const d = z < 0x40000000 ? (z >>> 1) ^ -(z & 1) : z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      row[f] = before ? before[f] + d : d;
    }
    rows[r] = row;
  }
  src.pos = pos;
  state.set(key, rows);
  return rows;
}

/** Steps over a section without decoding it (the report has no use for SNMP values). */
function skipRows(src: ByteSource, count: number, width: number): void {
  const { buf, end } = src;
  let pos = src.pos;
  const maskEnd = pos + ((width + 7) >> 3);
  if (maskEnd > end) throw new RangeError('field runs past the record');
  let cols = 0;
  for (; pos < maskEnd; pos++) for (let b = buf[pos]; b !== 0; b &= b - 1) cols++;
  const n = cols * count;
  for (let left = n; left > 0; pos++) {
    if (pos >= end) throw new RangeError('varint runs past the record');
    if (buf[pos] < 0x80) left--;
  }
  src.pos = pos;
}

export interface EncodeOptions {
  key: boolean;
  deflate: boolean;
}

/** One sample as a record type and payload; updates `state` (cleared first for a key sample). */
export function encodeSample(
  sample: Sample,
  header: RecordingHeader,
  state: DeltaState,
  opts: EncodeOptions,
): { type: number; payload: Buffer } {
  if (opts.key) state.clear();
  const body = new ByteSink();
  const side: SideData = {};
  const sw = header.stackFields.length;
  const nw = header.snmpFields.length;
  const pw = header.portFields.length;
  body.uint(sample.instances.length);
  sample.instances.forEach((inst: InstanceSnap, i) => {
    const up = inst.up && inst.daemon !== undefined;
    body.uint(up ? STATUS[inst.daemon!] : STATUS.down);
    if (!up) {
      if (inst.error) (side.errors ??= {})[i] = inst.error;
      return;
    }
    const flags = (inst.snmp ? HAS_SNMP : 0) | (inst.ports ? HAS_PORTS : 0);
    body.uint(flags);
    body.uint(inst.stacks.length);
    putRows(body, state, `${i}s`, inst.stacks, sw);
    if (inst.snmp) {
      body.uint(inst.snmp.length);
      putRows(body, state, `${i}n`, inst.snmp, nw);
    }
    if (inst.ports) {
      body.uint(inst.ports.length);
      putRows(body, state, `${i}p`, inst.ports, pw);
    }
    if (inst.connStates || inst.connTable)
      (side.conn ??= {})[i] = { states: inst.connStates, table: inst.connTable };
    if (inst.wide)
      (side.wide ??= {})[i] = Object.fromEntries(Object.entries(inst.wide).map(([c, v]) => [c, String(v)]));
  });
  const json = side.errors || side.conn || side.wide ? Buffer.from(JSON.stringify(side)) : Buffer.alloc(0);
  body.uint(json.length);
  body.bytes(json);

  const head = new ByteSink();
  head.uint(sample.t);
  let type: number = opts.key ? RecordType.Key : RecordType.Delta;
  let bodyBytes = body.take();
  if (opts.deflate) {
    bodyBytes = deflateRawSync(bodyBytes);
    type |= DEFLATED;
  }
  head.bytes(bodyBytes);
  return { type, payload: head.take() };
}

function wideOf(w: Record<number, string>): Record<number, bigint> {
  return Object.fromEntries(Object.entries(w).map(([c, v]) => [c, BigInt(v)]));
}

/** The time of a sample record, without decoding its body. */
export function sampleTime(payload: Uint8Array): number {
  return new ByteSource(payload).uint();
}

export function isSampleType(type: number): boolean {
  const t = type & ~DEFLATED;
  return t === RecordType.Key || t === RecordType.Delta;
}

export interface DecodeOptions {
  /** Leave SNMP rows out (consistently for a whole read: their delta state is never kept). */
  skipSnmp?: boolean;
}

export function decodeSample(
  type: number,
  payload: Uint8Array,
  header: RecordingHeader,
  state: DeltaState,
  opts: DecodeOptions = {},
): Sample {
  const head = new ByteSource(payload);
  const t = head.uint();
  let body: Uint8Array = payload.subarray(head.pos);
  if (type & DEFLATED) body = inflateRawSync(body);
  if ((type & ~DEFLATED) === RecordType.Key) state.clear();
  const src = new ByteSource(body);
  const sw = header.stackFields.length;
  const nw = header.snmpFields.length;
  const pw = header.portFields.length;
  const count = src.uint();
  if (count !== header.instances.length) throw new RangeError('sample does not match its header');
  const instances: InstanceSnap[] = [];
  for (let i = 0; i < count; i++) {
    const daemon = DAEMON_OF[src.uint()];
    if (!daemon) {
      instances.push({ up: false, stacks: [] });
      continue;
    }
    const flags = src.uint();
    const inst: InstanceSnap = { up: true, daemon, stacks: getRows(src, state, `${i}s`, src.uint(), sw) };
    const era = header.eras?.[i];
    if (era) inst.profile = era;
    if (flags & HAS_SNMP) {
      const rows = src.uint();
      if (opts.skipSnmp) skipRows(src, rows, nw);
      else inst.snmp = getRows(src, state, `${i}n`, rows, nw);
    }
    if (flags & HAS_PORTS) inst.ports = getRows(src, state, `${i}p`, src.uint(), pw);
    instances.push(inst);
  }
  const jsonLen = src.uint();
  if (jsonLen > 0) {
    const side = JSON.parse(Buffer.from(src.bytes(jsonLen)).toString()) as SideData;
    for (const [i, error] of Object.entries(side.errors ?? {})) instances[Number(i)].error = error;
    for (const [i, c] of Object.entries(side.conn ?? {})) {
      if (c.states) instances[Number(i)].connStates = c.states;
      if (c.table) instances[Number(i)].connTable = c.table;
    }
    for (const [i, w] of Object.entries(side.wide ?? {})) instances[Number(i)].wide = wideOf(w);
  }
  return { t, instances };
}

/**
 * The report's decoder: every instance's stack rows decoded in place into one reused Float64Array
 * per instance (row-major, the header's stackFields order), SNMP and port sections stepped over.
 * A day at 8 x 8 stacks is 5.5 million rows: allocating an array for each was most of the report's
 * time. The view is valid until the next decode.
 */
export class StackScanner {
  t = 0;
  /** Per instance: 0 down, 1 lstack, 2 ltran. */
  readonly status: Uint8Array;
  /** Stack rows per instance, and the rows themselves (count x width). */
  readonly counts: Int32Array;
  readonly rows: Float64Array[];
  readonly errors: (string | undefined)[];
  /** Per instance: its stack cells beyond 2^53 (InstanceSnap.wide), if any. */
  readonly wide: (Record<number, bigint> | undefined)[];
  /** Whether an instance's rows are a valid delta base (not since a key sample or a failed decode). */
  private readonly based: Uint8Array;
  private readonly masks: Int32Array;
  private readonly cols: number[][] = [];
  readonly width: number;
  private readonly snmpWidth: number;
  private readonly portWidth: number;

  constructor(readonly header: RecordingHeader) {
    const n = header.instances.length;
    this.width = header.stackFields.length;
    this.snmpWidth = header.snmpFields.length;
    this.portWidth = header.portFields.length;
    this.status = new Uint8Array(n);
    this.counts = new Int32Array(n);
    this.rows = Array.from({ length: n }, () => new Float64Array(0));
    this.errors = new Array<string | undefined>(n).fill(undefined);
    this.wide = new Array<Record<number, bigint> | undefined>(n).fill(undefined);
    this.based = new Uint8Array(n);
    this.masks = new Int32Array(n);
  }

  daemon(i: number): DaemonKind | undefined {
    return DAEMON_OF[this.status[i]];
  }

  decode(type: number, payload: Uint8Array): void {
    const src = new ByteSource(payload);
    this.t = src.uint();
    if (type & DEFLATED) {
      const body = inflateRawSync(payload.subarray(src.pos));
      src.buf = body;
      src.end = body.length;
      src.pos = 0;
    }
    if ((type & ~DEFLATED) === RecordType.Key) this.based.fill(0);
    const count = src.uint();
    if (count !== this.status.length) throw new RangeError('sample does not match its header');
    this.errors.fill(undefined);
    this.wide.fill(undefined);
    try {
      for (let i = 0; i < count; i++) {
        const status = src.uint();
        if (!DAEMON_OF[status]) {
          this.status[i] = 0;
          continue;
        }
        this.status[i] = status;
        const flags = src.uint();
        this.stacksInPlace(src, i, src.uint());
        if (flags & HAS_SNMP) skipRows(src, src.uint(), this.snmpWidth);
        if (flags & HAS_PORTS) skipRows(src, src.uint(), this.portWidth);
      }
      const jsonLen = src.uint();
      if (jsonLen > 0) {
        const side = JSON.parse(Buffer.from(src.bytes(jsonLen)).toString()) as SideData;
        for (const [i, error] of Object.entries(side.errors ?? {})) this.errors[Number(i)] = error;
        for (const [i, w] of Object.entries(side.wide ?? {})) this.wide[Number(i)] = wideOf(w);
      }
    } catch (e) {
      this.based.fill(0);
      throw e;
    }
  }

  /** The section's masked columns: the same mask as the instance's last one reuses its list. */
  private columnsOf(src: ByteSource, i: number): number[] {
    const n = (this.width + 7) >> 3;
    if (n > 4) return columns(src, this.width);
    if (src.pos + n > src.end) throw new RangeError('field runs past the record');
    let mask = 0;
    for (let k = 0; k < n; k++) mask |= src.buf[src.pos + k] << (8 * k);
    if (mask === this.masks[i] && this.cols[i]) {
      src.pos += n;
      return this.cols[i];
    }
    this.masks[i] = mask;
    return (this.cols[i] = columns(src, this.width));
  }

  private stacksInPlace(src: ByteSource, i: number, count: number): void {
    const width = this.width;
    const based = this.based[i] === 1 && this.counts[i] === count;
    const cols = this.columnsOf(src, i);
    if (!based && cols.length !== width) throw new RangeError('a section without its base');
    if (this.rows[i].length !== count * width) this.rows[i] = new Float64Array(count * width);
    this.counts[i] = count;
    const row = this.rows[i];
    const buf = src.buf;
    const end = src.end;
    const nc = cols.length;
    let pos = src.pos;
    for (let r = 0, at = 0; r < count; r++, at += width) {
      for (let c = 0; c < nc; c++) {
        // Up to 4 bytes (28 bits) inline; a read past the end gives undefined, which ends the
        // varint, and the check after the section catches it.
        let b = buf[pos++];
        let z = b & 0x7f;
        if (b >= 0x80) {
          b = buf[pos++];
          z |= (b & 0x7f) << 7;
          if (b >= 0x80) {
            b = buf[pos++];
            z |= (b & 0x7f) << 14;
            if (b >= 0x80) {
              b = buf[pos++];
              z |= (b & 0x7f) << 21;
              if (b >= 0x80) {
                src.pos = pos - 4;
                z = src.uint();
                pos = src.pos;
              }
            }
          }
        }
        const d = z < 0x10000000 ? (z >>> 1) ^ -(z & 1) : z % 2 === 0 ? z / 2 : -(z + 1) / 2;
        const f = at + cols[c];
        row[f] = based ? row[f] + d : d;
      }
    }
    if (pos > end) throw new RangeError('varint runs past the record');
    src.pos = pos;
    this.based[i] = 1;
  }
}
