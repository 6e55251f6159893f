import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { F, type RecorderEvent, type RecordingHeader, type Sample } from '../../../src/recorder/sample.js';
import { ReplayFold } from '../../../src/replay/fold.js';
import { header, synthetic } from '../../recorder/fixtures.js';

const START = 1_795_000_000_000;
const HISTORY = 60_000;
const PREFIXES = ['i0_', 'i1_', 'i2_'];
const H = header(PREFIXES);
/** An era of the recording in which i2_ has no control socket. */
const H2 = header(PREFIXES.slice(0, 2));

type Step = { sample: Sample; header: RecordingHeader; events: RecorderEvent[] };

/** Everything the fold has to get right, each at a known sample. */
function incident(): Step[] {
  const samples = [...synthetic({ instances: 3, stacks: 4, count: 400, start: START, snmpEvery: 10 })];
  samples.forEach((s, n) => {
    const [i0, i1, i2] = s.instances;
    // i0: down 50..54, a new daemon from 80 (new tids, counters from zero)
    if (n >= 50 && n < 55) s.instances[0] = { up: false, error: 'ECONNREFUSED', stacks: [] };
    if (n >= 80)
      i0.stacks = i0.stacks.map((row) => {
        const r = [...row];
        r[F.tid] += 50;
        for (const f of [F.rx, F.tx, F.rxDrop, F.txDrop])
          r[f] = row[f] - samples[79].instances[0].stacks[0][f] + n;
        return r;
      });
    // i1: one stack fewer from 120 to 159; connection counts every 7th sample
    if (n >= 120 && n < 160) i1.stacks = i1.stacks.slice(0, 3);
    if (n % 7 === 0) i1.connStates = i1.stacks.map((_, k) => ({ ESTABLISHED: n + k, LISTEN: 1 }));
    // i2: byte counters (one goes back at 200, as after a latency measurement), a table every 13th
    i2.stacks = i2.stacks.map((row, k) => {
      const r = [...row];
      r[F.rxBytes] = n < 200 ? n * 1500 + k : (n - 200) * 1500;
      r[F.txBytes] = n * 1400 + k;
      return r;
    });
    if (n % 13 === 0) i2.connTable = [[{ tid: 1, local: '10.0.0.1:80', state: 'ESTABLISHED', n }]];
  });
  const steps: Step[] = [];
  for (const [n, sample] of samples.entries()) {
    // the recorder was not running from 250 to 270; it could not write from 330 to 334
    if (n >= 250 && n < 270) continue;
    if (n > 330 && n < 335) continue;
    const events: RecorderEvent[] =
      n === 335
        ? [
            {
              t: sample.t,
              kind: 'not-recorded',
              from: START + 331_000,
              to: START + 334_000,
              reason: 'ENOSPC',
            },
          ]
        : [];
    // i2_ gone from 300 to 310
    if (n >= 300 && n < 310)
      steps.push({ sample: { ...sample, instances: sample.instances.slice(0, 2) }, header: H2, events });
    else steps.push({ sample, header: H, events });
  }
  return steps;
}

function fold(steps: readonly Step[], bulk: boolean): ReplayFold {
  const f = new ReplayFold(HISTORY);
  if (bulk) f.startBulk();
  for (const { sample, header: h, events } of steps) {
    for (const e of events) f.event(e);
    f.apply(sample, h);
  }
  if (bulk) f.endBulk();
  return f;
}

test('a window folded in bulk (what a seek does) is exactly the state of applyShow over each sample', () => {
  const steps = incident();
  // windows ending at each kind of moment, from a fresh fold or from the recording's start
  for (const end of [
    3, 11, 52, 56, 80, 81, 125, 160, 161, 200, 201, 240, 249, 270, 271, 305, 312, 336, 370,
  ]) {
    const last = steps.findIndex((s) => s.sample.t >= START + end * 1000);
    for (const first of [0, Math.max(0, last - 75)]) {
      const window = steps.slice(first, last + 1);
      const bulk = fold(window, true);
      const each = fold(window, false);
      const at = `window ${first}..${last}`;
      assert.equal(bulk.t, each.t, at);
      assert.deepEqual(bulk.lastGap, each.lastGap, at);
      assert.deepEqual(bulk.snapshot(), each.snapshot(), at);
      // and it goes on as live: one more sample after the window, folded as a step does
      const next = steps[last + 1];
      if (next) {
        for (const f of [bulk, each]) f.apply(next.sample, next.header);
        assert.deepEqual(bulk.snapshot(), each.snapshot(), `${at} then one step`);
      }
    }
  }
});

test('the bulk fold keeps the chart of the stacks the last sample has (a stack that went has no series)', () => {
  const steps = incident();
  const last = steps.findIndex((s) => s.sample.t === START + 130_000);
  const i1 = fold(steps.slice(0, last + 1), true).snapshot()[1];
  assert.deepEqual(Object.keys(i1.history).sort(), ['0', '1', '2', 'all']);
  assert.equal(i1.rows.length, 3);
  assert.equal(typeof i1.rows[0].sample.rx, 'bigint');
  // SNMP per second over the last two SNMP samples, connection counts from the last with them
  assert.equal(i1.snmp?.at, START + 130_000);
  assert.ok(i1.snmp!.rows.some((r) => r.perSec !== null && r.perSec > 0));
  assert.equal(i1.connStates?.at, START + 126_000);
});
