/**
 * The simulator writes dfx frames as an encoded head and a shared run of zeros (dfx-frames.ts):
 * every frame must arrive whole, carry nothing of earlier answers, and the shared zeros must never
 * be written into (a connection table, which fills the whole struct, must not leak into them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locate } from '../../src/protocol/ctypes.js';
import { decodeDfx } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { RawClient, request, simulate } from './helpers.js';

const wire = wireFor('v1.0.3');
const frame = wire.layouts.dfx.size;
const pkts = locate(wire.layouts.dfx, 'data.pkts');

/** Whether every byte after `from` is zero. */
const zeroFrom = (b: Buffer, from: number): boolean => b.subarray(from).every((x) => x === 0);

test('after connection tables, other answers still carry only their own member', async () => {
  const { sim, clock, done } = await simulate({
    instances: [{ prefix: 'p_', mode: 'lstack', stacks: 2, clients: 1 }],
  });
  const c = await RawClient.connect(sim.socketPaths[0]);
  try {
    for (let round = 0; round < 3; round++) {
      clock.tick(1000);
      c.send(request(wire, 'LSTACK_SHOW_CONN'));
      const conns = [await c.read(frame), await c.read(frame)];
      const table = decodeDfx(wire, conns[0], 0, 'LSTACK_SHOW_CONN').data.conn;
      assert.ok(table.conn_num > 0, 'the connection table is not empty');
      assert.ok(!zeroFrom(conns[0], pkts.offset + pkts.layout.size), 'the table reaches past pkts');

      c.send(request(wire, 'LSTACK_SHOW'));
      for (let s = 0; s < 2; s++) {
        const b = await c.read(frame);
        assert.equal(decodeDfx(wire, b, 0, 'LSTACK_SHOW').stack_id, s);
        assert.ok(zeroFrom(b, pkts.offset + pkts.layout.size), `stale bytes after pkts in round ${round}`);
      }
    }
  } finally {
    c.close();
    await done();
  }
});

test('answers queued faster than they are read are all whole and distinct', async () => {
  const { sim, done } = await simulate({
    instances: [{ prefix: 'q_', mode: 'lstack', stacks: 4, clients: 1 }],
  });
  const c = await RawClient.connect(sim.socketPaths[0]);
  try {
    // 6 requests before reading anything: 24 frames in flight at once
    for (let i = 0; i < 6; i++) c.send(request(wire, i % 2 ? 'LSTACK_SHOW' : 'LSTACK_SHOW_SNMP'));
    for (let i = 0; i < 6; i++) {
      for (let s = 0; s < 4; s++) {
        const b = await c.read(frame);
        const d = decodeDfx(wire, b, 0, i % 2 ? 'LSTACK_SHOW' : 'LSTACK_SHOW_SNMP');
        assert.equal(d.stack_id, s);
        assert.equal(d.eof, s === 3 ? 1 : 0);
      }
    }
  } finally {
    c.close();
    await done();
  }
});
