/**
 * C library number parsing as the C gazellectl uses it (glibc semantics), so that every ID and
 * [time] word is accepted or refused exactly as before: strtoul/strtol with a given base and
 * inet_aton's relaxed forms (10.1, 0x0a.1, 012.0.0.1, trailing whitespace).
 */

const isSpace = (c: string): boolean => c === ' ' || (c >= '\t' && c <= '\r');

interface Parsed {
  value: bigint;
  /** Index just past the digits (== start when nothing was parsed). */
  end: number;
  overflow: boolean;
}

/** strtoul/strtol core: leading space, optional sign, base 0/10/16 prefixes. */
function strtoCore(s: string, base: 0 | 10, limit: bigint): Parsed & { negative: boolean } {
  let i = 0;
  while (i < s.length && isSpace(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') negative = s[i++] === '-';
  let radix: number = base === 0 ? 10 : base;
  if (base === 0 && s[i] === '0') {
    if ((s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
      radix = 16;
      i += 2;
    } else radix = 8;
  }
  const digits = radix === 16 ? /[0-9a-fA-F]/ : radix === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  let value = 0n;
  let overflow = false;
  while (i < s.length && digits.test(s[i])) {
    value = value * BigInt(radix) + BigInt(parseInt(s[i], 16));
    if (value > limit) overflow = true;
    i++;
  }
  if (i === start) return { value: 0n, end: 0, overflow: false, negative: false };
  return { value, end: i, overflow, negative };
}

const ULONG_MAX = (1n << 64n) - 1n;

/** strtoul(s, &end, base): unsigned long (64-bit); a leading '-' negates modulo 2^64. */
export function strtoul(s: string, base: 0 | 10): { value: bigint; end: number } {
  const r = strtoCore(s, base, ULONG_MAX);
  if (r.overflow) return { value: ULONG_MAX, end: r.end };
  return { value: r.negative ? BigInt.asUintN(64, -r.value) : r.value, end: r.end };
}

const LONG_MAX = (1n << 63n) - 1n;

/** strtol(s, &end, 10): signed long, saturating at LONG_MIN/LONG_MAX. */
export function strtol(s: string): { value: bigint; end: number } {
  const r = strtoCore(s, 10, LONG_MAX + 1n);
  let v = r.negative ? -r.value : r.value;
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  return { value: v, end: r.end };
}

/** glibc inet_aton: returns the address as the 4 bytes in network order, or null. */
export function inetAton(s: string): [number, number, number, number] | null {
  const parts: number[] = [];
  let i = 0;
  let val = 0n;
  for (;;) {
    if (!/[0-9]/.test(s[i] ?? '')) return null;
    const r = strtoul(s.slice(i), 0);
    if (r.value > 0xffffffffn) return null;
    val = r.value;
    i += r.end;
    if (s[i] === '.') {
      if (parts.length > 2 || val > 0xffn) return null;
      parts.push(Number(val));
      i++;
    } else break;
  }
  if (!(i >= s.length || isSpace(s[i]))) return null;
  const max = [0xffffffffn, 0xffffffn, 0xffffn, 0xffn][parts.length];
  if (val > max) return null;
  let addr = val;
  parts.forEach((p, k) => (addr |= BigInt(p) << BigInt(24 - 8 * k)));
  const n = Number(addr);
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
