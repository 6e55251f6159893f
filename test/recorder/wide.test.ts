/** u64 counters beyond 2^53 go through record -> report / openmetrics exactly. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { decodeSample, encodeSample, type DeltaState } from '../../src/recorder/codec.js';
import { toOpenMetrics } from '../../src/recorder/openmetrics.js';
import { readRecording, scanRecording } from '../../src/recorder/reader.js';
import { summarise } from '../../src/recorder/report.js';
import { F, STACK_FIELDS, WIDE, type Sample } from '../../src/recorder/sample.js';
import { header, synthetic, writerIn } from './fixtures.js';
import { tempDir } from '../support/run-dir.js';
import { recordSim, withSimToRecord } from './record-sim.js';

const W = STACK_FIELDS.length;
const BASE = 2n ** 63n + 12_345n;

/** Synthetic samples whose stack 0 rx of instance 0 runs beyond 2^53 (u64 near wrap), then restarts. */
function wideSamples(count: number): Sample[] {
  return [...synthetic({ instances: 2, stacks: 2, count, seed: 3 })].map((s, n) => {
    const inst = s.instances[0];
    if (n < count - 3) {
      inst.wide = { [0 * W + F.rx]: BASE + BigInt(inst.stacks[0][F.rx]) };
      inst.stacks[0][F.rx] = WIDE;
    }
    return s;
  });
}

test('wide cells round-trip exactly through the codec, key and delta', () => {
  const h = header(['a_', 'b_']);
  const samples = wideSamples(12);
  const enc: DeltaState = new Map();
  const dec: DeltaState = new Map();
  samples.forEach((s, i) => {
    const r = encodeSample(s, h, enc, { key: i % 5 === 0, deflate: i % 2 === 0 });
    assert.deepEqual(decodeSample(r.type, r.payload, h, dec), s);
  });
});

test('report rates and restarts are exact across wide cells, both readers alike', () => {
  const { dir, cleanup } = tempDir('gzrec-wide-');
  try {
    const samples = wideSamples(40);
    const h = header(['a_', 'b_']);
    const w = writerIn(dir, { maxSize: 1 << 24, keyEvery: 7, log: assert.fail });
    for (const s of samples) w.append(s, h);
    w.close();
    const viaScanner = summarise(scanRecording(dir, assert.fail));
    assert.deepEqual(viaScanner, summarise(readRecording(dir, assert.fail)));
    const rx = viaScanner.instances[0].stacks[0].rxPps;
    // the same increments as without the 2^63 offset: mean over the intervals before the restart
    const plain = samples.slice(0, -3).map((s) => Number(s.instances[0].wide![F.rx] - BASE));
    const steps = plain.slice(1).map((v, k) => v - plain[k]);
    assert.equal(rx.peak, Math.max(...steps));
    assert.deepEqual(
      viaScanner.instances[0].restarts.map((r) => [r.t, r.reason]),
      [[samples[samples.length - 3].t, 'counters went back']],
    );
  } finally {
    cleanup();
  }
});

test('record -> openmetrics: a simulated counter beyond 2^53 is exported exactly', async () => {
  const { dir, cleanup } = tempDir('gzrec-wide-');
  try {
    await withSimToRecord(dir, 'w_', 2, async ({ runDir, out, sim }) => {
      const counters = sim.instances[0].processes[0].traffic.stacks[1].counters;
      counters.rx += BASE;
      const items = await recordSim(runDir, { out, samples: 8, maxSize: 1 << 24, keyEvery: 4, connEvery: 0 });
      const samples = items.flatMap((i) =>
        i.kind === 'sample' && i.sample.instances[0].up ? [i.sample] : [],
      );
      assert.ok(samples.length >= 4, `${samples.length} samples`);
      const exact = samples.map((s) => s.instances[0].wide?.[1 * W + F.rx]);
      assert.ok(
        exact.every((v) => v !== undefined && v >= BASE),
        String(exact),
      );
      assert.ok(new Set(exact).size > 1, 'the counter grew while recording');
      const om = toOpenMetrics(items);
      const lines = om
        .split('\n')
        .filter((l) => l.startsWith('gazelle_lstack_rx_packets_total{gazelle_instance="w_",stack="1",'))
        .map((l) => BigInt(l.split(' ')[1]));
      assert.deepEqual(lines, exact);
      const report = summarise(scanRecording(out, assert.fail));
      const s1 = report.instances[0].stacks[1];
      assert.deepEqual(report.instances[0].restarts, []);
      assert.ok(s1.rxPps.mean > 0 && s1.rxPps.mean < 1e7, `rx mean ${s1.rxPps.mean}`);
    });
  } finally {
    cleanup();
  }
});
