import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDfx, decodeLtran, encodeDfx, encodeLtran } from '../../src/protocol/codec.js';
import { PROFILE_NAMES, wireFor } from '../../src/protocol/profiles.js';
import { counted, locate, u32 } from '../../src/protocol/ctypes.js';
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

test('every era declares its dfx counted arrays on the array itself (no table in the codec)', () => {
  for (const profile of PROFILE_NAMES) {
    const dfx = wireFor(profile).layouts.dfx;
    const declared = (path: string): unknown => {
      const t = locate(dfx, path).layout.type;
      return t.kind === 'array' ? { count: t.count, lazy: t.lazy } : t.kind;
    };
    assert.deepEqual(declared('data.conn.conn_list'), { count: 'conn_num', lazy: true }, profile);
    assert.deepEqual(declared('data.nic_xstats.xstats_name'), { count: 'len', lazy: false }, profile);
    assert.deepEqual(declared('data.nic_xstats.values'), { count: 'len', lazy: false }, profile);
  }
});

test('the xstats arrays are read up to len, in every era', () => {
  for (const profile of PROFILE_NAMES) {
    const wire = wireFor(profile);
    const names = ['rx_good_packets', 'tx_good_packets', 'rx_errors'].map((name) => ({ name }));
    const buf = encodeDfx(wire, {
      data: { nic_xstats: { len: 2, xstats_name: names, values: [7n, 8n, 9n] } },
    });
    const x = decodeDfx(wire, buf, 0, 'LSTACK_SHOW_XSTATS').data.nic_xstats;
    assert.deepEqual(
      x.xstats_name.map((n: { name: string }) => n.name),
      ['rx_good_packets', 'tx_good_packets'],
      profile,
    );
    assert.deepEqual(x.values, [7n, 8n], profile);
  }
});
