/** Each instance's era is found again after its daemon restarts, possibly as another era. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TopController } from '../../src/tui/data/controller.js';
import { startSimulator } from '../../src/sim/simulator.js';
import { setFrameTap } from '../../src/monitor/tap.js';
import { tempRunDir } from '../sim/helpers.js';

test('top: an instance restarted as another era is read in its new era, with no --profile', async () => {
  const { dir, cleanup } = tempRunDir();
  const instances = [{ prefix: '07', mode: 'lstack' as const, stacks: 2, clients: 1 }];
  let sim = await startSimulator({ runDir: dir, profile: 'v1.0.3', instances });
  const c = new TopController({ runDir: dir, prefixes: null, timeoutMs: 2000 }, 1000);
  try {
    await c.start(false);
    await c.pollAll();
    const first = c.getSnapshot().instances[0];
    assert.deepEqual([first.status, first.profile], ['ok', 'v1.0.3']);
    await sim.close();
    sim = await startSimulator({ runDir: dir, profile: 'v2024.09', instances });
    // the kept connection broke: one failed round at most, then the new era
    await c.pollAll();
    await c.pollAll();
    const now = c.getSnapshot().instances[0];
    assert.deepEqual([now.status, now.profile, now.rows.length], ['ok', 'v2024.09', 2], now.error ?? '');
  } finally {
    c.stop();
    await sim.close();
    cleanup();
  }
});

test('the frame hook sees every frame top reads, with its instance, era and mode', async () => {
  const { dir, cleanup } = tempRunDir();
  const instances = [{ prefix: '07', mode: 'lstack' as const, stacks: 2, clients: 1 }];
  const sim = await startSimulator({ runDir: dir, profile: 'v1.0.2', instances });
  const seen: string[] = [];
  const before = setFrameTap((f) =>
    seen.push(`${f.prefix} ${f.profile} ${f.mode} ${f.frame.readUInt32LE(0)}`),
  );
  const c = new TopController({ runDir: dir, prefixes: null, timeoutMs: 2000 }, 1000);
  try {
    await c.start(false);
    await c.pollAll();
    // two stacks: eof 0 then 1
    assert.deepEqual(seen, ['07 v1.0.2 LSTACK_SHOW 0', '07 v1.0.2 LSTACK_SHOW 1']);
  } finally {
    setFrameTap(before);
    c.stop();
    await sim.close();
    cleanup();
  }
});
