import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Item } from '../../../src/recorder/reader.js';
import { F, type Sample } from '../../../src/recorder/sample.js';
import { ReplayCursor } from '../../../src/replay/cursor.js';
import { Recording, type ReplaySource } from '../../../src/replay/recording.js';
import { stackSamples } from '../../../src/replay/convert.js';
import { applyShow, newInstance, type InstanceData } from '../../../src/tui/state/instanceData.js';
import { header, synthetic } from '../../recorder/fixtures.js';
import { writeRecording } from './support.js';

const START = 1_795_000_000_000;
const HISTORY = 5 * 60_000;
const PREFIXES = ['i0_', 'i1_'];
const H = header(PREFIXES);

/** Counts the samples decoded, to see that a seek does not read from the start. */
class Counting implements ReplaySource {
  decoded = 0;
  constructor(readonly inner: Recording) {}
  get first(): number {
    return this.inner.first;
  }
  get last(): number {
    return this.inner.last;
  }
  *items(from: number, to: number): Generator<Item> {
    for (const item of this.inner.items(from, to)) {
      if (item.kind === 'sample') this.decoded++;
      yield item;
    }
  }
}

/** What the live poller would hold after these samples: applyShow, one after the other. */
function liveFold(samples: readonly Sample[], index: number): InstanceData {
  let inst = newInstance(PREFIXES[index]);
  for (const s of samples)
    inst = applyShow(inst, 'lstack', stackSamples(s.instances[index], H), s.t, HISTORY, 'v1.0.3');
  return inst;
}

test('seek lands on the sample at or before the time, with the live rates, history and no full decode', () => {
  const samples = [...synthetic({ instances: 2, stacks: 3, count: 3000, start: START, snmpEvery: 10 })];
  const rec = writeRecording(samples, PREFIXES);
  try {
    const source = new Counting(new Recording(rec.dir));
    assert.equal(source.first, START);
    assert.equal(source.last, START + 2999_000);
    const cursor = new ReplayCursor(source, HISTORY);
    source.decoded = 0;
    cursor.seek(START + 2000_500);
    assert.equal(cursor.t, START + 2000_000);
    // the window (5 min), two intervals before it and at most one key interval (60) before that
    assert.ok(source.decoded <= 300 + 2 + 60 + 1, `${source.decoded} samples decoded for one seek`);
    const i1 = cursor.view().instances[1];
    // rates straight from the recorded numbers and times
    const [prev, cur] = [samples[1999].instances[1].stacks[2], samples[2000].instances[1].stacks[2]];
    assert.equal(i1.rows[2].rates.rxPps, cur[F.rx] - prev[F.rx]);
    assert.equal(i1.rows[2].rates.dropPs, cur[F.rxDrop] - prev[F.rxDrop] + cur[F.txDrop] - prev[F.txDrop]);
    // and exactly the live code's state over every sample up to there (rates, history of 5 minutes)
    const live = liveFold(samples.slice(0, 2001), 1);
    assert.deepEqual(
      i1.rows.map((r) => r.rates),
      live.rows.map((r) => r.rates),
    );
    assert.deepEqual(i1.history, live.history);
    assert.equal(i1.history['all'].length, 301);
    // SNMP from the last SNMP sample (every 10th), per second over the 10 s between them
    assert.equal(i1.snmp?.at, START + 2000_000);
    assert.ok(i1.snmp!.rows.some((r) => r.perSec !== null && r.perSec > 0));
  } finally {
    rec.done();
  }
});

