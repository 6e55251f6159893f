/**
 * printf straight into bytes, for the one reply that is big: `lstack show -c` prints ~300 bytes
 * for each of up to tens of thousands of connections per stack. Built as JS strings, that text cost
 * more in concatenation, garbage collection and latin1 conversion than decoding the reply; written
 * here, integers go digit by digit into one buffer, handed out every 256 KiB and filled again once
 * the receiver says it is written out (a fresh buffer per piece cost a page fault per 4 KiB).
 *
 * Same conversions and same bytes as sprintf (printf.ts): the common cases (ints that fit a JS
 * number, plain %s) are written directly, everything else is formatted by sprintf's code.
 */
import { checkArgCount, convert, parse, takesArg, type CArg, type Spec } from './printf.js';

const CHUNK = 1 << 18;
const SPACE = 0x20;
const ZERO = 0x30;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** The eight groups of the IPv6 address being written. */
const GROUPS = new Uint16Array(8);
/** %u */
const PLAIN_U = parse('%u')[0];

/** What a conversion needs at run time, worked out once per format. */
const enum Kind {
  /** d i u x without precision or #/+/space flags, given a number */
  Int,
  /** %s without precision, given a string */
  Str,
  /** no argument: %% or the literal after the last conversion */
  None,
  /** anything else: formatted by sprintf's code */
  Slow,
}

interface Op {
  literal: string;
  spec: Spec;
  kind: Kind;
  signed: boolean;
  base: number;
}

const compiled = new Map<string, Op[]>();

function compile(format: string): Op[] {
  let ops = compiled.get(format);
  if (ops) return ops;
  ops = parse(format).map((spec) => {
    const plain = spec.precision === null && !spec.alt && !spec.plus && !spec.space;
    const c = spec.conv;
    const kind = !takesArg(spec)
      ? Kind.None
      : plain && (c === 'd' || c === 'i' || c === 'u' || c === 'x')
        ? Kind.Int
        : plain && c === 's'
          ? Kind.Str
          : Kind.Slow;
    return { literal: spec.literal, spec, kind, signed: c === 'd' || c === 'i', base: c === 'x' ? 16 : 10 };
  });
  compiled.set(format, ops);
  return ops;
}

/** Decimal digits of an integer 0 .. 2^32 - 1, in at most four compares. */
function decimalDigits(v: number): number {
  return v < 10000
    ? v < 100
      ? v < 10
        ? 1
        : 2
      : v < 1000
        ? 3
        : 4
    : v < 1000000
      ? v < 100000
        ? 5
        : 6
      : v < 100000000
        ? v < 10000000
          ? 7
          : 8
        : v < 1000000000
          ? 9
          : 10;
}

/** Digits of a non-negative integer that fits a double exactly. */
function digitCount(v: number, base: number): number {
  let n = 1;
  for (let p = base; v >= p && n < 64; p *= base) n++;
  return n;
}

/** The value a 32/16/8-bit or small 64-bit conversion prints, or null for sprintf's slow path. */
function narrow(op: Op, arg: number): number | null {
  switch (op.spec.bits) {
    case 32:
      return op.signed ? arg | 0 : arg >>> 0;
    case 16:
      return op.signed ? (arg << 16) >> 16 : arg & 0xffff;
    case 8:
      return op.signed ? (arg << 24) >> 24 : arg & 0xff;
    default:
      return Number.isInteger(arg) && arg >= 0 && arg <= Number.MAX_SAFE_INTEGER ? arg : null;
  }
}

/** A conversion of an IntFormat, with the literal before it. */
interface IntOp {
  literal: Buffer;
  spec: Spec;
  width: number;
  signed: boolean;
  hex: boolean;
}

/**
 * A printf format of 32-bit d/i/u/x conversions only, left-justified or unpadded, and literals:
 * the number columns of a connection row, ~90% of its bytes. ints() writes one with a single
 * reserve and no parse, lookup or dispatch per conversion; any other format goes to printv.
 */
