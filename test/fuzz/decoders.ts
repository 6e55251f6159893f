/**
 * Fuzz properties of the frame decoders (src/protocol/codec.ts), shared by the quick pass in
 * `npm test` (test/fuzz/decoders.test.ts) and the long pass (`npm run fuzz -- <cases>`).
 *
 * A case is a full-size frame of one profile/arch: a template (zeros, 0xff, or seeded noise), then
 * random byte patches, then every count or flag the decoders or printers trust (eof, stack_id,
 * conn_num, total_conn_num, len, slave_count, bonding.mode, rx/tx_queue_num, port_num,
 * client_num, index) set to an edge or random value. Each frame is decoded for every stat mode of
 * the era (dfx) or every reply kind (ltran structs).
 *
 * Properties:
 *  - a decoder returns a value; it never throws (not even a GazelleError: frames have the exact size);
 *  - every decoded array is at most its C array's length, counted arrays are exactly
 *    min(count, capacity) long;
 *  - the decoded value is at most `maxNodes` values (numbers, bigints, strings, objects, arrays,
 *    in-place row views) whatever the counts say: the bound is the same struct decoded with every
 *    count at its capacity. `npm run fuzz` prints the bounds; at the time of writing: a dfx is at
 *    most 22,015 values (conn: 22,000 row views, each holding a reference to the 3 MB frame, plus
 *    the header; every other mode < 1,000), forward_table 22,003, ltran_total 739, ltran_client 267.
 *
 * Precondition (not fuzzed, by design): `buf.length >= offset + sizeof`. The only callers are the
 * frame readers, which hand over exact-size frames; a shorter buffer makes the decoders throw a
 * RangeError from Buffer.read*.
 */
import fc from 'fast-check';
import { locate, type Layout } from '../../src/protocol/ctypes.js';
import { decodeDfx, decodeLtran, decodeRequest, type LtranReply } from '../../src/protocol/codec.js';
import type { ModeName } from '../../src/protocol/modes.js';
import { ARCHES, PROFILE_NAMES, wireFor, type Arch, type Wire } from '../../src/protocol/profiles.js';

export const WIRES: Wire[] = PROFILE_NAMES.flatMap((p) =>
  (Object.keys(ARCHES) as Arch[]).map((a) => wireFor(p, a)),
);
export const wireName = (w: Wire): string => `${w.profile.name}/cl${w.target.cacheLine}`;

export const LTRAN_KINDS: LtranReply[] = [
  'ltranTotal',
  'lstackTotal',
  'ltranClient',
  'forwardTable',
  'inAddr',
];

/** Members that size a loop or a printout somewhere, per struct kind (absent ones are skipped). */
const COUNT_PATHS: Record<'dfx' | LtranReply, string[]> = {
  dfx: [
    'eof',
    'stack_id',
    'data.conn.conn_num',
    'data.conn.total_conn_num',
    'data.nic_xstats.len',
    'data.nic_xstats.bonding.slave_count',
    'data.nic_xstats.bonding.mode',
    'data.virtio.rx_queue_num',
    'data.virtio.tx_queue_num',
    'data.pkts.conn_num',
    'data.pkts.stack_stat.conn_num',
  ],
  ltranTotal: ['port_num'],
  lstackTotal: ['eof', 'index'],
  ltranClient: ['client_num'],
  forwardTable: ['conn_num'],
  inAddr: [],
};

export interface CountField {
  path: string;
  offset: number;
  size: number;
}

function countFields(layout: Layout, kind: 'dfx' | LtranReply): CountField[] {
  const out: CountField[] = [];
  for (const path of COUNT_PATHS[kind]) {
    try {
      const m = locate(layout, path);
      out.push({ path, offset: m.offset, size: m.layout.size });
    } catch {
      // not in this era
    }
  }
  return out;
}

/** A frame description: which template, then patches and count values, applied in order. */
export interface FrameCase {
  template: 'zero' | 'ff' | 'noise';
  /** [offset fraction 0..1 or absolute small offset, bytes] */
  patches: { at: number; near: 'start' | 'anywhere'; bytes: Uint8Array }[];
  /** Index into countFields() -> value (wrapped to the field's width). */
  counts: { field: number; value: number }[];
}

const edgeValues = [
  0, 1, 2, 7, 8, 9, 16, 17, 32, 33, 255, 256, 257, 21999, 22000, 22001, 0x7fff, 0xffff, 0x10000,
];
const countValue = fc.oneof(
  fc.constantFrom(...edgeValues, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff),
  fc.nat(),
  fc.integer({ min: 0, max: 0xffffffff }),
);

