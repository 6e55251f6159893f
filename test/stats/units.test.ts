import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatByteRate, formatCount, nextByteUnit } from '../../src/stats/units.js';
import { loglevelName } from '../../src/model/loglevel.js';

test('bit rates step by 1024 like the C client', () => {
  assert.equal(formatByteRate(100, 'bits'), '800b/s');
  assert.equal(formatByteRate(129, 'bits'), '1.01Kb/s');
  assert.equal(formatByteRate(131072 * 1024, 'bits'), '1.00Gb/s');
  assert.equal(formatByteRate(2048, 'bytes'), '2.00KiB/s');
  assert.equal(formatByteRate(null, 'bits'), '-');
});

test('counts are short', () => {
  assert.equal(formatCount(9999), '9999');
  assert.equal(formatCount(12_345), '12.3k');
  assert.equal(formatCount(123_456_789n), '123M');
  assert.equal(formatCount(1.5), '1.5');
  assert.equal(formatCount(null), '-');
});

test('units cycle and loglevels read like the C tool', () => {
  assert.equal(nextByteUnit(nextByteUnit('bits')), 'bits');
  assert.deepEqual([4, 7, 8, 5].map(loglevelName), ['error', 'info', 'debug', 'unknown']);
});
