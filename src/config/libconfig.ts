/**
 * A reader for the libconfig syntax that Gazelle's lstack.conf and ltran.conf use (libconfig 1.7
 * grammar): settings `name = value` or `name: value` ended by an optional `;` or `,`; scalars
 * (booleans, integers in decimal/hex/binary/octal with an optional L/LL suffix, floats, strings with
 * C escapes, adjacent strings joined), arrays `[...]` of one scalar type, lists `(...)` of anything,
 * groups `{...}`; comments `#`, `//` and `/* ... *\/`. Pure: text in, tree out.
 *
 * No maintained npm package parses libconfig (the few that exist are unmaintained forks of one
 * 2019 grammar), and Gazelle needs only this small, stable grammar.
 */
import { UsageError } from '../errors.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export type ConfigScalar =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: bigint; readonly int64: boolean }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string };

export type ConfigValue = (
  | ConfigScalar
  | { readonly kind: 'array'; readonly value: readonly ConfigValue[] }
  | { readonly kind: 'list'; readonly value: readonly ConfigValue[] }
  | { readonly kind: 'group'; readonly value: ConfigGroup }
) &
  Position;

/** Settings of a group in file order; names are unique within a group. */
export type ConfigGroup = ReadonlyMap<string, ConfigValue>;

/** A syntax error: `file:line:column: what was expected`. */
export class ConfigSyntaxError extends UsageError {
  constructor(
    readonly file: string,
    readonly pos: Position,
    readonly what: string,
  ) {
    super(`${file}:${pos.line}:${pos.column}: ${what}`);
  }
}

type TokenKind = 'name' | 'string' | 'int' | 'float' | 'bool' | 'punct' | 'include' | 'end';

interface Token extends Position {
  readonly kind: TokenKind;
  readonly text: string;
}

const PUNCT = new Set(['=', ':', ';', ',', '[', ']', '(', ')', '{', '}']);
const NAME_START = /[A-Za-z*]/;
const NAME_CHAR = /[-A-Za-z0-9_*]/;
// Longest match first, as libconfig's flex scanner does.
const NUMBER_FORMS: readonly [TokenKind, RegExp][] = [
  ['int', /^0[Xx][0-9A-Fa-f]+(?:LL|L)?/],
  ['int', /^0[Bb][01]+(?:LL|L)?/],
  ['int', /^0[Oo][0-7]+(?:LL|L)?/],
  ['float', /^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/],
  ['float', /^[-+]?[0-9]+[eE][-+]?[0-9]+/],
  ['int', /^[-+]?[0-9]+(?:LL|L)?/],
];

class Lexer {
  private i = 0;
  private line = 1;
  private column = 1;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  private fail(pos: Position, what: string): never {
    throw new ConfigSyntaxError(this.file, pos, what);
  }

  private advance(n: number): void {
    for (let k = 0; k < n; k++) {
      if (this.text[this.i++] === '\n') {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
    }
  }

  private skipBlanksAndComments(): void {
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) return;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v') {
        this.advance(1);
      } else if (c === '#' || (c === '/' && this.text[this.i + 1] === '/')) {
        while (this.i < this.text.length && this.text[this.i] !== '\n') this.advance(1);
      } else if (c === '/' && this.text[this.i + 1] === '*') {
        const start = { line: this.line, column: this.column };
        const end = this.text.indexOf('*/', this.i + 2);
        if (end < 0) this.fail(start, 'unterminated comment: expected */');
        this.advance(end + 2 - this.i);
      } else {
        return;
      }
    }
  }

  next(): Token {
    this.skipBlanksAndComments();
    const pos = { line: this.line, column: this.column };
    const rest = this.text.slice(this.i, this.i + 256);
    const c = rest[0];
    if (c === undefined) return { kind: 'end', text: '', ...pos };
    if (PUNCT.has(c)) {
      this.advance(1);
      return { kind: 'punct', text: c, ...pos };
    }
    if (c === '"') return { kind: 'string', text: this.string(pos), ...pos };
    if (rest.startsWith('@include')) {
      this.advance('@include'.length);
      return { kind: 'include', text: '@include', ...pos };
    }
    for (const [kind, re] of NUMBER_FORMS) {
      const m = re.exec(this.text.slice(this.i, this.i + 512));
      if (
        m &&
        !NAME_CHAR.test(this.text[this.i + m[0].length] ?? '') &&
        this.text[this.i + m[0].length] !== '.'
      ) {
        this.advance(m[0].length);
        return { kind, text: m[0], ...pos };
      }
    }
    if (NAME_START.test(c)) {
      let n = 1;
      while (NAME_CHAR.test(this.text[this.i + n] ?? '')) n++;
      const word = this.text.slice(this.i, this.i + n);
      this.advance(n);
      return { kind: /^(true|false)$/i.test(word) ? 'bool' : 'name', text: word, ...pos };
    }
    if (/[-+.0-9]/.test(c)) {
      const word = /^[-+.\w]+/.exec(rest)![0];
      return this.fail(pos, `invalid number '${word}'`);
    }
    return this.fail(pos, `unexpected character ${JSON.stringify(c)}`);
  }

  /** A quoted string with libconfig's escapes (\\ \" \f \n \r \t \xHH). */
  private string(pos: Position): string {
    let out = '';
    this.advance(1);
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined || c === '\n') this.fail(pos, 'unterminated string: expected "');
      if (c === '"') {
        this.advance(1);
        return out;
      }
      if (c !== '\\') {
        out += c;
        this.advance(1);
        continue;
      }
      const e = this.text[this.i + 1];
      const simple: Record<string, string> = { '\\': '\\', '"': '"', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.advance(2);
      } else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(this.text.slice(this.i + 2, this.i + 4))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.i + 2, this.i + 4), 16));
        this.advance(4);
      } else {
        this.fail(
          { line: this.line, column: this.column },
          'invalid escape in string: expected \\\\, \\", \\f, \\n, \\r, \\t or \\xHH',
        );
      }
    }
  }
}

