/**
 * Zigzag varints (LEB128). Plain numbers are exact up to 2^53 unsigned, +-2^52 zigzag; the bigint forms (bigUint, bigInt,
 * exactUint, exactInt) carry any u64 and its deltas exactly, in the same bytes as a number would
 * below 2^53, so a reader of numbers reads them alike there.
 */

/** A growable byte buffer for one record. */
export class ByteSink {
  buf = Buffer.allocUnsafe(4096);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Unsigned varint (LEB128) of a non-negative integer < 2^53. */
  uint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  /** Zigzag varint of a signed integer. */
  int(v: number): void {
    this.uint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** Unsigned varint of a non-negative bigint of any size. */
  bigUint(v: bigint): void {
    if (v < 0n) throw new RangeError('bigUint of a negative value');
    if (v <= BigInt(Number.MAX_SAFE_INTEGER)) return this.uint(Number(v));
    for (; v >= 0x80n; v >>= 7n) {
      this.room(1);
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
    }
    this.room(1);
    this.buf[this.len++] = Number(v);
  }

  /** Zigzag varint of a signed bigint (a u64 delta needs 65 bits: 10 bytes). */
  bigInt(v: bigint): void {
    this.bigUint(v >= 0n ? v * 2n : -v * 2n - 1n);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

export class ByteSource {
  pos: number;
  constructor(
    public buf: Uint8Array,
    start = 0,
    public end = buf.length,
  ) {
    this.pos = start;
  }

  uint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new RangeError('varint runs past the record');
      const b = this.buf[this.pos++];
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
      if (mul > 2 ** 63) throw new RangeError('varint too long');
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /** An unsigned varint exactly: a number up to 2^53, a bigint beyond (at most 10 bytes). */
  exactUint(): number | bigint {
    const start = this.pos;
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new RangeError('varint runs past the record');
      const b = this.buf[this.pos++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7n;
      if (this.pos - start >= 10) throw new RangeError('varint too long');
    }
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  /** A zigzag varint exactly: a number within +-2^53, a bigint beyond. */
  exactInt(): number | bigint {
    const z = BigInt(this.exactUint());
    const v = z & 1n ? -(z + 1n) / 2n : z / 2n;
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new RangeError('field runs past the record');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