export interface IntFormat {
  readonly format: string;
  /** null: a format ints() hands to printv */
  readonly ops: readonly IntOp[] | null;
  readonly tail: Buffer;
  /** The most bytes one line of it can take (a negative %d is 11). */
  readonly maxBytes: number;
}

export function intFormat(format: string): IntFormat {
  const specs = parse(format);
  const convs = specs.slice(0, -1);
  const tail = Buffer.from(specs[specs.length - 1].literal, 'latin1');
  const plain = convs.every(
    (s) =>
      (s.conv === 'd' || s.conv === 'i' || s.conv === 'u' || s.conv === 'x') &&
      s.bits === 32 &&
      s.precision === null &&
      !s.alt &&
      !s.plus &&
      !s.space &&
      !s.zero &&
      (s.left || s.width === 0),
  );
  const ops = convs.map((spec) => ({
    literal: Buffer.from(spec.literal, 'latin1'),
    spec,
    width: spec.width,
    signed: spec.conv === 'd' || spec.conv === 'i',
    hex: spec.conv === 'x',
  }));
  const maxBytes = ops.reduce((n, op) => n + op.literal.length + Math.max(op.width, 11), tail.length);
  return { format, ops: plain ? ops : null, tail, maxBytes };
}

/**
 * Output buffers start as all spaces and are only ever written forward, so every byte past `pos`
 * is a space: the padding of a column (most of a connection row) is skipped over, not written.
 */
const blank = (n: number): Buffer => Buffer.allocUnsafe(n).fill(SPACE);

export class ByteOut {
  private buf = blank(CHUNK);
  private pos = 0;

  /**
   * `emit` receives each full buffer: it returns true when done with it (the buffer is filled
   * again), else it keeps it (a fresh one is used afterwards).
   */
  constructor(private readonly emit: (chunk: Buffer) => boolean | void) {}

  /** Latin1 text (one char = one byte, as C strings are printed). */
  text(s: string): void {
    const n = s.length;
    this.reserve(n);
    if (n < 32) {
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      this.pos += this.buf.write(s, this.pos, 'latin1');
    }
  }

  /** C printf of `format` (see sprintf). */
  printf(format: string, ...args: CArg[]): void {
    this.printv(format, args);
  }

