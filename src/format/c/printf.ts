/**
 * The subset of glibc printf that gazellectl's output uses, reproduced byte for byte.
 *
 * Why not an npm printf: the candidates (sprintf-js, fast-printf, printj) work on JS numbers, so
 * 64-bit counters above 2^53 lose digits, length modifiers (`%hu`, `%lu`) do not narrow the value
 * the way C's argument conversion does, and `%f` goes through toFixed(), which rounds exact ties
 * away from zero where glibc rounds them to even (1.125 -> "1.12"). Those are exactly the cases the
 * fixtures pin down, so this helper is small and exact instead.
 *
 * Integer conversions take the argument as the C value and reinterpret it in the conversion's
 * width: none = 32 bits (int/unsigned), `h` = 16, `hh` = 8, `l`/`ll`/`z`/`j` = 64 (LP64). So
 * `%d` of a u32 above 2^31 prints negative and `%hu` of a u32 prints it modulo 65536, as in C.
 * Strings are latin1 (one char = one byte), so widths count bytes like C does.
 */
export type CArg = number | bigint | string;

export interface Spec {
  literal: string;
  conv: string;
  left: boolean;
  zero: boolean;
  plus: boolean;
  space: boolean;
  alt: boolean;
  width: number;
  precision: number | null;
  bits: number;
}