export const frameCase: fc.Arbitrary<FrameCase> = fc.record({
  template: fc.constantFrom('zero', 'ff', 'noise'),
  patches: fc.array(
    fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      near: fc.constantFrom('start', 'anywhere'),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
    { maxLength: 8 },
  ),
  counts: fc.array(fc.record({ field: fc.nat({ max: 31 }), value: countValue }), { maxLength: 12 }),
});

/** Deterministic noise (xorshift32), so a failing case reproduces from fast-check's seed alone. */
function noise(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, i);
  }
  for (let i = size & ~3; i < size; i++) b[i] = i & 0xff;
  return b;
}

/** Per layout: templates built once, one work buffer reused by every case. */
export class FrameFactory {
  readonly fields: CountField[];
  private readonly templates: Record<FrameCase['template'], Buffer>;
  private readonly work: Buffer;

  constructor(
    readonly layout: Layout,
    kind: 'dfx' | LtranReply,
  ) {
    this.fields = countFields(layout, kind);
    const size = layout.size;
    this.templates = {
      zero: Buffer.alloc(size),
      ff: Buffer.alloc(size, 0xff),
      noise: noise(size, 0x9e3779b9),
    };
    this.work = Buffer.allocUnsafe(size);
  }

  build(c: FrameCase): Buffer {
    const buf = this.work;
    this.templates[c.template].copy(buf);
    for (const p of c.patches) {
      // Most interesting bytes sit in the first few KB (headers, union members, counts).
      const span = p.near === 'start' ? Math.min(buf.length, 20_000) : buf.length;
      const at = Math.min(Math.floor(p.at * span), buf.length - 1);
      buf.set(p.bytes.subarray(0, buf.length - at), at);
    }
    for (const { field, value } of c.counts) {
      if (!this.fields.length) break;
      const f = this.fields[field % this.fields.length];
      const v = BigInt.asUintN(f.size * 8, BigInt(value));
      if (f.size === 8) buf.writeBigUInt64LE(v, f.offset);
      else buf.writeUIntLE(Number(v), f.offset, f.size);
    }
    return buf;
  }

  /** Every count at its maximum: the largest decoded value this layout can produce. */
  worst(): Buffer {
    return this.build({
      template: 'noise',
      patches: [],
      counts: this.fields.map((_, i) => ({ field: i, value: 0xffffffff })),
    });
  }
}

/** Connection rows are views over the frame (ctypes structView): own keys are symbols, toJSON decodes. */
const isView = (v: object): v is { toJSON(): unknown } =>
  typeof (v as { toJSON?: unknown }).toJSON === 'function' && Object.keys(v).length === 0;

/**
 * Values in a decoded tree (numbers, bigints, strings, objects, arrays). A struct view counts as one:
 * it holds a reference to the frame, not decoded members.
 */
export function countNodes(v: unknown): number {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && isView(v)) return 1;
  if (Array.isArray(v)) {
    let n = 1;
    for (const e of v) n += countNodes(e);
    return n;
  }
  if (v !== null && typeof v === 'object') {
    let n = 1;
    for (const e of Object.values(v)) n += countNodes(e);
    return n;
  }
  return 1;
}

/** Checks a decoded tree against its layout: known members only, arrays within capacity. */
export function checkShape(layout: Layout, v: unknown, path: string): void {
  if (layout.element) {
    if (!Array.isArray(v)) throw new Error(`${path}: expected an array`);
    const capacity = layout.size / layout.element.size;
    if (v.length > capacity) throw new Error(`${path}: ${v.length} elements, the C array has ${capacity}`);
    // Elements of one layout share a shape: checking a few keeps 22,000-entry arrays cheap.
    for (const i of [0, 1, v.length - 1])
      if (i >= 0 && i < v.length) checkShape(layout.element, v[i], `${path}[${i}]`);
    return;
  }
  if (layout.members) {
    if (v === null || typeof v !== 'object') throw new Error(`${path}: expected an object`);
    // A struct read in place (ctypes structView): its toJSON() is the decoded struct.
    const plain = isView(v) ? v.toJSON() : v;
    for (const [name, child] of Object.entries(plain as object)) {
      const m = layout.members.get(name);
      if (!m) throw new Error(`${path}.${name}: not a member of the C struct`);
      checkShape(m.layout, child, `${path}.${name}`);
    }
    return;
  }
  if (layout.type.kind === 'char') {
    if (typeof v !== 'string' || v.length > layout.size) throw new Error(`${path}: bad char[${layout.size}]`);
    return;
  }
  const ok = layout.size === 8 ? typeof v === 'bigint' : typeof v === 'number' && Number.isInteger(v);
  if (!ok) throw new Error(`${path}: bad ${layout.size}-byte integer ${String(v)}`);
}

