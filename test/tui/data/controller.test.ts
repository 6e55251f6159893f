import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TopController } from '../../../src/tui/data/controller.js';
import { startFakeLstack } from '../fakeLstack.js';
import { liveController } from './liveController.js';

test('finds instances, computes rates, polls CONN/SNMP only on demand, sets loglevel', async () => {
  const { fake, c, clock, close } = await liveController();
  try {
    await c.start(false);
    assert.deepEqual(
      c.getSnapshot().instances.map((i) => i.prefix),
      ['07'],
    );
    await c.pollAll();
    clock.at = 2000;
    await c.pollAll();
    const inst = c.getSnapshot().instances[0];
    assert.equal(inst.daemon, 'lstack');
    assert.equal(inst.status, 'ok');
    assert.deepEqual(
      inst.rows.map((r) => r.rates.rxPps),
      [500, 1000],
    );
    assert.equal(inst.aggregate.txPps, 500);
    assert.ok(!fake.requests.includes('LSTACK_SHOW_CONN') && !fake.requests.includes('LSTACK_SHOW_SNMP'));

    c.setDemand('07', { conn: true, snmp: true, nic: false });
    await c.pollAll();
    const withViews = c.getSnapshot().instances[0];
    assert.equal(withViews.conns?.rows.length, 2);
    assert.equal(withViews.conns?.total, 6);
    assert.equal(withViews.snmp?.rows.find((r) => r.name === 'tcp_in_seg')?.value, 60);

    assert.equal(await c.setLoglevel('07', 'debug'), 'loglevel of 07 set to debug');
    await sleep(50);
    assert.equal(fake.loglevel, 8);
  } finally {
    await close();
  }
});

test('a dead instance is reported with its error; a restart is detected as a reset', async () => {
  const fake = await startFakeLstack(1, '09');
  let now = 0;
  const c = new TopController(
    { runDir: fake.runDir, prefixes: ['09', '10'], only: ['v1.0.3'], timeoutMs: 500 },
    1000,
    () => now,
  );
  try {
    await c.start(false);
    await c.pollAll();
    fake.tick = 0; // counters back to zero: the daemon restarted
    fake.tid = 2000;
    now = 1000;
    await c.pollAll();
    const [alive, dead] = c.getSnapshot().instances;
    assert.equal(alive.resetAt, 1000);
    assert.equal(alive.rows[0].reset, true);
    assert.equal(alive.rows[0].rates.rxPps, null);
    assert.equal(dead.status, 'down');
    assert.match(dead.error ?? '', /not running/);
  } finally {
    c.stop();
    await fake.close();
  }
});
