/** The printf subset and helpers behind the C-compatible printers, against glibc's known output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed, sprintf } from '../../src/format/c/printf.js';
import { ntop4, ntop6 } from '../../src/format/c/inet.js';
import { rateConvert, u64sub } from '../../src/format/c/units.js';
import { rateText } from '../../src/format/c/ltran.js';

test('strings: width, left alignment, precision, overflow without truncation', () => {
  assert.equal(sprintf('[%-15s]', 'abc'), '[abc            ]');
  assert.equal(sprintf('[%15s]', 'abc'), '[            abc]');
  assert.equal(sprintf('[%.2s]', 'abc'), '[ab]');
  assert.equal(sprintf('[%-3s]', 'abcdef'), '[abcdef]');
  assert.equal(sprintf('%s:%hu', '10.0.0.1', 80), '10.0.0.1:80');
});

test('unsigned conversions narrow to the length modifier like C argument conversion', () => {
  assert.equal(sprintf('%u', 4294967295), '4294967295');
  assert.equal(sprintf('%u', -1), '4294967295');
  assert.equal(sprintf('%hu', 65536 + 7), '7'); // conn_num printed with %hu
  assert.equal(sprintf('%hu', 4294967295), '65535');
  assert.equal(sprintf('%lu', 18446744073709551615n), '18446744073709551615');
  assert.equal(sprintf('%-15lu|', 12n), '12             |');
  assert.equal(sprintf('%lu', -1n), '18446744073709551615');
});

test('signed conversions reinterpret u32 values above 2^31 as negative', () => {
  assert.equal(sprintf('%d', 4294967295), '-1');
  assert.equal(sprintf('%-9d|', 2147483648), '-2147483648|');
  assert.equal(sprintf('%-7d|', -9), '-9     |');
  assert.equal(sprintf('%5d|', -42), '  -42|');
  assert.equal(sprintf('%05d', -42), '-0042');
  assert.equal(sprintf('%d', 127), '127');
  assert.equal(sprintf('%+d', 5), '+5');
});

test('hex, padding and percent', () => {
  assert.equal(sprintf('%-10x|', 4294963940), 'fffff2e4  |');
  assert.equal(sprintf('%x', 0xa00b312), 'a00b312');
  assert.equal(sprintf('%X', 255), 'FF');
  assert.equal(sprintf('%#x', 255), '0xff');
  assert.equal(sprintf('%08x', 0xbeef), '0000beef');
  assert.equal(sprintf('%2u]', 3), ' 3]');
  assert.equal(sprintf('Percent: %3lu%%', 6n), 'Percent:   6%');
});

test('%f prints the exact binary value rounded half to even, like glibc', () => {
  assert.equal(sprintf('%f', 3), '3.000000');
  assert.equal(sprintf('%f', 76.29394531), '76.293945');
  assert.equal(formatFixed(0.125, 2), '0.12'); // exact tie: toFixed would say 0.13
  assert.equal(formatFixed(0.375, 2), '0.38');
  assert.equal(formatFixed(2.5, 0), '2');
  assert.equal(formatFixed(3.5, 0), '4');
  assert.equal(formatFixed(1.005, 2), '1.00'); // 1.005 is below the tie in binary
  assert.equal(formatFixed(17592186044416, 2), '17592186044416.00');
  assert.equal(formatFixed(1e22, 1), '10000000000000000000000.0');
  assert.equal(formatFixed(5e-324, 3), '0.000');
  assert.equal(formatFixed(-1.5, 0), '-2');
  assert.equal(formatFixed(NaN), 'nan');
  assert.equal(formatFixed(-Infinity), '-inf');
  assert.equal(sprintf('%7.2lf|', 1), '   1.00|');
  assert.equal(sprintf('%-6.2f|', 39.95), '39.95 |');
  assert.equal(sprintf('%-6.2f|', 305046.375), '305046.38|');
});

test('argument count and type mismatches are programming errors', () => {
  assert.throws(() => sprintf('%u', 1, 2), /arguments/);
  assert.throws(() => sprintf('%u %u', 1), /integer conversion given undefined/);
  assert.throws(() => sprintf('%u', 'x'), /integer conversion/);
  assert.throws(() => sprintf('%s', 1), /%s given/);
  assert.throws(() => sprintf('%u', 1.5), /integer conversion/);
});

test('byte-rate units step at 1024 bits (PROTOCOL.md §7.5)', () => {
  assert.equal(rateText(rateConvert(128n)), '1024.00b/s');
  assert.equal(rateText(rateConvert(129n)), '   1.01Kb/s');
  assert.equal(rateText(rateConvert(131072n)), '1024.00Kb/s');
  assert.equal(rateText(rateConvert(131073n)), '   1.00Mb/s');
  assert.equal(rateText(rateConvert(100n)), ' 800.00b/s');
  assert.equal(rateText(rateConvert(0n)), '   0.00b/s');
  // Mb/s is the last unit: larger values stay in it.
  assert.equal(rateText(rateConvert(5000000000n)), '38146.97Mb/s');
  // bytes * 8 wraps in uint64_t before the conversion to double, which rounds 2^64 - 8 up to 2^64.
  assert.equal(rateText(rateConvert(2n ** 61n)), '   0.00b/s');
  assert.equal(rateText(rateConvert(2n ** 61n + 2n ** 58n)), '2199023255552.00Mb/s');
  assert.equal(rateText(rateConvert(2n ** 61n - 1n)), '17592186044416.00Mb/s');
});

test('u64 differences wrap like C', () => {
  assert.equal(u64sub(5n, 7n), 18446744073709551614n);
  assert.equal(u64sub(7n, 5n), 2n);
});

test('inet_ntop: IPv4 from a little-endian u32 of network-order bytes', () => {
  assert.equal(ntop4(0x0a01a8c0), '192.168.1.10');
  assert.equal(ntop4(0), '0.0.0.0');
  assert.equal(ntop4(0xffffffff), '255.255.255.255');
});

/** The four u32 words the codec reads (little-endian) from an address written big-endian. */
function words(hex: string): number[] {
  const b = Buffer.from(hex.replace(/:/g, ''), 'hex');
  return [0, 4, 8, 12].map((o) => b.readUInt32LE(o));
}

test('inet_ntop: IPv6 in glibc form', () => {
  assert.equal(ntop6(words('0000:0000:0000:0000:0000:0000:0000:0000')), '::');
  assert.equal(ntop6(words('0000:0000:0000:0000:0000:0000:0000:0001')), '::1');
  assert.equal(ntop6(words('0001:0000:0000:0000:0000:0000:0000:0000')), '1::');
  assert.equal(ntop6(words('fe80:0000:0000:0000:0832:0003:0000:0000')), 'fe80::832:3:0:0');
  assert.equal(ntop6(words('2001:0db8:0000:0001:0000:0000:0000:0001')), '2001:db8:0:1::1');
  // A single zero group is not compressed; of two equal runs the first wins.
  assert.equal(ntop6(words('2001:0db8:0000:0001:0001:0001:0001:0001')), '2001:db8:0:1:1:1:1:1');
  assert.equal(ntop6(words('2001:0000:0000:0001:0000:0000:0001:0001')), '2001::1:0:0:1:1');
  // Embedded IPv4: compatible and mapped forms.
  assert.equal(ntop6(words('0000:0000:0000:0000:0000:0000:0102:0304')), '::1.2.3.4');
  assert.equal(ntop6(words('0000:0000:0000:0000:0000:ffff:0102:0304')), '::ffff:1.2.3.4');
  assert.equal(ntop6(words('0000:0000:0000:0000:0000:fffe:0102:0304')), '::fffe:102:304');
});
