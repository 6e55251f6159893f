import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeDfx, encodeDfx } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { stackSampleFromDfx, withLtranBytes } from '../../src/stats/stackSample.js';

const header = { eof: 1, tid: 42, loglevel: 8, stack_id: 3, low_power_info: { low_power_mod: 1 } };
const stat = {
  rx: 10n,
  tx: 20n,
  rx_drop: 1n,
  tx_drop: 2n,
  rx_allocmbuf_fail: 3n,
  tx_allocmbuf_fail: 4n,
  wakeup_events: 5n,
};

/** Through real bytes: the adapter must match what the decoder produces for each era. */
function roundTrip(profile: 'v1.0.3' | 'v2024.09' | 'v1.0.2', data: object) {
  const wire = wireFor(profile);
  return decodeDfx(wire, encodeDfx(wire, { ...header, data }), 0, 'LSTACK_SHOW');
}

test('v1.0.3 keeps conn_num and the mbuf count inside stack_stat', () => {
  const dfx = roundTrip('v1.0.3', {
    pkts: {
      stack_stat: { ...stat, conn_num: 6, mbuf_pool_cnt: 700 },
      aggregate_stats: { rx_bytes: 99n, tx_bytes: 77n },
    },
  });
  const s = stackSampleFromDfx('v1.0.3', dfx, 0);
  assert.deepEqual(s, {
    tid: 42,
    stackId: 3,
    rx: 10n,
    tx: 20n,
    rxDrop: 1n,
    txDrop: 2n,
    allocFail: 7n,
    wakeupEvents: 5n,
    loglevel: 8,
    lowPower: 1,
    // aggregate bytes count only between START and STOP of a measurement: not a counter
    connNum: 6,
    mbufFree: 700,
  });
});

test('v2024.09 has a flat conn_num and mbufpool_avail_cnt', () => {
  const dfx = roundTrip('v2024.09', { pkts: { conn_num: 9, mbufpool_avail_cnt: 800, stack_stat: stat } });
  const s = stackSampleFromDfx('v2024.09', dfx, 0);
  assert.equal(s.connNum, 9);
  assert.equal(s.mbufFree, 800);
  assert.equal(s.rx, 10n);
  assert.equal(s.rxBytes, undefined);
});

test('v1.0.2 has no stack_id; byte counters come only from ltran totals', () => {
  const dfx = roundTrip('v1.0.2', { pkts: { conn_num: 2, mempool_freecnt: 900, stack_stat: stat } });
  const s = stackSampleFromDfx('v1.0.2', dfx, 5);
  assert.equal(s.stackId, 5);
  assert.equal(s.mbufFree, 900);
  assert.equal(s.rxBytes, undefined);
  assert.equal(withLtranBytes(s, { rx_bytes: 1n, tx_bytes: 2n }).txBytes, 2n);
});
