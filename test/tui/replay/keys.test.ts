import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Key } from '../../../src/tui/state/keymap.js';
import { ReplayCursor } from '../../../src/replay/cursor.js';
import { Recording } from '../../../src/replay/recording.js';
import { parseGoto } from '../../../src/replay/when.js';
import { ReplayController } from '../../../src/tui/data/replayController.js';
import {
  NOT_IN_REPLAY,
  keyToResult,
  type KeyContext,
  type KeyResult,
} from '../../../src/tui/state/keymap.js';
import { initialViewState, reduce, type ViewState } from '../../../src/tui/state/viewState.js';
import { synthetic } from '../../recorder/fixtures.js';
import { writeRecording } from './support.js';

const noKey = {} as Key;
const replayCtx: KeyContext = { rows: 3, selectedPrefix: 'a_', instanceRows: [0], page: 10, replay: true };
const START = Date.UTC(2026, 10, 29, 3, 0, 0);

function press(
  s: ViewState,
  input: string,
  ctx = replayCtx,
  key: Partial<Key> = {},
): KeyResult & { state: ViewState } {
  const r = keyToResult(s, input, { ...noKey, ...key }, ctx);
  return { ...r, state: r.actions.reduce(reduce, s) };
}

test('replay keys: play, step, jumps, speed, g prompt; live-only keys say so and send nothing', () => {
  const s = initialViewState({ view: 'latency' });
  assert.deepEqual(press(s, ' ').effect, { type: 'replay', op: { op: 'toggle' } });
  assert.deepEqual(press(s, 'p').effect, { type: 'replay', op: { op: 'toggle' } });
  assert.deepEqual(press(s, '.').effect, { type: 'replay', op: { op: 'step', by: 1 } });
  assert.deepEqual(press(s, ',').effect, { type: 'replay', op: { op: 'step', by: -1 } });
  assert.deepEqual(press(s, ']').effect, { type: 'replay', op: { op: 'jump', ms: 60_000 } });
  assert.deepEqual(press(s, '{').effect, { type: 'replay', op: { op: 'jump', ms: -3_600_000 } });
  assert.deepEqual(press(s, '+').effect, { type: 'replay', op: { op: 'speed', faster: true } });
  assert.deepEqual(press(s, '', replayCtx, { end: true }).effect, {
    type: 'replay',
    op: { op: 'edge', end: true },
  });
  for (const k of ['m', 'L']) {
    const r = press(s, k);
    assert.equal(r.effect, undefined, `${k} has no effect`);
    assert.equal(r.state.message, NOT_IN_REPLAY);
    assert.equal(r.state.prompt, null);
  }
  // live: the same keys are the live ones
  const live = { ...replayCtx, replay: false };
  assert.deepEqual(press(s, 'm', live).effect, { type: 'latency', prefix: 'a_', seconds: 5 });
  assert.equal(press(s, 'p', live).state.paused, true);
  // g, a time typed (Enter in the same chunk too), Enter: one goto
  let st = press(s, 'g').state;
  for (const ch of '03:14') st = press(st, ch).state;
  assert.deepEqual(st.prompt, { kind: 'goto', text: '03:14' });
  const enter = press(st, '\r');
  assert.deepEqual(enter.effect, { type: 'replay', op: { op: 'goto', text: '03:14' } });
  assert.equal(enter.state.prompt, null);
  assert.equal(press(st, '', replayCtx, { escape: true }).state.prompt, null);
});

test('g times: HH:MM[:SS[.mmm]] on the day of the position (UTC), ISO, Unix seconds, +/-N', () => {
  const now = Date.UTC(2026, 10, 29, 17, 0, 0);
  assert.equal(parseGoto('03:14', now), Date.UTC(2026, 10, 29, 3, 14, 0));
  assert.equal(parseGoto('03:14:07', now), Date.UTC(2026, 10, 29, 3, 14, 7));
  assert.equal(parseGoto('3:14:07.25', now), Date.UTC(2026, 10, 29, 3, 14, 7, 250));
  assert.equal(parseGoto('2026-11-28T23:59:00Z', now), Date.UTC(2026, 10, 28, 23, 59));
  assert.equal(parseGoto('2026-11-28 23:59', now), Date.UTC(2026, 10, 28, 23, 59));
  assert.equal(parseGoto('-5m', now), now - 300_000);
  assert.equal(parseGoto('+1h', now), now + 3_600_000);
  assert.match((parseGoto('25:00', now) as { error: string }).error, /no such time/);
  assert.match((parseGoto('lunch', now) as { error: string }).error, /not a time/);
});

test('the replay controller: play advances with its clock at its speed, pause holds, goto and edges', () => {
  const rec = writeRecording(synthetic({ instances: 1, stacks: 1, count: 600, start: START }), ['a_']);
  let wall = 1_000_000;
  const c = new ReplayController(new ReplayCursor(new Recording(rec.dir), 300_000), { speed: 4 }, () => wall);
  try {
    assert.equal(c.speed, 4);
    assert.equal(c.getSnapshot().replay?.t, START);
    assert.equal(c.apply({ op: 'toggle' }), null);
    assert.equal(c.getSnapshot().replay?.playing, true);
    wall += 2500; // 2.5 s at 4x: 10 s of recording
    c.tick();
    assert.equal(c.now(), START + 10_000);
    c.apply({ op: 'toggle' });
    wall += 10_000;
    c.tick();
    assert.equal(c.now(), START + 10_000, 'paused');
    assert.equal(c.apply({ op: 'goto', text: '03:05:00' }), null);
    assert.equal(c.now(), START + 300_000);
    assert.equal(c.getSnapshot().instances[0].rows[0].rates.rxPps !== null, true);
    assert.match(c.apply({ op: 'goto', text: '04:00' }) ?? '', /the recording ends at 2026-11-29 03:09:59/);
    assert.equal(c.now(), START + 599_000);
    assert.equal(c.apply({ op: 'step', by: 1 }), 'end of the recording');
    assert.equal(c.apply({ op: 'toggle' }), 'end of the recording');
    c.apply({ op: 'edge', end: false });
    assert.equal(c.now(), START);
    c.apply({ op: 'jump', ms: 60_000 });
    assert.equal(c.now(), START + 60_000);
    for (let i = 0; i < 20; i++) c.apply({ op: 'speed', faster: true });
    assert.equal(c.speed, 300);
    assert.equal(c.setLoglevel('a_', 'debug') instanceof Promise, true);
  } finally {
    c.stop();
    rec.done();
  }
});
