/**
 * A small declarative model of C types, enough for Gazelle's control structs: fixed-width integers,
 * char[N], fixed arrays, nested structs, unions, natural C alignment and padding, and DPDK's
 * `__rte_cache_aligned` whose alignment is a parameter of the target (64 on x86_64, 128 on aarch64).
 *
 * Declarations are plain data. `compile()` turns a declaration into a Layout for one target: every
 * offset and size is computed here (never written by hand), and the Layout carries the decoder and
 * encoder built from the same description, so both directions cannot drift apart.
 */

export type IntType = { readonly kind: 'int'; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean };
export type CharType = { readonly kind: 'char'; readonly length: number };
export type ArrayType = { readonly kind: 'array'; readonly of: CType; readonly length: number };
export type Field = readonly [name: string, type: CType];
export type StructType = {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: readonly Field[];
  /** DPDK `__rte_cache_aligned`: aligned to the target's cache line. */
  readonly cacheAligned: boolean;
};
export type UnionType = { readonly kind: 'union'; readonly name: string; readonly fields: readonly Field[] };
export type CType = IntType | CharType | ArrayType | StructType | UnionType;

export const u8: IntType = { kind: 'int', size: 1, signed: false };
export const i8: IntType = { kind: 'int', size: 1, signed: true };
export const u16: IntType = { kind: 'int', size: 2, signed: false };
export const u32: IntType = { kind: 'int', size: 4, signed: false };
export const i32: IntType = { kind: 'int', size: 4, signed: true };
export const u64: IntType = { kind: 'int', size: 8, signed: false };
export const char = (length: number): CharType => ({ kind: 'char', length });
export const array = (of: CType, length: number): ArrayType => ({ kind: 'array', of, length });
export const struct = (
  name: string,
  fields: readonly Field[],
  opts: { cacheAligned?: boolean } = {},
): StructType => ({
  kind: 'struct',
  name,
  fields,
  cacheAligned: opts.cacheAligned ?? false,
});
export const union = (name: string, fields: readonly Field[]): UnionType => ({ kind: 'union', name, fields });

/** Target ABI facts that change layouts. Both supported targets are little-endian LP64. */
export interface Target {
  readonly cacheLine: number;
}

/** Values as decoded: integers up to 32 bits are numbers, 64-bit ones bigint (exact u64 arithmetic). */
export type CValue = number | bigint | string | CValue[] | { [name: string]: CValue };
export type CRecord = { [name: string]: CValue };

export interface Layout {
  readonly type: CType;
  readonly size: number;
  readonly align: number;
  /** Members of a struct/union with their offsets relative to the start of this layout. */
  readonly members?: ReadonlyMap<string, { readonly offset: number; readonly layout: Layout }>;
  /** Element layout of an array. */
  readonly element?: Layout;
  /** `view`: optional DataView over the same bytes as `buf` (saves creating one per element). */
  readonly decode: (buf: Buffer, offset: number, view?: DataView) => CValue;
  readonly encode: (value: CValue | undefined, buf: Buffer, offset: number) => void;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

const cache = new WeakMap<CType, Map<number, Layout>>();

export function compile(type: CType, target: Target): Layout {
  let byTarget = cache.get(type);
  if (!byTarget) cache.set(type, (byTarget = new Map()));
  let layout = byTarget.get(target.cacheLine);
  if (!layout) {
    layout = build(type, target);
    byTarget.set(target.cacheLine, layout);
  }
  return layout;
}

function build(type: CType, target: Target): Layout {
  switch (type.kind) {
    case 'int':
      return intLayout(type);
    case 'char':
      return charLayout(type);
    case 'array':
      return arrayLayout(type, target);
    case 'struct':
    case 'union':
      return aggregateLayout(type, target);
  }
}

function intLayout(type: IntType): Layout {
  const { size, signed } = type;
  const decode: Layout['decode'] =
    size === 1
      ? signed
        ? (b, o) => b.readInt8(o)
        : (b, o) => b[o]
      : size === 2
        ? (b, o) => b.readUInt16LE(o)
        : size === 4
          ? signed
            ? (b, o) => b.readInt32LE(o)
            : (b, o) => b.readUInt32LE(o)
          : (b, o) => b.readBigUInt64LE(o);
  const encode: Layout['encode'] = (v, b, o) => {
    if (v === undefined) return;
    const n = BigInt.asUintN(size * 8, typeof v === 'bigint' ? v : BigInt(Number(v)));
    if (size === 8) b.writeBigUInt64LE(n, o);
    else b.writeUIntLE(Number(n), o, size);
  };
  return { type, size, align: size, decode, encode };
}

function charLayout(type: CharType): Layout {
  const { length } = type;
  return {
    type,
    size: length,
    align: 1,
    // A C string: up to the first NUL, never past the array. latin1 keeps every byte as one char,
    // so printing it back (as latin1) reproduces what printf("%s") wrote.
    decode: (b, o) => {
      // search only inside the array: a name without its NUL must not scan the rest of a 3 MB frame
      const end = b.subarray(o, o + length).indexOf(0);
      return b.toString('latin1', o, end === -1 ? o + length : o + end);
    },
    encode: (v, b, o) => {
      if (v === undefined) return;
      b.write(String(v).slice(0, length), o, length, 'latin1');
    },
  };
}

function arrayLayout(type: ArrayType, target: Target): Layout {
  const element = compile(type.of, target);
  const { length } = type;
  const stride = element.size;
  return {
    type,
    size: stride * length,
    align: element.align,
    element,
    decode: (b, o, dv) => decodeArray(element, b, o, length, dv),
    encode: (v, b, o) => {
      if (!Array.isArray(v)) return;
      const n = Math.min(v.length, length);
      for (let i = 0; i < n; i++) element.encode(v[i], b, o + i * stride);
    },
  };
}

/** Decodes the first `count` elements of an array whose elements have layout `element`. */
export function decodeArray(
  element: Layout,
  buf: Buffer,
  offset: number,
  count: number,
  view?: DataView,
): CValue[] {
  const out = new Array<CValue>(count);
  const dv = view ?? new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let i = 0; i < count; i++) out[i] = element.decode(buf, offset + i * element.size, dv);
  return out;
}

