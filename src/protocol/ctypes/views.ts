/**
 * Structs read in place: objects whose members are getters over the frame's bytes, for big arrays of
 * which a reader looks at a few members per row.
 */
import type { Layout } from './compile.js';
import type { CType, CValue } from './model.js';

const BUF = Symbol('buf');
const OFF = Symbol('offset');
const DV = Symbol('view');

const views = new WeakMap<Layout, new (b: Buffer, o: number, d: DataView) => object>();
const layouts = new WeakMap<object, Layout>();

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
    // `declare`: assigned in the constructor only; emitted class fields would define each slot
    // first, which made creating 88,000 rows (4 x 22,000 connections) about twice as slow
    declare [BUF]: Buffer;
    declare [OFF]: number;
    declare [DV]: DataView;
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
  layouts.set(View, layout);
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

/**
 * The bytes a view reads: for a reader that goes straight to them (the connection table's text,
 * 88,000 rows). null for anything else.
 */
export function viewBytes(v: object): { layout: Layout; buf: Buffer; offset: number; dv: DataView } | null {
  const s = v as Partial<ViewSlots>;
  const layout = layouts.get(v.constructor);
  return layout && s[BUF] && s[DV] ? { layout, buf: s[BUF], offset: s[OFF]!, dv: s[DV] } : null;
}

/** The first `count` elements of a struct array as in-place views (see structView). */
export function viewArray(element: Layout, buf: Buffer, offset: number, count: number): object[] {
  const View = structView(element);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Array<object>(count);
  for (let i = 0; i < count; i++) out[i] = new View(buf, offset + i * element.size, dv);
  return out;
}