/** Counted arrays must be exactly min(count, capacity) long. */
function checkCounted(
  layout: Layout,
  frame: Buffer,
  arrayPath: string,
  countPath: string,
  got: unknown[],
): void {
  const count = locate(layout, countPath);
  const arr = locate(layout, arrayPath);
  const raw = count.layout.size === 4 ? frame.readUInt32LE(count.offset) : frame.readUInt16LE(count.offset);
  const want = Math.min(raw, arr.layout.size / arr.layout.element!.size);
  if (got.length !== want) throw new Error(`${arrayPath}: ${got.length} elements for ${countPath}=${raw}`);
}

export interface DecodeTarget {
  wire: Wire;
  name: string;
  factory: FrameFactory;
  /** dfx: every mode of the era; ltran: the reply kind. */
  decoders: { label: string; decode: (buf: Buffer) => unknown; maxNodes: number }[];
  check: (buf: Buffer, label: string, value: unknown) => void;
}

export function dfxTarget(wire: Wire): DecodeTarget {
  const layout = wire.layouts.dfx;
  const factory = new FrameFactory(layout, 'dfx');
  const modes = wire.profile.modes.order as readonly ModeName[];
  const worst = Buffer.from(factory.worst());
  const decoders = modes.map((mode) => {
    const decode = (buf: Buffer) => decodeDfx(wire, buf, 0, mode);
    return { label: mode, decode, maxNodes: countNodes(decode(worst)) };
  });
  return {
    wire,
    name: `${wireName(wire)} dfx`,
    factory,
    decoders,
    check: (buf, _label, value) => {
      checkShape(layout, value, 'dfx');
      const data = (
        value as {
          data: Record<string, { conn_list?: unknown[]; xstats_name?: unknown[]; values?: unknown[] }>;
        }
      ).data;
      if (data.conn?.conn_list)
        checkCounted(layout, buf, 'data.conn.conn_list', 'data.conn.conn_num', data.conn.conn_list);
      if (data.nic_xstats?.xstats_name) {
        checkCounted(
          layout,
          buf,
          'data.nic_xstats.xstats_name',
          'data.nic_xstats.len',
          data.nic_xstats.xstats_name,
        );
        checkCounted(layout, buf, 'data.nic_xstats.values', 'data.nic_xstats.len', data.nic_xstats.values!);
      }
    },
  };
}

const COUNTED_LTRAN: Partial<Record<LtranReply, [string, string]>> = {
  ltranTotal: ['port_list', 'port_num'],
  ltranClient: ['client_info', 'client_num'],
  forwardTable: ['conn_list', 'conn_num'],
};

export function ltranTarget(wire: Wire, kind: LtranReply): DecodeTarget {
  const layout = wire.layouts[kind];
  const factory = new FrameFactory(layout, kind);
  const decode = (buf: Buffer) => decodeLtran(wire, kind, buf, 0);
  const worst = Buffer.from(factory.worst());
  return {
    wire,
    name: `${wireName(wire)} ${kind}`,
    factory,
    decoders: [{ label: kind, decode, maxNodes: countNodes(decode(worst)) }],
    check: (buf, _label, value) => {
      checkShape(layout, value, kind);
      const counted = COUNTED_LTRAN[kind];
      if (counted)
        checkCounted(layout, buf, counted[0], counted[1], (value as Record<string, unknown[]>)[counted[0]]);
    },
  };
}

export function allTargets(): DecodeTarget[] {
  return WIRES.flatMap((w) => [dfxTarget(w), ...LTRAN_KINDS.map((k) => ltranTarget(w, k))]);
}

/** One case against one target: decode with every decoder, check every property. */
export function runDecodeCase(t: DecodeTarget, c: FrameCase): void {
  const buf = t.factory.build(c);
  for (const d of t.decoders) {
    let value: unknown;
    try {
      value = d.decode(buf);
    } catch (e) {
      throw new Error(`${t.name} ${d.label}: decoder threw ${(e as Error)?.stack ?? String(e)}`);
    }
    t.check(buf, d.label, value);
    const nodes = countNodes(value);
    if (nodes > d.maxNodes) throw new Error(`${t.name} ${d.label}: ${nodes} values > bound ${d.maxNodes}`);
  }
}

/** decodeRequest over arbitrary request-sized bytes: strings stay within their char[] arrays. */
export function requestProperty(wire: Wire): fc.IPropertyWithHooks<[Uint8Array]> {
  const size = wire.layouts.request.size;
  return fc.property(fc.uint8Array({ minLength: size, maxLength: size }), (bytes) => {
    const r = decodeRequest(wire, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    if (!Number.isInteger(r.stat_mode) || r.stat_mode < 0) throw new Error('stat_mode');
    if (r.log_level.length > 10 || r.protocol.length > 20) throw new Error('char[] overrun');
    if (!Number.isInteger(r.low_power_mod) || r.low_power_mod > 0xffff) throw new Error('low_power_mod');
  });
}