function aggregateLayout(type: StructType | UnionType, target: Target): Layout {
  const members = new Map<string, { offset: number; layout: Layout }>();
  let size = 0;
  let align = 1;
  for (const [name, fieldType] of type.fields) {
    const layout = compile(fieldType, target);
    const offset = type.kind === 'struct' ? alignUp(size, layout.align) : 0;
    members.set(name, { offset, layout });
    size = Math.max(size, offset + layout.size);
    align = Math.max(align, layout.align);
  }
  if (type.kind === 'struct' && type.cacheAligned) align = Math.max(align, target.cacheLine);
  size = alignUp(size, align);
  const entries = [...members.entries()];
  return {
    type,
    size,
    align,
    members,
    decode: generateDecoder(members),
    encode: (v, b, o) => {
      if (v === undefined || typeof v !== 'object' || Array.isArray(v)) return;
      for (const [name, m] of entries) if (name in v) m.layout.encode(v[name], b, o + m.offset);
    },
  };
}

/**
 * Builds the decoder of a struct/union as one generated function: every member's read becomes a
 * direct `buf.readUInt32LE(o + <offset>)` in an object literal. A 22,000-entry connection list
 * decodes several times faster this way than by walking the member table for every element.
 * Only layout data computed above goes into the source (offsets, JSON-quoted member names).
 */
function generateDecoder(members: ReadonlyMap<string, { offset: number; layout: Layout }>): Layout['decode'] {
  const helpers: Layout['decode'][] = [];
  const expr = (layout: Layout, off: number): string => {
    const t = layout.type;
    if (t.kind === 'int') {
      const at = `o + ${off}`;
      if (t.size === 1) return t.signed ? `d.getInt8(${at})` : `b[${at}]`;
      if (t.size === 2) return `d.getUint16(${at}, true)`;
      if (t.size === 4) return t.signed ? `d.getInt32(${at}, true)` : `d.getUint32(${at}, true)`;
      return `d.getBigUint64(${at}, true)`;
    }
    if (t.kind === 'array' && layout.element!.type.kind === 'int' && t.length <= 64) {
      const stride = layout.element!.size;
      return `[${Array.from({ length: t.length }, (_, i) => expr(layout.element!, off + i * stride)).join(', ')}]`;
    }
    if (t.kind === 'union') {
      // A union nested in a struct (gz_addr_t's u_addr) decodes lazily: its members overlap and a
      // reader wants one of them (ip4 or ip6), so each member is decoded when it is read.
      helpers.push(structView(layout) as unknown as Layout['decode']);
      return `new h[${helpers.length - 1}](b, o + ${off}, d)`;
    }
    if (t.kind === 'struct') {
      const parts = [...layout.members!].map(
        ([name, m]) => `${JSON.stringify(name)}: ${expr(m.layout, off + m.offset)}`,
      );
      return `{ ${parts.join(', ')} }`;
    }
    helpers.push(layout.decode); // char[] and large arrays keep their own loop
    return `h[${helpers.length - 1}](b, o + ${off}, d)`;
  };
  const body = `{ ${[...members].map(([name, m]) => `${JSON.stringify(name)}: ${expr(m.layout, m.offset)}`).join(', ')} }`;
  // `d` is a DataView over the same bytes (the caller passes one for a whole array: no per-element view).
  const make = new Function(
    'h',
    `return (b, o, d = new DataView(b.buffer, b.byteOffset, b.byteLength)) => (${body});`,
  ) as (h: Layout['decode'][]) => Layout['decode'];
  return make(helpers);
}

