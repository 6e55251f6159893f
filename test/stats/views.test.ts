import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { connList, ipv4, ipv6 } from '../../src/stats/connections.js';
import { latencyTable } from '../../src/stats/latency.js';
import { offloadRows, xstatRows } from '../../src/stats/nic.js';
import { nonZero, snmpRows, sumSnmp } from '../../src/stats/snmp.js';

test('snmp counters are summed over stacks, with deltas per second', () => {
  const a = sumSnmp([
    { data: { snmp: { tcp_in_seg: 10, ip_inhdr_err: 0 } } },
    { data: { snmp: { tcp_in_seg: 5, ip_inhdr_err: 0 } } },
  ]);
  const b = new Map([
    ['tcp_in_seg', 35],
    ['ip_inhdr_err', 0],
  ]);
  const rows = snmpRows(a, b, 2);
  assert.deepEqual(rows, [
    { name: 'tcp_in_seg', value: 35, perSec: 10 },
    { name: 'ip_inhdr_err', value: 0, perSec: 0 },
  ]);
  assert.deepEqual(
    nonZero(rows).map((r) => r.name),
    ['tcp_in_seg'],
  );
  assert.equal(snmpRows(b, new Map([['tcp_in_seg', 1]]), 1)[0].perSec, null);
});

test('addresses print like inet_ntop', () => {
  assert.equal(ipv4(0x0a01a8c0), '192.168.1.10');
  // fe80::1 stored as four little-endian words of the network-order bytes
  assert.equal(ipv6([0x000080fe, 0, 0, 0x01000000]), 'fe80::1');
});

test('connection rows: listen rows, states, and the daemon total when truncated', () => {
  const ip4 = (addr: number) => ({ u_addr: { ip4: { addr }, ip6: { addr: [addr, 0, 0, 0] } }, type: 0 });
  const c = (over: object) => ({
    state: 0,
    tcp_sub_state: 4,
    lip: ip4(0x0100000a),
    rip: ip4(0x0200000a),
    l_port: 80,
    r_port: 5000,
    recvmbox_cnt: 1,
    sendmbox_cnt: 2,
    rcv_wnd: 3,
    snd_wnd: 4,
    cwn: 5,
    keepalive: 1,
    keep_idle: 7200,
    keep_intvl: 75,
    keep_cnt: 9,
    fd: 12,
    ...over,
  });
  const list = connList([
    { tid: 7, data: { conn: { total_conn_num: 5, conn_num: 2, conn_list: [c({}), c({ state: 1 })] } } },
  ]);
  assert.equal(list.total, 5);
  assert.deepEqual(list.rows[0], {
    tid: 7,
    local: '10.0.0.1:80',
    remote: '10.0.0.2:5000',
    state: 'ESTABLISHED',
    recvQ: 1,
    sendQ: 2,
    rcvWnd: 3,
    sndWnd: 4,
    cwnd: 5,
    keepalive: 'on 7200/75/9',
    fd: 12,
  });
  assert.equal(list.rows[1].state, 'LISTEN');
  assert.equal(list.rows[1].remote, '*:*');
});

test('latency stages: sums, min ignoring the untouched 2^64-1, average', () => {
  const stage = (pkts: bigint, total: bigint, min: bigint, max: bigint) => ({
    latency_pkts: pkts,
    latency_total: total,
    latency_min: min,
    latency_max: max,
  });
  const none = stage(0n, 0n, (1n << 64n) - 1n, 0n);
  const t = latencyTable([
    { data: { latency: { latency: [stage(2n, 10n, 3n, 7n), none] } } },
    { data: { latency: { latency: [stage(2n, 30n, 1n, 20n), none] } } },
  ]);
  assert.deepEqual(t[0], { stage: 'recv t0->t1 (into mbox)', pkts: 4n, min: 1n, max: 20n, avg: 10 });
  assert.deepEqual(t[1], { stage: 'recv t1->t2 (app read call)', pkts: 0n, min: null, max: null, avg: null });
});

test('nic: xstats pairs and offload bits', () => {
  const x = xstatRows({ data: { nic_xstats: { xstats_name: [{ name: 'rx_good_packets' }], values: [5n] } } });
  assert.deepEqual(x, [{ name: 'rx_good_packets', value: 5n }]);
  const f = offloadRows({ data: { nic_features: { tx_offload: 0x28n, rx_offload: 0x1n } } });
  assert.deepEqual(
    f.filter((r) => r.on).map((r) => r.feature),
    ['tx-tcp-checksum', 'tx-tcp-tso', 'rx-vlan-strip'],
  );
});
