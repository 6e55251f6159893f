/**
 * top's data layer against the strict simulator: latency measured for real (START/STOP held like
 * the C client), never an old table shown as new, the era's connection fields, numbers never cut.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TopController, type TopSource } from '../../src/tui/data/controller.js';
import { latencyFinished, latencyStarted, newInstance } from '../../src/tui/state/instanceData.js';
import { connectionsLines } from '../../src/tui/screen/connections.js';
import { Pen } from '../../src/tui/screen/paint.js';
import { wireFor, type ProfileName } from '../../src/protocol/profiles.js';
import type { ConnRow } from '../../src/stats/connections.js';
import type { Decoded } from '../../src/protocol/codec.js';
import { simulate } from '../sim/helpers.js';

/** Both the forced era and, for older builds of the controller, the wire it speaks. */
function source(runDir: string, prefix: string, profile: ProfileName): TopSource {
  const s = { runDir, prefixes: [prefix], timeoutMs: 3000, only: [profile], wire: wireFor(profile) };
  return s as TopSource;
}

for (const profile of ['v1.0.2', 'v1.0.3'] as const) {
  test(`top's latency (${profile}): START and STOP reach the strict daemon; the table is a new measurement`, async () => {
    const { sim, clock, done } = await simulate({
      profile,
      instances: [{ prefix: '07', mode: 'lstack', stacks: 2, clients: 1 }],
    });
    const c = new TopController(source(sim.runDir, '07', profile), 1000);
    try {
      const traffic = sim.instances[0].processes[0].traffic;
      clock.tick(1000);
      await c.start(false);
      await c.measureLatency('07', 1);
      assert.equal(traffic.measureStartMs, clock.now(), 'START was read by the daemon');
      assert.equal(traffic.measuring, false, 'STOP was read by the daemon');
      const lat = c.getSnapshot().instances[0].latency!;
      assert.equal(lat.status, 'done', lat.error ?? '');
      assert.equal(sim.instances[0].log.errors.length, 0);
    } finally {
      c.stop();
      await done();
    }
  });
}

test('a latency table equal to the previous one is not labelled a new measurement', () => {
  const answer = (pkts: bigint): Decoded[] => [
    {
      eof: 1,
      tid: 1,
      data: {
        latency: {
          latency: Array.from({ length: 10 }, () => ({
            latency_pkts: pkts,
            latency_total: pkts * 10n,
            latency_min: 3n,
            latency_max: 30n,
          })),
        },
      },
    },
  ];
  let inst = latencyFinished(latencyStarted(newInstance('07'), 1, 0), answer(5n));
  assert.equal(inst.latency!.status, 'done');
  inst = latencyFinished(latencyStarted(inst, 1, 2000), answer(5n));
  assert.equal(inst.latency!.status, 'unchanged');
  inst = latencyFinished(latencyStarted(inst, 1, 4000), answer(6n));
  assert.equal(inst.latency!.status, 'done');
});

test("connections view (v1.0.2): RECV-Q counts the era's ring as the C client does", async () => {
  const { sim, clock, done } = await simulate({
    profile: 'v1.0.2',
    pps: 200_000,
    instances: [{ prefix: '07', mode: 'lstack', stacks: 1, clients: 1 }],
  });
  const c = new TopController(source(sim.runDir, '07', 'v1.0.2'), 1000);
  try {
    clock.tick(20_000);
    sim.advance();
    const conns = sim.instances[0].processes[0].traffic.stacks[0].conns.list;
    // 1.0.2 lists IPv4 connections only; what it reports per connection as recv_ring
    const ring = conns
      .filter((x) => x.state !== 'LISTEN' && x.local.family === 4)
      .reduce((n, x) => n + x.recvmbox, 0);
    assert.ok(ring > 0, 'the model has packets waiting in recv_ring');
    await c.start(false);
    c.setDemand('07', { conn: true, snmp: false, nic: false });
    await c.pollAll();
    const rows = c.getSnapshot().instances[0].conns!.rows;
    assert.equal(
      rows.reduce((n, r) => n + r.recvQ, 0),
      ring,
    );
  } finally {
    c.stop();
    await done();
  }
});

test('connections view: CWND and the other numbers are never cut', () => {
  const row: ConnRow = {
    tid: 4190003,
    local: '192.0.2.10:8080',
    remote: '198.51.100.7:51234',
    state: 'ESTABLISHED',
    recvQ: 1234567,
    sendQ: 20,
    rcvWnd: 2147483647,
    sndWnd: 65535,
    cwnd: 3650000,
    keepalive: 'off',
    fd: 5,
  };
  const out = connectionsLines(new Pen('plain'), {
    conns: { rows: [row], total: 1 },
    sort: { column: 'tid', order: 'asc' },
    filter: '',
    scroll: 0,
    width: 120,
    height: 10,
  }).join('\n');
  for (const n of ['3650000', '1234567', '2147483647', '4190003'])
    assert.match(out, new RegExp(`\\b${n}\\b`));
  assert.doesNotMatch(out, /\d~/);
});
