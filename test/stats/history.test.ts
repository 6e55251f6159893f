import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { appendPoint, lastPoints, type RatePoint } from '../../src/stats/history.js';

const p = (at: number): RatePoint => ({ at, rxPps: at, txPps: 0, dropPs: 0 });

test('history keeps only the window before the newest point', () => {
  let s: RatePoint[] = [];
  for (let t = 0; t <= 10_000; t += 1000) s = appendPoint(s, p(t), 5000);
  assert.deepEqual(
    s.map((x) => x.at),
    [5000, 6000, 7000, 8000, 9000, 10000],
  );
  assert.deepEqual(
    lastPoints(s, 2).map((x) => x.at),
    [9000, 10000],
  );
});