const SPEC = /%([-0+ #]*)(\d+)?(?:\.(\d*))?(hh|h|ll|l|z|j|L)?([diuxXscf%])/g;
const LENGTH_BITS: Record<string, number> = { '': 32, hh: 8, h: 16, l: 64, ll: 64, z: 64, j: 64, L: 64 };

const parsed = new Map<string, Spec[]>();

/** A format split into (literal text, conversion) pairs; cached, since rows reuse formats. */
export function parse(format: string): Spec[] {
  let specs = parsed.get(format);
  if (specs) return specs;
  specs = [];
  let last = 0;
  for (const m of format.matchAll(SPEC)) {
    const [, flags, width, precision, length, conv] = m;
    specs.push({
      literal: format.slice(last, m.index),
      conv,
      left: flags.includes('-'),
      zero: flags.includes('0'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      alt: flags.includes('#'),
      width: width === undefined ? 0 : Number(width),
      precision: precision === undefined ? null : Number(precision || '0'),
      bits: LENGTH_BITS[length ?? ''],
    });
    last = m.index + m[0].length;
  }
  specs.push({
    literal: format.slice(last),
    conv: '',
    left: false,
    zero: false,
    plus: false,
    space: false,
    alt: false,
    width: 0,
    precision: null,
    bits: 32,
  });
  parsed.set(format, specs);
  return specs;
}

function toBigInt(arg: CArg | undefined, format: string): bigint {
  if (typeof arg === 'bigint') return arg;
  if (typeof arg === 'number' && Number.isInteger(arg)) return BigInt(arg);
  throw new TypeError(`printf '${format}': integer conversion given ${String(arg)}`);
}

// Widths in gazellectl's formats are small; slicing a constant avoids a repeat() per field.
const SPACES = ' '.repeat(256);
const spaces = (n: number): string => (n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n));

/** Pads `body` (digits or text) to the field width; zero padding goes between sign and digits. */
function pad(spec: Spec, sign: string, body: string, zeroAllowed: boolean): string {
  const len = sign.length + body.length;
  if (len >= spec.width) return sign + body;
  const fill = spec.width - len;
  if (spec.left) return sign + body + spaces(fill);
  if (spec.zero && zeroAllowed) return sign + '0'.repeat(fill) + body;
  return spaces(fill) + sign + body;
}

/** Narrowing a JS number to the conversion's width without BigInt (the common, hot case). */
function fastDigits(spec: Spec, arg: number): { negative: boolean; digits: string } | null {
  if (!Number.isInteger(arg)) return null;
  const signed = spec.conv === 'd' || spec.conv === 'i';
  let v: number;
  if (spec.bits === 32) v = signed ? arg | 0 : arg >>> 0;
  else if (spec.bits === 16) v = signed ? (arg << 16) >> 16 : arg & 0xffff;
  else if (spec.bits === 8) v = signed ? (arg << 24) >> 24 : arg & 0xff;
  else if (arg >= 0 && arg <= Number.MAX_SAFE_INTEGER) v = arg;
  else return null;
  const magnitude = Math.abs(v);
  const digits =
    spec.conv === 'x'
      ? magnitude.toString(16)
      : spec.conv === 'X'
        ? magnitude.toString(16).toUpperCase()
        : String(magnitude);
  return { negative: v < 0, digits };
}

function formatInteger(spec: Spec, arg: CArg | undefined, format: string): string {
  if (spec.precision === null && !spec.alt && !spec.plus && !spec.space) {
    const fast =
      typeof arg === 'number'
        ? fastDigits(spec, arg)
        : typeof arg === 'bigint' && spec.bits === 64 && arg >= 0n && arg < 1n << 64n && spec.conv === 'u'
          ? { negative: false, digits: arg.toString() }
          : typeof arg === 'bigint' && spec.bits === 64 && arg >= 0n && arg < 1n << 63n
            ? {
                negative: false,
                digits:
                  spec.conv === 'x'
                    ? arg.toString(16)
                    : spec.conv === 'X'
                      ? arg.toString(16).toUpperCase()
                      : arg.toString(),
              }
            : null;
    if (fast) return pad(spec, fast.negative ? '-' : '', fast.digits, true);
  }
  const raw = toBigInt(arg, format);
  const signed = spec.conv === 'd' || spec.conv === 'i';
  const value = signed ? BigInt.asIntN(spec.bits, raw) : BigInt.asUintN(spec.bits, raw);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  let digits = spec.conv === 'x' || spec.conv === 'X' ? magnitude.toString(16) : magnitude.toString(10);
  if (spec.conv === 'X') digits = digits.toUpperCase();
  if (spec.precision !== null) {
    // C: precision 0 with value 0 prints no digits at all.
    digits = spec.precision === 0 && magnitude === 0n ? '' : digits.padStart(spec.precision, '0');
  }
  let sign = negative ? '-' : signed && spec.plus ? '+' : signed && spec.space ? ' ' : '';
  if (spec.alt && magnitude !== 0n && spec.conv !== 'd' && spec.conv !== 'i' && spec.conv !== 'u') {
    sign = spec.conv === 'X' ? '0X' : '0x';
  }
  return pad(spec, sign, digits, spec.precision === null);
}

/**
 * `%.Nf` of a double, exactly as glibc prints it: the decimal expansion of the binary value,
 * rounded to N places with ties to even (the default rounding mode).
 */
export function formatFixed(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (abs === Infinity) return negative ? '-inf' : 'inf';
  const { mantissa, exponent } = decompose(abs);
  const scale = 10n ** BigInt(precision);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const shift = BigInt(-exponent);
    const numerator = mantissa * scale;
    scaled = numerator >> shift;
    const remainder = numerator - (scaled << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  let digits = scaled.toString().padStart(precision + 1, '0');
  if (precision > 0) digits = `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
  return (negative ? '-' : '') + digits;
}

/** A finite non-negative double as mantissa * 2^exponent with an integer mantissa. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 }; // subnormal
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

function formatFloat(spec: Spec, arg: CArg | undefined, format: string): string {
  if (typeof arg !== 'number') throw new TypeError(`printf '${format}': %f given ${String(arg)}`);
  const text = formatFixed(arg, spec.precision ?? 6);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(spec, sign, body, Number.isFinite(arg));
}

function formatString(spec: Spec, arg: CArg | undefined, format: string): string {
  if (typeof arg !== 'string') throw new TypeError(`printf '${format}': %s given ${String(arg)}`);
  const text = spec.precision === null ? arg : arg.slice(0, spec.precision);
  return pad(spec, '', text, false);
}

/** The text of one conversion (not its literal prefix). */
export function convert(spec: Spec, arg: CArg | undefined, format: string): string {
  switch (spec.conv) {
    case '%':
      return '%';
    case 's':
      return formatString(spec, arg, format);
    case 'c':
      return pad(spec, '', String.fromCharCode(Number(toBigInt(arg, format) & 0xffn)), false);
    case 'f':
      return formatFloat(spec, arg, format);
    default:
      return formatInteger(spec, arg, format);
  }
}

/** How many arguments a spec consumes: `%%` and the trailing literal take none. */
export const takesArg = (spec: Spec): boolean => spec.conv !== '' && spec.conv !== '%';

export function checkArgCount(format: string, given: number, used: number): void {
  if (used !== given) throw new TypeError(`printf '${format}': ${given} arguments for ${used} conversions`);
}

/** C `sprintf(format, ...)` for the conversions d i u x X s c f % with flags, width, precision. */
export function sprintf(format: string, ...args: CArg[]): string {
  const specs = parse(format);
  let out = '';
  let next = 0;
  for (const spec of specs) {
    out += spec.literal;
    if (spec.conv === '') continue;
    out += convert(spec, takesArg(spec) ? args[next++] : undefined, format);
  }
  checkArgCount(format, args.length, next);
  return out;
}
