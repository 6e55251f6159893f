/**
 * Declarations to layouts for one target: every offset and size is computed here (never written by
 * hand), and a Layout carries the decoder and encoder built from the same description, so both
 * directions cannot drift apart.
 */
import { generateDecoder } from './codegen.js';
import type { ArrayType, CharType, CType, CValue, IntType, StructType, Target, UnionType } from './model.js';

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
  // Generated on first use: a command decodes a few of the dozens of structs a profile declares,
  // and generating (and compiling) a decoder costs more than most single decodes. The stub then
  // replaces itself, so readers of `layout.decode` call the generated function directly.
  const layout: { -readonly [K in keyof Layout]: Layout[K] } = {
    type,
    size,
    align,
    members,
    decode: (b, o, d) => (layout.decode = generateDecoder(members))(b, o, d),
    encode: (v, b, o) => {
      if (v === undefined || typeof v !== 'object' || Array.isArray(v)) return;
      for (const [name, m] of entries) if (name in v) m.layout.encode(v[name], b, o + m.offset);
    },
  };
  return layout;
}