const describe = (t: Token): string =>
  t.kind === 'end' ? 'end of file' : t.kind === 'string' ? `string ${JSON.stringify(t.text)}` : `'${t.text}'`;

class Parser {
  private tok: Token;
  private readonly lexer: Lexer;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.lexer = new Lexer(text, file);
    this.tok = this.lexer.next();
  }

  private fail(t: Token, expected: string): never {
    throw new ConfigSyntaxError(this.file, t, `expected ${expected}, found ${describe(t)}`);
  }

  private take(): Token {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  private isPunct(p: string): boolean {
    return this.tok.kind === 'punct' && this.tok.text === p;
  }

  /** Settings until `close` (a '}' or the end of the file). */
  settings(close: '}' | null): Map<string, ConfigValue> {
    const group = new Map<string, ConfigValue>();
    for (;;) {
      if (close === null ? this.tok.kind === 'end' : this.isPunct(close)) return group;
      if (this.tok.kind === 'include') {
        throw new ConfigSyntaxError(this.file, this.tok, '@include is not supported: expected a setting');
      }
      if (this.tok.kind !== 'name' && this.tok.kind !== 'bool') {
        this.fail(this.tok, close === null ? 'a setting name' : "a setting name or '}'");
      }
      const name = this.take();
      if (!this.isPunct('=') && !this.isPunct(':')) this.fail(this.tok, `'=' or ':' after '${name.text}'`);
      this.take();
      const value = this.value();
      if (group.has(name.text)) {
        throw new ConfigSyntaxError(this.file, name, `duplicate setting '${name.text}'`);
      }
      group.set(name.text, value);
      if (this.isPunct(';') || this.isPunct(',')) this.take();
    }
  }

  value(): ConfigValue {
    const t = this.tok;
    const pos = { line: t.line, column: t.column };
    if (t.kind === 'punct') {
      if (t.text === '{') {
        this.take();
        const group = this.settings('}');
        this.take();
        return { kind: 'group', value: group, ...pos };
      }
      if (t.text === '[' || t.text === '(') {
        this.take();
        const close = t.text === '[' ? ']' : ')';
        const items = this.items(close, t.text === '[');
        return { kind: t.text === '[' ? 'array' : 'list', value: items, ...pos };
      }
    }
    return { ...this.scalar(), ...pos };
  }

  /** Elements of an array or list up to `close`; a trailing ',' is allowed. */
  private items(close: ']' | ')', scalarsOnly: boolean): ConfigValue[] {
    const out: ConfigValue[] = [];
    for (;;) {
      if (this.isPunct(close)) {
        this.take();
        return out;
      }
      const first = out[0];
      const at = this.tok;
      const v = scalarsOnly ? { ...this.scalar(), line: at.line, column: at.column } : this.value();
      if (scalarsOnly && first && first.kind !== v.kind) {
        throw new ConfigSyntaxError(
          this.file,
          at,
          `array elements must all have one type: expected ${first.kind}, found ${v.kind}`,
        );
      }
      out.push(v);
      if (this.isPunct(',')) this.take();
      else if (!this.isPunct(close)) this.fail(this.tok, `',' or '${close}'`);
    }
  }

  private scalar(): ConfigScalar {
    const t = this.tok;
    switch (t.kind) {
      case 'bool':
        this.take();
        return { kind: 'bool', value: t.text.toLowerCase() === 'true' };
      case 'int': {
        this.take();
        const digits = t.text.replace(/L+$/, '');
        const value = parseInteger(digits);
        // hex/binary/octal may use every bit (libconfig reads them unsigned); too big for 32 bits
        // means int64, as libconfig promotes it
        const unsigned = /^0[XxBbOo]/.test(digits);
        const max = (bits: bigint) => (unsigned ? 2n ** bits - 1n : 2n ** (bits - 1n) - 1n);
        if (value > max(64n) || value < -(2n ** 63n)) {
          throw new ConfigSyntaxError(this.file, t, `integer ${t.text} out of range`);
        }
        const int64 = /L$/.test(t.text) || value > max(32n) || value < -(2n ** 31n);
        return { kind: 'int', value, int64 };
      }
      case 'float':
        this.take();
        return { kind: 'float', value: Number(t.text) };
      case 'string': {
        let s = '';
        while (this.tok.kind === 'string') s += this.take().text; // "a" "b" is "ab"
        return { kind: 'string', value: s };
      }
      default:
        return this.fail(t, 'a value (string, number, boolean, [array], (list) or {group})');
    }
  }
}

function parseInteger(text: string): bigint {
  const sign = text.startsWith('-') ? -1n : 1n;
  const body = text.replace(/^[-+]/, '');
  if (/^0[Oo]/.test(body)) return sign * BigInt(`0o${body.slice(2)}`);
  return sign * BigInt(body); // BigInt understands decimal, 0x and 0b
}

/** Parses libconfig text; `file` names it in error messages. */
export function parseLibconfig(text: string, file = '<config>'): ConfigGroup {
  return new Parser(text, file).settings(null);
}

/** A plain JSON-able copy (int as number when exact, else decimal string; groups as objects). */
export function toPlain(v: ConfigValue): unknown {
  switch (v.kind) {
    case 'int':
      return v.value >= BigInt(Number.MIN_SAFE_INTEGER) && v.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v.value)
        : v.value.toString();
    case 'array':
    case 'list':
      return v.value.map(toPlain);
    case 'group':
      return Object.fromEntries([...v.value].map(([k, x]) => [k, toPlain(x)]));
    default:
      return v.value;
  }
}
