/**
 * The poller's timing under node:test fake timers: rounds one interval apart (measured from the
 * start of the previous round), exponential backoff while failing, pause and poke. The client is
 * a stub, so no socket I/O competes with the mocked clock.
 */
import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { InstanceClient, ShowResult } from '../../../src/monitor/instanceClient.js';
import { InstancePoller, type PollerHost } from '../../../src/tui/data/poller.js';
import { newInstance, type InstanceData } from '../../../src/tui/state/instanceData.js';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 }));
afterEach(() => mock.timers.reset());

/** Lets the promise chain of a round (stubbed client, state update) run to its end. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function setup(opts: { fail?: () => boolean; showMs?: number } = {}) {
  const rounds: number[] = [];
  let paused = false;
  let inst: InstanceData = newInstance('07');
  const client = {
    target: { prefix: '07' },
    show: async (): Promise<ShowResult> => {
      rounds.push(Date.now());
      if (opts.showMs) await new Promise((r) => setTimeout(r, opts.showMs));
      if (opts.fail?.()) throw new Error('lstack is not running');
      return { daemon: 'lstack', profile: 'v1.0.3', samples: [] };
    },
    reset: () => undefined,
    close: () => undefined,
  } as unknown as InstanceClient;
  const host: PollerHost = {
    now: () => Date.now(),
    intervalMs: () => 1000,
    historyMs: () => 300_000,
    paused: () => paused,
    demand: () => ({ conn: false, snmp: false, nic: false }),
    update: (_p, change) => void (inst = change(inst)),
  };
  const poller = new InstancePoller(client, host);
  return { poller, rounds, state: () => inst, pause: (p: boolean) => void (paused = p) };
}

/** Gaps between consecutive rounds (the first round runs on the first tick after start). */
const gaps = (xs: number[]): number[] => xs.slice(1).map((x, i) => x - xs[i]);

async function advance(ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(step);
    await settle();
  }
}

test('rounds start one interval apart, counted from the start of the previous round', async () => {
  const { poller, rounds } = setup({ showMs: 300 });
  poller.start();
  await advance(3500);
  poller.stop();
  assert.equal(rounds[0], 100);
  assert.deepEqual(gaps(rounds), [1000, 1000, 1000]);
});

test('failures back off exponentially (1, 2, 4, 8, 8 s) and one success resets the pace', async () => {
  let failing = true;
  const { poller, rounds, state } = setup({ fail: () => failing });
  poller.start();
  await advance(23_500);
  assert.deepEqual(gaps(rounds), [1000, 2000, 4000, 8000, 8000]);
  assert.equal(state().status, 'down');
  failing = false;
  await advance(8000);
  assert.equal(state().status, 'ok');
  await advance(2000);
  poller.stop();
  assert.deepEqual(gaps(rounds.slice(5)), [8000, 1000, 1000]);
});

test('paused: no rounds; poke polls at once; stop ends it for good', async () => {
  const { poller, rounds, pause } = setup();
  pause(true);
  poller.start();
  await advance(3000);
  assert.deepEqual(rounds, []);
  pause(false);
  poller.poke();
  await advance(100);
  assert.deepEqual(rounds, [3100]);
  poller.stop();
  await advance(5000);
  assert.deepEqual(rounds, [3100]);
});
