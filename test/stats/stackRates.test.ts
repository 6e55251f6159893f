import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { stackRow, sumRates, sumTotals } from '../../src/stats/stackRates.js';
import type { StackSample } from '../../src/stats/stackSample.js';

const sample = (over: Partial<StackSample> = {}): StackSample => ({
  tid: 100,
  stackId: 0,
  rx: 1000n,
  tx: 2000n,
  rxDrop: 0n,
  txDrop: 0n,
  rxBytes: 10_000n,
  txBytes: 20_000n,
  allocFail: 0n,
  connNum: 3,
  mbufFree: 500,
  wakeupEvents: 7n,
  loglevel: 7,
  lowPower: 0,
  ...over,
});

test('rates come from the measured elapsed time', () => {
  const row = stackRow(
    sample(),
    sample({ rx: 3000n, tx: 2500n, rxDrop: 4n, txDrop: 2n, rxBytes: 30_000n }),
    2,
  );
  assert.equal(row.reset, false);
  assert.deepEqual(row.rates, { rxPps: 1000, txPps: 250, rxBps: 10_000, txBps: 0, dropPs: 3 });
});

test('the first sample has no rates', () => {
  assert.equal(stackRow(undefined, sample(), 1).rates.rxPps, null);
});

test('a counter that went backwards is a reset: no rates, never negative', () => {
  const row = stackRow(sample({ rx: 5000n }), sample({ rx: 10n }), 1);
  assert.equal(row.reset, true);
  assert.equal(row.rates.rxPps, null);
  assert.equal(row.rates.dropPs, null);
});

test('a new tid is a restarted daemon even when counters grew', () => {
  assert.equal(stackRow(sample(), sample({ tid: 101, rx: 9999n }), 1).reset, true);
});

test('bytes reset alone (a latency START zeroes them) is not a restart', () => {
  const row = stackRow(sample(), sample({ rx: 1100n, rxBytes: 5n }), 1);
  assert.equal(row.reset, false);
  assert.equal(row.rates.rxPps, 100);
  assert.equal(row.rates.rxBps, null);
});

test('eras without byte counters show no byte rate', () => {
  const row = stackRow(sample({ rxBytes: undefined }), sample({ rxBytes: undefined, rx: 1001n }), 1);
  assert.equal(row.rates.rxBps, null);
});

test('sums ignore unknown rates and stay null when all are unknown', () => {
  const a = { rxPps: 1, txPps: null, rxBps: 3, txBps: null, dropPs: 0 };
  const b = { rxPps: 2, txPps: null, rxBps: null, txBps: null, dropPs: 1 };
  assert.deepEqual(sumRates([a, b]), { rxPps: 3, txPps: null, rxBps: 3, txBps: null, dropPs: 1 });
  assert.deepEqual(sumTotals([sample(), sample({ allocFail: 2n })]), {
    allocFail: 2n,
    connNum: 6,
    mbufFree: 1000,
    wakeupEvents: 14n,
  });
});
