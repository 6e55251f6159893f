import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { ByteSink, ByteSource } from '../../src/recorder/varint.js';

const U64_MAX = 2n ** 64n - 1n;

test('u64 values and their deltas beyond 2^53 round-trip exactly through the bigint varints', () => {
  const values = [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n + 12_345n, U64_MAX];
  const sink = new ByteSink();
  for (const v of values) sink.bigUint(v);
  for (const v of values) sink.bigInt(-v);
  sink.bigInt(U64_MAX - 3n - (2n ** 60n + 7n)); // a delta between two u64 counters
  const src = new ByteSource(sink.take());
  for (const v of values) assert.equal(BigInt(src.exactUint()), v);
  for (const v of values) assert.equal(BigInt(src.exactInt()), -v);
  assert.equal(src.exactInt(), U64_MAX - 3n - (2n ** 60n + 7n));
  assert.equal(src.pos, src.end);
  // the plain-number reader would have lost the low bits: this is what the bigint forms are for
  const lossy = new ByteSink();
  lossy.bigUint(2n ** 53n + 1n);
  assert.notEqual(BigInt(new ByteSource(lossy.take()).uint()), 2n ** 53n + 1n);
});

// Zigzag doubles a magnitude: the number forms are exact for deltas within +-2^52.
test('within +-2^52 the bigint varints are the bytes of the number varints (old recordings read alike)', () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 - 1 }), (v) => {
      const a = new ByteSink();
      const b = new ByteSink();
      a.int(v);
      b.bigInt(BigInt(v));
      assert.deepEqual(b.take(), a.take());
      const src = new ByteSource(a.take());
      assert.equal(src.exactInt(), v);
    }),
  );
});

test('a varint longer than a u64 delta needs is damage, not a number', () => {
  const src = new ByteSource(Buffer.from([...Array(10).fill(0xff), 0x01]));
  assert.throws(() => src.exactUint(), /varint too long/);
  assert.throws(() => new ByteSource(Buffer.from([0x80, 0x80])).exactUint(), /past the record/);
});