const BUF = Symbol('buf');
const OFF = Symbol('offset');
const DV = Symbol('view');

const views = new WeakMap<Layout, new (b: Buffer, o: number, d: DataView) => object>();

/**
 * A struct (or union) read in place: every member is a getter that decodes on access. For the 22,000-entry
 * connection list most consumers read a few members of each row (the TUI and the exporter count
 * states), so rows are not materialised up front. Own keys are symbols only; toJSON() (and so
 * JSON.stringify) gives the fully decoded struct.
 */
export function structView(layout: Layout): new (b: Buffer, o: number, d: DataView) => object {
  let View = views.get(layout);
  if (View) return View;
  class StructView {
    [BUF]: Buffer;
    [OFF]: number;
    [DV]: DataView;
    constructor(b: Buffer, o: number, d: DataView) {
      this[BUF] = b;
      this[OFF] = o;
      this[DV] = d;
    }
    toJSON(): CValue {
      return layout.decode(this[BUF], this[OFF], this[DV]);
    }
  }
  for (const [name, m] of layout.members!) {
    Object.defineProperty(StructView.prototype, name, {
      enumerable: true,
      get: intGetter(m.layout.type, m.offset) ?? memberGetter(m),
    });
  }
  View = StructView;
  views.set(layout, View);
  return View;
}

interface ViewSlots {
  [BUF]: Buffer;
  [OFF]: number;
  [DV]: DataView;
}

function memberGetter(m: { offset: number; layout: Layout }): (this: ViewSlots) => CValue {
  return function (this: ViewSlots) {
    return m.layout.decode(this[BUF], this[OFF] + m.offset, this[DV]);
  };
}

/**
 * Integer members read the DataView directly at a constant offset: a connection table reads ~20
 * of them per row, and going through the member's decode() closure cost more than the read itself.
 */
function intGetter(t: CType, off: number): ((this: ViewSlots) => CValue) | null {
  if (t.kind !== 'int' || t.size === 8) return null;
  if (t.size === 1)
    return t.signed
      ? function () {
          return this[DV].getInt8(this[OFF] + off);
        }
      : function () {
          return this[DV].getUint8(this[OFF] + off);
        };
  if (t.size === 2)
    return function () {
      return this[DV].getUint16(this[OFF] + off, true);
    };
  return t.signed
    ? function () {
        return this[DV].getInt32(this[OFF] + off, true);
      }
    : function () {
        return this[DV].getUint32(this[OFF] + off, true);
      };
}

/** The first `count` elements of a struct array as in-place views (see structView). */
export function viewArray(element: Layout, buf: Buffer, offset: number, count: number): object[] {
  const View = structView(element);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Array<object>(count);
  for (let i = 0; i < count; i++) out[i] = new View(buf, offset + i * element.size, dv);
  return out;
}

/** Resolves a C member path ("data.conn.conn_list", "port_list[3].rx") to its offset and layout. */
export function locate(layout: Layout, path: string): { offset: number; layout: Layout } {
  let offset = 0;
  let cur = layout;
  for (const part of path.split('.')) {
    const m = /^(\w+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`bad member path ${path}`);
    const member = cur.members?.get(m[1]);
    if (!member) throw new Error(`no member ${m[1]} in ${path}`);
    offset += member.offset;
    cur = member.layout;
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) {
      if (!cur.element) throw new Error(`${m[1]} is not an array in ${path}`);
      offset += Number(idx[1]) * cur.element.size;
      cur = cur.element;
    }
  }
  return { offset, layout: cur };
}

/** Decodes every member of a struct except the named ones (used to skip a large union). */
export function decodeExcept(
  layout: Layout,
  buf: Buffer,
  offset: number,
  skip: ReadonlySet<string>,
): CRecord {
  const rec: CRecord = {};
  for (const [name, m] of layout.members ?? []) {
    if (!skip.has(name)) rec[name] = m.layout.decode(buf, offset + m.offset);
  }
  return rec;
}
