/**
 * ByteOut (printf into bytes, used for connection tables) must print exactly what sprintf prints,
 * for every conversion, flag, width and value, including across its 64 KiB buffer boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteOut, byteText, intFormat } from '../../src/format/c/byte-out.js';
import { sprintf, type CArg } from '../../src/format/c/printf.js';
import { ntop6 } from '../../src/format/c/inet.js';
import { IP6_CASES, ip6Words } from '../support/frames.js';

const conversion = fc.record({
  flags: fc.subarray(['-', '0', '+', ' ', '#']),
  width: fc.option(fc.integer({ min: 0, max: 160 }), { nil: undefined }),
  precision: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  length: fc.constantFrom('', 'h', 'hh', 'l', 'll'),
  conv: fc.constantFrom('d', 'i', 'u', 'x', 'X', 's'),
});

const intArg = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
  fc.constantFrom(0, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
);
const strArg = fc.string({ maxLength: 70 });

/** A format of literals and conversions, and arguments of the type each conversion takes. */
const printfCase = fc
  .array(
    fc.tuple(
      fc.string({ maxLength: 6 }).map((s) => s.replaceAll('%', '%%')),
      conversion,
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .chain((parts) =>
    fc.tuple(...parts.map(([, c]) => (c.conv === 's' ? strArg : intArg))).map((args): [string, CArg[]] => {
      const format = parts
        .map(([lit, c]) => {
          const flags = c.conv === 's' ? c.flags.filter((f) => f === '-') : c.flags;
          const len = c.conv === 's' ? '' : c.length;
          const prec = c.precision === undefined ? '' : `.${c.precision}`;
          return `${lit}%${flags.join('')}${c.width ?? ''}${prec}${len}${c.conv}`;
        })
        .join('');
      return [format, args];
    }),
  );

test('ByteOut.printf writes exactly the bytes of sprintf', () => {
  fc.assert(
    fc.property(printfCase, ([format, args]) => {
      assert.equal(
        byteText((out) => out.printf(format, ...args)),
        sprintf(format, ...args),
      );
    }),
    { numRuns: 3000 },
  );
});

/** Formats ints() writes itself: 32-bit d/i/u/x, left-justified or unpadded, between literals. */
const intsCase = fc
  .array(
    fc.tuple(
      fc.string({ maxLength: 6 }).map((s) => s.replaceAll('%', '%%')),
      fc.constantFrom('-', ''),
      fc.integer({ min: 1, max: 20 }),
      fc.constantFrom('d', 'i', 'u', 'x'),
      intArg,
    ),
    { minLength: 1, maxLength: 16 },
  )
  .map((parts): [string, CArg[]] => [
    parts.map(([lit, left, width, conv]) => `${lit}%${left}${left ? width : ''}${conv}`).join('') + '|',
    parts.map(([, , , , arg]) => arg),
  ]);

test('ByteOut.ints writes exactly the bytes of sprintf, for its own formats and any other', () => {
  fc.assert(
    fc.property(fc.oneof(intsCase, printfCase), ([format, args]) => {
      assert.equal(
        byteText((out) => out.ints(intFormat(format), args)),
        sprintf(format, ...args),
      );
    }),
    { numRuns: 3000 },
  );
  assert.notEqual(intFormat('%-9d%u%x|\n').ops, null, 'written by ints() itself');
  assert.equal(intFormat('%09d').ops, null, 'zero padding: printv');
  assert.equal(intFormat('%lu').ops, null, '64-bit: printv');
});

test('ints() rows in a reused buffer: whole, in order, padding blank again', () => {
  let text = '';
  const out = new ByteOut((b) => {
    text += b.toString('latin1');
    return true;
  });
  const f = intFormat('%-6utcp   %-9d%-10x%-15u|\n');
  let expected = '';
  for (let i = 0; i < 20_000; i++) {
    // wide values, then narrow ones over their bytes; -2^31 and u32 values above int32
    const args: CArg[] = i % 2 ? [i, -(2 ** 31), 2 ** 32 - 1, 2 ** 32 - 1 - i] : [i, 1, 0, 7];
    out.ints(f, args);
    expected += sprintf(f.format, ...args);
  }
  out.flush();
  assert.equal(text, expected);
});

test('rows that cross buffer boundaries come out whole and in order', () => {
  const chunks: Buffer[] = [];
  const out = new ByteOut((b) => void chunks.push(Buffer.from(b)));
  let expected = '';
  for (let i = 0; i < 3000; i++) {
    const args: CArg[] = [i, -i, i * 7919, `10.0.${i & 255}.1:${i}`];
    out.printf('%-6u%-9d%-10x%-52s|\n', ...args);
    expected += sprintf('%-6u%-9d%-10x%-52s|\n', ...args);
    if (i % 1000 === 0) out.text('x'.repeat(300_000)); // longer than one buffer
    if (i % 1000 === 0) expected += 'x'.repeat(300_000);
  }
  out.flush();
  assert.ok(chunks.length > 3, `only ${chunks.length} chunks`);
  assert.equal(Buffer.concat(chunks).toString('latin1'), expected);
});

test('argument count mismatches are refused like sprintf', () => {
  assert.throws(() => byteText((out) => out.printf('%u', 1, 2)), /2 arguments for 1 conversions/);
  assert.throws(() => byteText((out) => out.printf('%u %u', 1)), /integer conversion given undefined/);
  assert.throws(() => byteText((out) => out.printf('%s', 5)), TypeError);
});

test('a receiver done with each piece gets the same buffer again, and padding is blank again', () => {
  const seen = new Set<ArrayBufferLike>();
  let text = '';
  const out = new ByteOut((b) => {
    seen.add(b.buffer);
    text += b.toString('latin1');
    return true;
  });
  let expected = '';
  for (let i = 0; i < 20_000; i++) {
    // a long row, then a short one padded over the long one's bytes
    const args: CArg[] = i % 2 ? [i, 'y'.repeat(40)] : [i, 'z'];
    out.printf('%-8u%-50s|\n', ...args);
    expected += sprintf('%-8u%-50s|\n', ...args);
    out.endpoint(`10.0.0.${i & 255}`, 70_000 + i, 24);
    expected += `10.0.0.${i & 255}:${(70_000 + i) & 0xffff}`.padEnd(24);
  }
  out.flush();
  assert.equal(text, expected);
  assert.equal(seen.size, 1, 'one buffer for all pieces');
});

/** Groups biased to zero runs and the ::ffff: / :: forms, where inet_ntop's rules differ. */
const group = fc.oneof(
  fc.constant(0),
  fc.constant(0),
  fc.constant(0xffff),
  fc.integer({ min: 0, max: 0xffff }),
);

test('ip6Endpoint writes the bytes of ntop6 as endpoint() pads them', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.constantFrom(...IP6_CASES), fc.array(group, { minLength: 8, maxLength: 8 })),
      fc.integer({ min: 0, max: 0x1ffff }),
      fc.constantFrom(0, 20, 52),
      (groups, port, width) => {
        const w = ip6Words(groups);
        const want = byteText((out) => out.endpoint(ntop6(w), port, width));
        const got = byteText((out) => out.ip6Endpoint(w[0], w[1], w[2], w[3], port, width));
        assert.equal(got, want);
      },
    ),
    { numRuns: 3000 },
  );
});
