/** A TopController on a fake lstack, on a clock the test moves (ms). */
import { TopController } from '../../../src/tui/data/controller.js';
import { startFakeLstack, type FakeLstack } from '../fakeLstack.js';

export interface LiveController {
  fake: FakeLstack;
  c: TopController;
  clock: { at: number };
  close(): Promise<void>;
}

export async function liveController(stacks = 2, prefix = '07'): Promise<LiveController> {
  const fake = await startFakeLstack(stacks, prefix);
  const clock = { at: 0 };
  const c = new TopController(
    { runDir: fake.runDir, prefixes: null, only: ['v1.0.3'], timeoutMs: 1000 },
    1000,
    () => clock.at,
  );
  return {
    fake,
    c,
    clock,
    close: async () => {
      c.stop();
      await fake.close();
    },
  };
}
