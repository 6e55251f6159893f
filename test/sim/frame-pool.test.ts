/**
 * The simulator reuses its 3 MB dfx frames (frame-pool.ts): a reused frame must carry nothing of
 * the answer it was used for before, and frames still being written must never be reused.
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

test('a frame reused after a connection table carries only the new answer', async () => {
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
    // 6 requests before reading anything: 24 frames in flight, more than are ever spare
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
