/** What the live app writes to the terminal, and how it follows keys, data, resizes and the clock. */
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { TopSnapshot, TopStore } from '../../../src/tui/data/controller.js';
import { LiveApp } from '../../../src/tui/liveApp.js';
import { Pen, visibleLength } from '../../../src/tui/screen/paint.js';
import { screenLines } from '../../../src/tui/screen/screen.js';
import { decodeKey } from '../../../src/tui/terminal/keys.js';
import { initialViewState, reduce } from '../../../src/tui/state/viewState.js';
import { fixedSnapshot, nextSnapshot } from './fixtures.js';
import { newInstance } from '../../../src/tui/state/instanceData.js';
import { screenProps } from './screen-frame.js';

class FakeTty extends EventEmitter {
  isTTY = true;
  writes: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
  /** Everything written since `from` (an index into writes). */
  since(from: number): string {
    return this.writes.slice(from).join('');
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  raw = false;
  setRawMode(on: boolean): this {
    this.raw = on;
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  type(text: string): void {
    this.emit('data', Buffer.from(text));
  }
}

/** A store whose snapshot the test replaces, telling the subscribers like the controller does. */
function store(first: TopSnapshot) {
  let snapshot = first;
  const listeners = new Set<() => void>();
  const demands: Array<string | null> = [];
  const s: TopStore = {
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getSnapshot: () => snapshot,
    now: () => Date.now(),
    interval: 1000,
    setDemand: (prefix) => demands.push(prefix),
    setPaused: () => undefined,
    setLoglevel: () => Promise.resolve(''),
    measureLatency: () => Promise.resolve(),
  };
  const push = (next: TopSnapshot): void => {
    snapshot = next;
    for (const l of listeners) l();
  };
  return { s, push, listeners, demands };
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 5000 }));
afterEach(() => mock.timers.reset());

/** Frames are at least 125 ms apart: step past that. */
const frame = (): void => mock.timers.tick(200);

function start(columns: number, rows: number, snapshot = fixedSnapshot()) {
  const stdout = new FakeTty(columns, rows);
  const stdin = new FakeStdin();
  const data = store(snapshot);
  const app = new LiveApp(
    { controller: data.s, initial: initialViewState(), runDir: '/run/gz/', profile: 'v1.0.3', pen: 'color' },
    { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream },
  ).start();
  return { app, stdout, stdin, ...data };
}