test('stepping forward and back gives the state a seek gives; jumps clamp to the recording', () => {
  const samples = [...synthetic({ instances: 2, stacks: 2, count: 400, start: START })];
  const rec = writeRecording(samples, PREFIXES, { keyEvery: 20 });
  try {
    const cursor = new ReplayCursor(new Recording(rec.dir), HISTORY);
    cursor.seek(START + 100_000);
    for (let i = 0; i < 5; i++) assert.ok(cursor.stepForward());
    assert.equal(cursor.t, START + 105_000);
    const stepped = cursor.view().instances;
    const seeker = new ReplayCursor(new Recording(rec.dir), HISTORY);
    seeker.seek(START + 105_000);
    assert.deepEqual(stepped, seeker.view().instances);
    assert.ok(cursor.stepBack());
    assert.equal(cursor.t, START + 104_000);
    assert.deepEqual(
      cursor.view().instances.map((i) => i.rows.map((r) => r.rates)),
      [0, 1].map((i) => liveFold(samples.slice(0, 105), i).rows.map((r) => r.rates)),
    );
    cursor.seek(START - 3_600_000);
    assert.equal(cursor.t, START);
    assert.equal(cursor.stepBack(), false);
    cursor.seek(START + 10 * 3_600_000);
    assert.equal(cursor.t, START + 399_000);
    assert.equal(cursor.stepForward(), false);
    assert.equal(cursor.atEnd, true);
  } finally {
    rec.done();
  }
});

test('an instance down shows the gap with its error and no rates; a restart is marked at its time', () => {
  const samples = [...synthetic({ instances: 2, stacks: 2, count: 40, start: START })];
  for (let n = 10; n < 15; n++) samples[n].instances[0] = { up: false, error: 'ECONNREFUSED', stacks: [] };
  // from 20 on instance 0 is a new daemon: new tids, counters from zero
  for (let n = 20; n < 40; n++)
    samples[n].instances[0].stacks = samples[n].instances[0].stacks.map((row) => {
      const r = [...row];
      r[F.tid] += 50;
      for (const f of [F.rx, F.tx, F.rxDrop, F.txDrop])
        r[f] = row[f] - samples[19].instances[0].stacks[0][f] + (n - 20);
      return r;
    });
  const rec = writeRecording(samples, PREFIXES);
  try {
    const cursor = new ReplayCursor(new Recording(rec.dir), HISTORY);
    cursor.seek(START + 12_000);
    const down = cursor.view().instances[0];
    assert.equal(down.status, 'down');
    assert.equal(down.error, 'ECONNREFUSED');
    assert.equal(down.failedAt, START + 12_000);
    assert.ok(
      down.rows.every((r) => r.rates.rxPps === null),
      'no rates shown for a down instance',
    );
    assert.equal(down.aggregate.rxPps, null);
    assert.equal(cursor.view().instances[1].status, 'ok');
    cursor.seek(START + 20_000);
    const restarted = cursor.view().instances[0];
    assert.equal(restarted.resetAt, START + 20_000);
    assert.ok(restarted.rows.every((r) => r.reset && r.rates.rxPps === null));
    cursor.stepForward();
    assert.equal(cursor.view().instances[0].resetAt, START + 20_000);
    assert.ok(cursor.view().instances[0].rows.every((r) => !r.reset && r.rates.rxPps !== null));
  } finally {
    rec.done();
  }
});

test('a stretch without samples: a time in it goes to the sample after it, marked as a gap, never across it', () => {
  const before = [...synthetic({ instances: 2, stacks: 2, count: 400, start: START })];
  // the recorder was not running from 100 s to 300 s
  const samples = before.filter((s) => s.t < START + 100_000 || s.t >= START + 300_000);
  const rec = writeRecording(samples, PREFIXES);
  try {
    const cursor = new ReplayCursor(new Recording(rec.dir), HISTORY);
    const said = cursor.seek(START + 200_000);
    assert.equal(cursor.t, START + 300_000);
    assert.match(said ?? '', /nothing recorded at/);
    const v = cursor.view();
    assert.deepEqual(v.gap, {
      from: START + 99_000,
      to: START + 300_000,
      reason: 'no samples (recorder not running)',
    });
    assert.ok(
      v.instances.every((i) => i.rows.every((r) => r.rates.rxPps === null)),
      'no rate across the gap',
    );
    cursor.stepForward();
    assert.equal(cursor.view().gap, null);
    assert.ok(cursor.view().instances[0].rows[0].rates.rxPps! > 0);
    // playing through the gap does not sit in it: the next sample comes at once
    cursor.seek(START + 99_000);
    cursor.advanceTo(START + 99_500);
    assert.equal(cursor.t, START + 300_000);
    // stepping back over it goes to the sample before it
    cursor.stepBack();
    assert.equal(cursor.t, START + 99_000);
  } finally {
    rec.done();
  }
});
