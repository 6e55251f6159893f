import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { TopController } from '../../../src/tui/data/controller.js';
import { Pen } from '../../../src/tui/screen/paint.js';
import { screenLines } from '../../../src/tui/screen/screen.js';
import { initialViewState, reduce } from '../../../src/tui/state/viewState.js';
import { liveController } from './liveController.js';

const paused = reduce(initialViewState(), { type: 'pause' });

function frame(c: TopController, now: number, view = paused): string {
  return screenLines(new Pen('plain'), {
    snapshot: c.getSnapshot(),
    view: view,
    columns: 120,
    rows: 40,
    now: now,
    runDir: '/run/gz/',
    profile: 'v1.0.3',
  }).join('\n');
}

test('a pause freezes the frame: not stale, marked PAUSED with the data time; rates restart after it', async () => {
  const { c, clock, close } = await liveController();
  try {
    await c.start(false);
    await c.pollAll();
    clock.at = 1000;
    await c.pollAll();
    const before = c.getSnapshot().instances[0];
    assert.deepEqual(
      before.rows.map((r) => r.rates.rxPps),
      [1000, 2000],
    );

    c.setPaused(true);
    assert.deepEqual(c.getSnapshot().paused, { at: 1000, dataAt: 1000 });
    // ten intervals later, and a round that was under way when the user paused lands
    clock.at = 11_000;
    await c.pollAll();
    assert.equal(c.getSnapshot().instances[0], before, 'the frozen frame changed while paused');
    const out = frame(c, clock.at);
    assert.match(out, /PAUSED \(data of \d\d:\d\d:\d\d\)/);
    assert.match(out, /07\s+lstack\s+v1\.0\.3\s+2\s+\S+\s+\S+\s+connected/);
    assert.doesNotMatch(out, /stale/);

    c.setPaused(false);
    assert.match(frame(c, clock.at, initialViewState()), /RESUMING/);
    await c.pollAll();
    const resumed = c.getSnapshot();
    assert.equal(resumed.paused, undefined);
    // fresh counters, but no rate over the paused gap taken as one interval
    assert.equal(resumed.instances[0].lastOkAt, 11_000);
    assert.deepEqual(
      resumed.instances[0].rows.map((r) => r.rates.rxPps),
      [null, null],
    );
    assert.doesNotMatch(frame(c, clock.at, initialViewState()), /stale|PAUSED|RESUMING/);
    clock.at = 12_000;
    await c.pollAll();
    assert.deepEqual(
      c.getSnapshot().instances[0].rows.map((r) => r.rates.rxPps),
      [1000, 2000],
    );
  } finally {
    await close();
  }
});