/** A cursor move to the start of a row, as the screen writer sends it. */
// eslint-disable-next-line no-control-regex
const MOVE = /\x1b\[(\d+);1H/g;

/** The rows a chunk of output writes to (its cursor moves), 1-based. */
const rowsWritten = (out: string): number[] => [...out.matchAll(MOVE)].map((m) => Number(m[1]));

for (const [columns, rows] of [
  [120, 40],
  [80, 24],
] as const) {
  test(`${columns}x${rows}: the first frame fills all rows but the last, each line within the width; an unchanged frame writes nothing`, () => {
    const { app, stdout, push } = start(columns, rows);
    try {
      const first = stdout.since(0);
      assert.match(first, /07 all/);
      const written = rowsWritten(first);
      assert.equal(Math.max(...written), rows - 1, 'the last row is left free');
      for (const line of first.split(MOVE).slice(1))
        assert.ok(visibleLength(line.replace('\x1b[2K', '')) <= columns, JSON.stringify(line));
      const before = stdout.writes.length;
      push(fixedSnapshot());
      frame();
      push(fixedSnapshot());
      frame();
      assert.equal(stdout.since(before), '', 'an unchanged frame wrote something');
    } finally {
      app.quit();
    }
  });
}

test('new data rewrites only the lines that changed', () => {
  const { app, stdout, push } = start(120, 40);
  try {
    const full = rowsWritten(stdout.since(0)).length;
    const before = stdout.writes.length;
    push(nextSnapshot());
    frame();
    const changed = rowsWritten(stdout.since(before));
    assert.ok(changed.length > 0, 'the new counters were drawn');
    assert.ok(changed.length < full / 2, `${changed.length} of ${full} lines rewritten`);
    assert.ok(!stdout.since(before).includes('\x1b[2J'), 'no clear of the screen');
  } finally {
    app.quit();
  }
});

test('frames are coalesced: a burst of updates is one frame', () => {
  const { app, stdout, push } = start(120, 40);
  try {
    const before = stdout.writes.length;
    for (let i = 0; i < 10; i++) push(i % 2 ? nextSnapshot() : fixedSnapshot());
    frame();
    assert.equal(stdout.writes.length - before, 1);
  } finally {
    app.quit();
  }
});

test('a resize redraws the whole screen at the new size; quitting removes every listener', () => {
  const { app, stdout, stdin, listeners } = start(120, 40);
  assert.equal(stdin.raw, true);
  stdout.columns = 100;
  stdout.rows = 30;
  const before = stdout.writes.length;
  stdout.emit('resize');
  frame();
  const out = stdout.since(before);
  assert.ok(out.startsWith('\x1b[2J'), 'cleared first');
  assert.equal(Math.max(...rowsWritten(out)), 29);
  app.quit();
  assert.equal(stdout.listenerCount('resize'), 0);
  assert.equal(stdin.listenerCount('keypress'), 0);
  assert.equal(listeners.size, 0);
  assert.equal(stdin.raw, false, 'the terminal is back in cooked mode');
});

test('the clock redraws on its own only when nothing else did for 1.5 s', () => {
  const { app, stdout, push } = start(120, 40);
  try {
    // Data every second (like polls): the clock adds no frame of its own.
    let before = stdout.writes.length;
    for (let i = 0; i < 5; i++) {
      for (let q = 0; q < 4; q++) mock.timers.tick(250);
      push(i % 2 ? fixedSnapshot() : nextSnapshot());
      frame();
    }
    assert.equal(stdout.writes.length - before, 5);
    // Nothing else redraws (all instances down, paused): the clock ticks every 2 s (checked each second).
    before = stdout.writes.length;
    for (let i = 0; i < 25; i++) mock.timers.tick(250);
    assert.equal(stdout.writes.length - before, 3);
    assert.match(stdout.since(before), /\d\d:\d\d:\d\d/);
  } finally {
    app.quit();
  }
});

test('keys: Tab switches the view and asks for its data; q ends the app', async () => {
  const { app, stdout, stdin, demands } = start(120, 40);
  assert.deepEqual(demands, ['07']);
  const before = stdout.writes.length;
  stdin.type('\t');
  frame();
  assert.match(stdout.since(before), /10\.0\.0\.1:80/, 'the connections view is drawn');
  stdin.type('q');
  await app.finished;
  assert.equal(stdin.raw, false);
});

test('decoded keys: what the keymap sees for the keys a terminal sends', () => {
  assert.deepEqual(decodeKey('\x03', { name: 'c', ctrl: true }).input, 'c');
  assert.equal(decodeKey('\x03', { name: 'c', ctrl: true }).key.ctrl, true);
  assert.equal(decodeKey(undefined, { name: 'up' }).key.upArrow, true);
  assert.equal(decodeKey(undefined, { name: 'up' }).input, '');
  assert.equal(decodeKey('\r', { name: 'return' }).key.return, true);
  assert.equal(decodeKey('\r', { name: 'return' }).input, '');
  assert.equal(decodeKey('\x1b', { name: 'escape' }).key.escape, true);
  assert.equal(decodeKey('S', { name: 's', shift: true }).input, 'S');
  assert.equal(decodeKey('?', { sequence: '?' }).input, '?');
  assert.equal(decodeKey(undefined, { name: 'tab', shift: true }).key.shift, true);
  assert.equal(decodeKey('\x7f', { name: 'backspace' }).key.backspace, true);
  assert.equal(decodeKey(undefined, { name: 'pagedown' }).key.pageDown, true);
});

test('more instances than rows: the frame still stops above the last row', () => {
  const snapshot = { instances: Array.from({ length: 20 }, (_, i) => newInstance(String(10 + i))) };
  const lines = screenLines(new Pen('plain'), { ...screenProps(initialViewState(), 100, 20), snapshot });
  assert.equal(lines.length, 19);
});

test("NO_COLOR on a terminal: the open view's tab is still marked (inverse, bold), no colour at all", () => {
  const lines = screenLines(new Pen('mono'), screenProps(initialViewState(), 120, 40));
  const frame = lines.join('\n');
  assert.ok(frame.includes('\x1b[1;7m 1 stacks \x1b[0m'), 'the stacks tab is inverse and bold');
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(frame, /\x1b\[[0-9;]*\b(3[0-7]|9[0-7])m/, 'a colour escape');
});

test('a key typed right after Esc still counts (one read: readline reports it with meta)', () => {
  assert.deepEqual(decodeKey('\x1b1', { name: '1', meta: true, sequence: '\x1b1' }).input, '1');
});

test('the live frame has one line fewer than the terminal: header whole, footer on its last line', () => {
  const withFooter = reduce(initialViewState(), { type: 'message', text: 'footer here' });
  // at 80 columns a filter wraps the tabs line: the body gives up a line, the header keeps its own
  const filtered = reduce(withFooter, { type: 'filterText', text: '4711' });
  for (const [columns, rows, view] of [
    [120, 40, withFooter],
    [80, 24, withFooter],
    [80, 24, filtered],
  ] as const) {
    const lines = screenLines(new Pen('plain'), screenProps(view, columns, rows));
    const what = `${columns}x${rows}${view.filter.stacks ? ' filtered' : ''}`;
    assert.equal(lines.length, rows - 1, what);
    assert.match(lines[1], /INSTANCE\s+MODE/, what);
    assert.match(lines.at(-1)!, /footer here/, what);
  }
});
