/**
 * useNow and the controller's redraw batching under node:test fake timers. ink and React run on
 * the mocked setTimeout/setInterval too, so each step is a tick, not a real wait.
 */
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { render, Text } from 'ink';
import { TopController } from '../../../src/tui/data/controller.js';
import { useNow } from '../../../src/tui/hooks/useTopData.js';
import { startFakeLstack } from '../fakeLstack.js';
import { tempDir } from '../../support/run-dir.js';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 0 }));
afterEach(() => mock.timers.reset());

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
};

async function advance(ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(step);
    await flush();
  }
}

class FakeStdout extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY = true;
  write(): boolean {
    return true;
  }
}

test('useNow redraws on its own only when nothing else did for 1.5 intervals', async () => {
  let renders = 0;
  let bump: () => void = () => undefined;
  function Clock({ n }: { n: number }) {
    renders++;
    const now = useNow(Date.now);
    return <Text>{`${n} ${now}`}</Text>;
  }
  const stdout = new FakeStdout() as unknown as NodeJS.WriteStream;
  const app = render(<Clock n={0} />, { stdout, debug: true, patchConsole: false });
  let n = 0;
  bump = () => app.rerender(<Clock n={++n} />);
  await flush();
  const start = renders;
  // Data redraws every second (like polls): the clock adds none of its own.
  for (let i = 0; i < 5; i++) {
    await advance(1000);
    bump();
    await flush();
  }
  assert.equal(renders - start, 5);
  // Nothing else redraws (all instances down, paused): the clock ticks every 2 s (checked each second).
  const idle = renders;
  await advance(6000);
  assert.equal(renders - idle, 3);
  app.unmount();
});

test('updates of many instances that land together reach the screen as one redraw', async () => {
  const { runDir, cleanup } = tempDir('gz-batch-');
  const fakes = await Promise.all(['07', '08', '09'].map((p) => startFakeLstack(2, p, runDir)));
  const c = new TopController({ runDir, prefixes: null, only: ['v1.0.3'], timeoutMs: 1000 }, 1000);
  let notified = 0;
  c.subscribe(() => notified++);
  try {
    await c.start(false);
    await advance(250);
    assert.equal(notified, 1); // the instances were found
    await c.pollAll(); // three instances, each updated twice (detect, show)
    assert.equal(notified, 1);
    await advance(250);
    assert.equal(notified, 2);
    assert.deepEqual(
      c.getSnapshot().instances.map((i) => i.status),
      ['ok', 'ok', 'ok'],
    );
  } finally {
    c.stop();
    await Promise.all(fakes.map((f) => f.close()));
    cleanup();
  }
});
