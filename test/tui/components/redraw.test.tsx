/**
 * What the live app writes to the terminal. ink renders nothing when it believes it runs in CI
 * (is-in-ci reads CI at import), so CI is switched off before ink is loaded.
 */
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { TopSnapshot, TopStore } from '../../../src/tui/data/controller.js';

process.env.CI = 'false';
process.env.CONTINUOUS_INTEGRATION = 'false';
const { render } = await import('ink');
const { TopApp } = await import('../../../src/tui/components/TopApp.js');
const { screenElement } = await import('./screen-frame.js');
const { initialViewState } = await import('../../../src/tui/state/viewState.js');
const { fixedSnapshot } = await import('./fixtures.js');

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
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  setRawMode(): void {}
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  read(): null {
    return null;
  }
}

const store = (snapshot: TopSnapshot): TopStore => ({
  subscribe: () => () => undefined,
  getSnapshot: () => snapshot,
  now: () => 5000,
  interval: 1000,
  setDemand: () => undefined,
  setPaused: () => undefined,
  setLoglevel: () => Promise.resolve(''),
  measureLatency: () => Promise.resolve(),
});

/** Past ink's redraw throttle (maxFps 8 in the app; 30 by default). */
const settle = () => new Promise((r) => setTimeout(r, 300));

// ink clears the whole terminal before each frame as tall as the terminal ("\x1b[2J")
const CLEAR = '\x1b[2J';

for (const [columns, rows] of [
  [120, 40],
  [80, 24],
] as const) {
  test(`${columns}x${rows}: the live frame ends above the last row and is never cleared and redrawn whole`, async () => {
    const stdout = new FakeTty(columns, rows);
    const stdin = new FakeStdin();
    const controller = store(fixedSnapshot());
    const element = (
      <TopApp controller={controller} initial={initialViewState()} runDir="/run/gz/" profile="v1.0.3" />
    );
    const app = render(element, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 8,
    });
    try {
      await settle();
      const first = stdout.writes.join('');
      assert.match(first, /07 all/, 'the first frame is drawn');
      // the frame's lines and the newline after the last one fit without scrolling the screen
      assert.ok(first.split('\n').length <= rows, `${first.split('\n').length} lines on ${rows} rows`);
      const before = stdout.writes.length;
      // a redraw with nothing new (same data, same view) writes nothing
      app.rerender(element);
      await settle();
      app.rerender(element);
      await settle();
      const again = stdout.writes.slice(before).join('');
      assert.equal(again, '', `unchanged frames wrote ${JSON.stringify(again.slice(0, 80))}`);
      assert.ok(!first.includes(CLEAR), 'no full-screen clear');
    } finally {
      app.unmount();
    }
  });
}

test('the live frame has one line fewer than the terminal: header whole, footer on its last line', async () => {
  const { renderToString } = await import('ink');
  const { reduce } = await import('../../../src/tui/state/viewState.js');
  const withFooter = reduce(initialViewState(), { type: 'message', text: 'footer here' });
  // at 80 columns a filter wraps the tabs line: the body gives up a line, the header keeps its own
  const filtered = reduce(withFooter, { type: 'filterText', text: '4711' });
  for (const [columns, rows, view] of [
    [120, 40, withFooter],
    [80, 24, withFooter],
    [80, 24, filtered],
  ] as const) {
    const frame = renderToString(screenElement(view, columns, rows), { columns });
    const lines = frame.split('\n');
    const what = `${columns}x${rows}${view.filter.stacks ? ' filtered' : ''}`;
    assert.equal(lines.length, rows - 1, what);
    assert.match(lines[1], /INSTANCE\s+MODE/, what);
    assert.match(lines.at(-1)!, /footer here/, what);
  }
});