  /** printf with the arguments in an array (one the caller may reuse for every row). */
  printv(format: string, args: readonly CArg[]): void {
    const ops = compile(format);
    let next = 0;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      if (op.literal) this.text(op.literal);
      if (op.kind === Kind.None) {
        if (op.spec.conv !== '') this.text(convert(op.spec, undefined, format));
        continue;
      }
      const arg = args[next++];
      if (op.kind === Kind.Int && typeof arg === 'number') {
        const v = narrow(op, arg);
        if (v !== null) {
          this.integer(op.spec, v, op.base);
          continue;
        }
      } else if (op.kind === Kind.Str && typeof arg === 'string') {
        this.padded(op.spec, arg);
        continue;
      }
      this.text(convert(op.spec, arg, format));
    }
    checkArgCount(format, args.length, next);
  }

  /** printv of an IntFormat (the same bytes), `args` one number per conversion. */
  ints(f: IntFormat, args: readonly CArg[]): void {
    const ops = f.ops;
    if (ops === null || args.length !== ops.length) {
      this.printv(f.format, args);
      return;
    }
    this.reserve(f.maxBytes);
    let b = this.buf;
    let p = this.pos;
    for (let k = 0; k < ops.length; k++) {
      const op = ops[k];
      const lit = op.literal;
      for (let j = 0; j < lit.length; j++) b[p++] = lit[j];
      const a = args[k];
      if (typeof a !== 'number') {
        // a bigint or a string: printf's own conversion, then room for the rest again
        this.pos = p;
        this.text(convert(op.spec, a, f.format));
        this.reserve(f.maxBytes);
        b = this.buf;
        p = this.pos;
        continue;
      }
      let v = op.signed ? a | 0 : a >>> 0;
      let len = 0;
      if (v < 0) {
        b[p++] = MINUS;
        len = 1;
        v = -v;
      }
      let digits: number;
      if (op.hex) {
        digits = 1;
        for (let t = v >>> 4; t !== 0; t >>>= 4) digits++;
        for (let i = p + digits - 1; i >= p; i--) {
          b[i] = HEX[v & 0xf];
          v >>>= 4;
        }
      } else {
        digits = decimalDigits(v);
        // v <= 2^32 - 1: v / 10 truncated still fits int32
        for (let i = p + digits - 1; i >= p; i--) {
          const q = (v / 10) | 0;
          b[i] = ZERO + v - q * 10;
          v = q;
        }
      }
      p += digits;
      len += digits;
      // left-justified: the padding is already spaces (see blank())
      if (op.width > len) p += op.width - len;
    }
    const tail = f.tail;
    for (let j = 0; j < tail.length; j++) b[p++] = tail[j];
    this.pos = p;
  }

  /**
   * `%-{width}s` of "addr:port" (the port as %hu) without building that string: two per row of a
   * connection table.
   */
  endpoint(addr: string, port: number, width: number): void {
    this.reserve(Math.max(width, addr.length + 6));
    const start = this.pos;
    this.text(addr);
    this.port(start, port, width);
  }

  /** endpoint() of an IPv4 address given as inet_ntop's input (a u32 of network-order bytes). */
  ip4Endpoint(addr: number, port: number, width: number): void {
    this.reserve(Math.max(width, 21));
    const start = this.pos;
    for (let k = 0; k < 32; k += 8) {
      if (k) this.buf[this.pos++] = DOT;
      this.integer(PLAIN_U, (addr >>> k) & 0xff, 10);
    }
    this.port(start, port, width);
  }

  /**
   * endpoint() of an IPv6 address given as inet_ntop's input (four u32 read little-endian from the
   * network-order bytes), written as inet.ts's ntop6 prints it: that function's arrays and string
   * per address were half the CPU of a table with one IPv6 row in seven.
   */
  ip6Endpoint(w0: number, w1: number, w2: number, w3: number, port: number, width: number): void {
    const g = GROUPS;
    g[0] = ((w0 & 0xff) << 8) | ((w0 >>> 8) & 0xff);
    g[1] = (((w0 >>> 16) & 0xff) << 8) | (w0 >>> 24);
    g[2] = ((w1 & 0xff) << 8) | ((w1 >>> 8) & 0xff);
    g[3] = (((w1 >>> 16) & 0xff) << 8) | (w1 >>> 24);
    g[4] = ((w2 & 0xff) << 8) | ((w2 >>> 8) & 0xff);
    g[5] = (((w2 >>> 16) & 0xff) << 8) | (w2 >>> 24);
    g[6] = ((w3 & 0xff) << 8) | ((w3 >>> 8) & 0xff);
    g[7] = (((w3 >>> 16) & 0xff) << 8) | (w3 >>> 24);
    // the first longest run of two or more zero groups becomes "::"
    let best = -1;
    let bestLen = 0;
    for (let i = 0; i < 8;) {
      if (g[i] !== 0) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < 8 && g[j] === 0) j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) best = -1;
    this.reserve(Math.max(width, 46 + 6));
    const start = this.pos;
    const b = this.buf;
    for (let i = 0; i < 8; i++) {
      if (best !== -1 && i >= best && i < best + bestLen) {
        if (i === best) b[this.pos++] = COLON;
        continue;
      }
      if (i !== 0) b[this.pos++] = COLON;
      // glibc's embedded-IPv4 forms (compatible and mapped addresses)
      if (i === 6 && best === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff))) {
        this.integer(PLAIN_U, g[6] >>> 8, 10);
        b[this.pos++] = DOT;
        this.integer(PLAIN_U, g[6] & 0xff, 10);
        b[this.pos++] = DOT;
        this.integer(PLAIN_U, g[7] >>> 8, 10);
        b[this.pos++] = DOT;
        this.integer(PLAIN_U, g[7] & 0xff, 10);
        break;
      }
      const v = g[i];
      let p = this.pos;
      if (v >= 0x1000) b[p++] = HEX[v >>> 12];
      if (v >= 0x100) b[p++] = HEX[(v >>> 8) & 0xf];
      if (v >= 0x10) b[p++] = HEX[(v >>> 4) & 0xf];
      b[p++] = HEX[v & 0xf];
      this.pos = p;
    }
    if (best !== -1 && best + bestLen === 8) b[this.pos++] = COLON;
    this.port(start, port, width);
  }

  /** ":port" and the padding of an endpoint begun at `start`. */
  private port(start: number, port: number, width: number): void {
    this.buf[this.pos++] = COLON;
    this.integer(PLAIN_U, port & 0xffff, 10);
    const used = this.pos - start;
    if (used < width) this.pos += width - used;
  }

  /** Hands over what was written so far. */
  flush(): void {
    if (this.pos === 0) return;
    if (this.emit(this.buf.subarray(0, this.pos)) === true) this.buf.fill(SPACE, 0, this.pos);
    else this.buf = blank(CHUNK);
    this.pos = 0;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = blank(n);
  }

  private padded(spec: Spec, s: string): void {
    const fill = spec.width > s.length ? spec.width - s.length : 0;
    if (fill && !spec.left) this.skip(fill);
    this.text(s);
    if (fill && spec.left) this.skip(fill);
  }

  /** `n` spaces: they are already there (see blank()). */
  private skip(n: number): void {
    this.reserve(n);
    this.pos += n;
  }

  /** `%-{width}u` of a non-negative int32: one reserve, no count loop. */
  private leftDecimal(v: number, width: number): void {
    const digits = decimalDigits(v);
    this.reserve(width > digits ? width : digits);
    const b = this.buf;
    const p = this.pos;
    for (let i = p + digits - 1; i >= p; i--) {
      const q = (v / 10) | 0;
      b[i] = ZERO + v - q * 10;
      v = q;
    }
    this.pos = p + (width > digits ? width : digits);
  }

  /** `n` zeros; a loop, since Buffer.fill's call costs more than the short runs here. */
  private zeros(n: number): void {
    this.reserve(n);
    const b = this.buf;
    let p = this.pos;
    for (const end = p + n; p < end; p++) b[p] = ZERO;
    this.pos = p;
  }

  private integer(spec: Spec, v: number, base: number): void {
    if (base === 10 && v >= 0 && v <= 0x7fffffff && (spec.left || spec.width === 0)) {
      this.leftDecimal(v, spec.width);
      return;
    }
    const negative = v < 0;
    let m = negative ? -v : v;
    const digits = digitCount(m, base);
    const len = digits + (negative ? 1 : 0);
    const fill = spec.width > len ? spec.width - len : 0;
    if (fill && !spec.left && !spec.zero) this.skip(fill);
    this.reserve(len);
    if (negative) this.buf[this.pos++] = MINUS;
    if (fill && !spec.left && spec.zero) this.zeros(fill);
    this.reserve(digits);
    const b = this.buf;
    const p = this.pos;
    let i = p + digits - 1;
    if (base === 10) {
      // int32 arithmetic while the value fits it (almost every field here), doubles above
      for (; m > 0x7fffffff; i--) {
        const d = m % 10;
        b[i] = ZERO + d;
        m = (m - d) / 10;
      }
      for (; i >= p; i--) {
        const q = (m / 10) | 0;
        b[i] = ZERO + m - q * 10;
        m = q;
      }
    } else {
      for (; i >= p; i--) {
        const d = m % base;
        b[i] = HEX[d];
        m = (m - d) / base;
      }
    }
    this.pos = p + digits;
    if (fill && spec.left) this.skip(fill);
  }
}

/** The bytes a ByteOut writer produces, as one latin1 string (for callers that want text). */
export function byteText(write: (out: ByteOut) => void): string {
  const parts: Buffer[] = [];
  const out = new ByteOut((b) => void parts.push(b));
  write(out);
  out.flush();
  return Buffer.concat(parts).toString('latin1');
}
