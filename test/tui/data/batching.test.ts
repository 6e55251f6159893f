/** The controller's redraw batching under node:test fake timers: each step is a tick, not a real wait. */
import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { TopController } from '../../../src/tui/data/controller.js';
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
