import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeLtran, encodeLtran } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { counted, u32 } from '../../src/protocol/ctypes.js';
import { GAZELLE_MAX_ETHPORTS } from '../../src/protocol/structs-common.js';

test('counted(): the array names its count member and whether it is read in place', () => {
  assert.deepEqual(counted(u32, 8, 'n', { lazy: true }), {
    kind: 'array',
    of: u32,
    length: 8,
    count: 'n',
    lazy: true,
  });
  assert.equal(counted(u32, 8, 'n').lazy, false);
});

test('a declared lazy counted array is read up to its count, as in-place rows', () => {
  const wire = wireFor('v1.0.3');
  const rows = [1, 2, 3, 4].map((i) => ({ tid: 100 + i, protocol: 6, dst_port: 80, src_port: i }));
  const buf = encodeLtran(wire, 'forwardTable', { conn_num: 3, conn_list: rows });
  const t = decodeLtran(wire, 'forwardTable', buf, 0);
  assert.equal(t.conn_list.length, 3);
  assert.deepEqual(Object.keys(t.conn_list[0]), []); // a view: its members are getters
  assert.deepEqual(
    t.conn_list.map((r: { tid: number; src_port: number }) => [r.tid, r.src_port]),
    [
      [101, 1],
      [102, 2],
      [103, 3],
    ],
  );
});

test('a declared counted array is clamped to its capacity and decoded when not lazy', () => {
  const wire = wireFor('v1.0.3');
  const buf = encodeLtran(wire, 'ltranTotal', { port_num: 1000 });
  const t = decodeLtran(wire, 'ltranTotal', buf, 0);
  assert.equal(t.port_list.length, GAZELLE_MAX_ETHPORTS);
  assert.ok(Object.keys(t.port_list[0]).includes('rx'));
});
