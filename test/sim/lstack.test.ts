/** The lstack daemon (lstack mode), profile v1.0.3 on x86_64, against the traffic model's state. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDfx, type DfxData } from '../../src/protocol/codec.js';
import type { ModeName } from '../../src/protocol/modes.js';
import { ipv4Wire, ipv6Words } from '../../src/sim/addr.js';
import { TCP_STATE } from '../../src/sim/connections.js';
import type { SimLstackProcess } from '../../src/sim/lstack-process.js';
import type { Simulator } from '../../src/sim/simulator.js';
import { U64_MAX } from '../../src/protocol/enums.js';
import { RawClient, ask, request, simulate, waitFor } from './helpers.js';

let sim: Simulator;
let clock: Awaited<ReturnType<typeof simulate>>['clock'];
let done: () => Promise<void>;
let proc: SimLstackProcess;
let path: string;

before(async () => {
  ({ sim, clock, done } = await simulate({
    instances: [{ prefix: '', mode: 'lstack', stacks: 2, clients: 1 }],
  }));
  proc = sim.instances[0].processes[0];
  path = sim.socketPaths[0];
  clock.tick(10_000);
});
after(() => done());

const DFX = () => sim.wire.layouts.dfx.size;

/** Sends one request on a new connection and decodes `count` dfx structs. */
async function dfxAnswer(mode: ModeName, count: number, extra = {}): Promise<DfxData[]> {
  const buf = await ask(path, request(sim.wire, mode, extra), count * DFX());
  return Array.from({ length: count }, (_, i) => decodeDfx(sim.wire, buf, i * DFX(), mode));
}

test('SHOW: one struct per stack, eof only on the last, values of the model', async () => {
  const [a, b] = await dfxAnswer('LSTACK_SHOW', 2);
  assert.deepEqual([a.eof, b.eof], [0, 1]);
  assert.deepEqual([a.stack_id, b.stack_id], [0, 1]);
  assert.deepEqual([a.tid, b.tid], proc.tids);
  assert.equal(a.loglevel, 7);
  const s1 = proc.traffic.stacks[1];
  assert.ok(s1.counters.rx > 0n);
  assert.equal(b.data.pkts.stack_stat.rx, s1.counters.rx);
  assert.equal(b.data.pkts.stack_stat.tx, s1.counters.tx);
  assert.equal(b.data.pkts.stack_stat.conn_num, s1.conns.list.length);
  assert.equal(b.data.pkts.wakeup_stat.app_read_cnt, s1.counters.app_read_cnt);
  assert.equal(b.data.pkts.rpc_stat.call_msg_cnt, s1.counters.call_msg_cnt);
  assert.equal(a.low_power_info.lpm_rx_pkts, 20);
});

test('lstack keeps the connection open, answers a second request on it, and sends nothing extra', async () => {
  const c = await RawClient.connect(path);
  try {
    c.send(request(sim.wire, 'LSTACK_SHOW'));
    await c.read(2 * DFX());
    assert.equal(await c.quietFor(100), 0);
    assert.equal(c.closed, false);
    c.send(request(sim.wire, 'LSTACK_SHOW_SNMP'));
    const buf = await c.read(2 * DFX());
    const snmp = decodeDfx(sim.wire, buf, 0, 'LSTACK_SHOW_SNMP').data.snmp;
    assert.equal(snmp.ip_in_recv, Number(proc.traffic.stacks[0].snmp.ip_in_recv));
    assert.equal(snmp.tcp_passive_open, Number(proc.traffic.stacks[0].snmp.tcp_passive_open));
  } finally {
    c.close();
  }
});

test('a mode >= MODE_MAX gets no answer and the connection stays usable', async () => {
  const c = await RawClient.connect(path);
  try {
    for (const stat_mode of [sim.wire.profile.modes.max, 1000]) {
      c.send(request(sim.wire, 'LSTACK_SHOW', { stat_mode }));
      assert.equal(await c.quietFor(120), 0);
      assert.equal(c.closed, false);
    }
    c.send(request(sim.wire, 'LSTACK_SHOW'));
    assert.equal((await c.read(2 * DFX())).length, 2 * DFX());
  } finally {
    c.close();
  }
});

test('a short request closes the connection; an empty probe connection is harmless', async () => {
  const c = await RawClient.connect(path);
  c.send(Buffer.alloc(10));
  assert.ok(await c.closedWithin(1000));
  assert.equal(c.received, 0);
  const probe = await RawClient.connect(path);
  probe.close();
  assert.equal((await ask(path, request(sim.wire, 'LSTACK_SHOW'), 2 * DFX())).length, 2 * DFX());
});

test('set loglevel: written without waiting for a client that never reads; later answers report it', async () => {
  const c = await RawClient.connect(path);
  c.send(request(sim.wire, 'LSTACK_LOG_LEVEL_SET', { log_level: 'debug' }));
  await new Promise((r) => setTimeout(r, 30));
  c.close(); // like the C client: sleep, close, never read the 3 MB
  assert.equal(proc.loglevel, 8);
  const [a] = await dfxAnswer('LSTACK_SHOW', 2);
  assert.equal(a.loglevel, 8);
  // an unknown word is ignored
  await ask(path, request(sim.wire, 'LSTACK_LOG_LEVEL_SET', { log_level: 'verbose' }), DFX());
  assert.equal(proc.loglevel, 8);
  // the answer, for a client that does read it: one zeroed struct with eof = 1
  const buf = await ask(path, request(sim.wire, 'LSTACK_LOG_LEVEL_SET', { log_level: 'error' }), DFX());
  const d = decodeDfx(sim.wire, buf, 0, 'LSTACK_LOG_LEVEL_SET');
  assert.deepEqual([d.eof, d.tid, d.loglevel], [1, 0, 0]);
  assert.equal((await dfxAnswer('LSTACK_SHOW_SNMP', 2))[1].loglevel, 4);
  // the test hook does the same
  proc.setLogLevel('info');
  assert.equal((await dfxAnswer('LSTACK_SHOW', 2))[0].loglevel, 7);
});

test('set lowpower: one struct with the new low_power_info; later SHOW answers carry it', async () => {
  const [ans] = await dfxAnswer('LSTACK_LOW_POWER_MDF', 1, { low_power_mod: 1 });
  assert.equal(ans.eof, 1);
  assert.equal(ans.low_power_info.low_power_mod, 1);
  assert.equal(ans.low_power_info.lpm_detect_ms, 1000);
  const [a, b] = await dfxAnswer('LSTACK_SHOW', 2);
  assert.deepEqual([a.low_power_info.low_power_mod, b.low_power_info.low_power_mod], [1, 1]);
  await dfxAnswer('LSTACK_LOW_POWER_MDF', 1, { low_power_mod: 0 });
  assert.equal(proc.lowPower.low_power_mod, 0);
});

test('START/STOP latency: nothing written; SHOW_LATENCY reports what was measured in between', async () => {
  const c = await RawClient.connect(path);
  try {
    c.send(request(sim.wire, 'LTRAN_START_LATENCY'));
    assert.equal(await c.quietFor(80), 0);
    clock.tick(1000);
    c.send(request(sim.wire, 'LTRAN_STOP_LATENCY'));
    assert.equal(await c.quietFor(80), 0);
  } finally {
    c.close();
  }
  clock.tick(1000); // not measured any more
  const [a, b] = await dfxAnswer('LSTACK_SHOW_LATENCY', 2);
  assert.deepEqual([a.eof, b.eof], [0, 1]);
  const lat = b.data.latency.latency as { latency_pkts: bigint; latency_min: bigint; latency_max: bigint }[];
  assert.equal(lat.length, 10);
  const readMax = proc.traffic.stacks[1].latency.READ_MAX;
  assert.ok(readMax.pkts > 0n);
  assert.equal(lat[3].latency_pkts, readMax.pkts); // GAZELLE_LATENCY_READ_MAX = 3 in 1.0.3
  assert.equal(lat[3].latency_min, readMax.min);
  assert.ok(lat.every((l) => l.latency_min !== U64_MAX && l.latency_min <= l.latency_max));

  const [agg] = await dfxAnswer('LSTACK_SHOW_AGGREGATE', 2);
  assert.equal(agg.data.pkts.aggregate_stats.rx_bytes, proc.traffic.stacks[0].aggregate.rx_bytes);
  assert.ok(agg.data.pkts.aggregate_stats.rx_bytes > 0n);
  assert.equal(agg.data.pkts.stack_stat.rx, 0n, 'aggregate answers carry only aggregate_stats');

  await ask(path, request(sim.wire, 'LTRAN_START_LATENCY'), 0);
  await waitFor(() => proc.traffic.measuring);
  const [fresh] = await dfxAnswer('LSTACK_SHOW_LATENCY', 2);
  assert.ok(
    fresh.data.latency.latency.every(
      (l: { latency_min: bigint; latency_pkts: bigint }) =>
        l.latency_min === U64_MAX && l.latency_pkts === 0n,
    ),
  );
  await ask(path, request(sim.wire, 'LTRAN_STOP_LATENCY'), 0);
  await waitFor(() => !proc.traffic.measuring);
});

test('CONN lists the model connections: states, IPv4 and IPv6 addresses, keep-alive', async () => {
  clock.tick(20_000);
  const [a] = await dfxAnswer('LSTACK_SHOW_CONN', 2);
  const model = proc.traffic.stacks[0].conns.list;
  const conn = a.data.conn;
  assert.equal(conn.conn_num, model.length);
  assert.equal(conn.total_conn_num, model.length);
  assert.ok(model.length > 2);
  model.forEach((m, i) => {
    const w = conn.conn_list[i];
    assert.equal(w.tcp_sub_state, TCP_STATE[m.state]);
    assert.equal(w.state, m.state === 'LISTEN' ? 1 : m.state === 'TIME_WAIT' ? 2 : 0);
    assert.equal(w.lip.type, m.local.family === 4 ? 0 : 6);
    assert.equal(w.l_port, m.localPort);
    assert.equal(w.r_port, m.remotePort);
    assert.equal(w.fd, m.fd);
    assert.equal(w.keepalive, m.keepalive ? 1 : 0);
    if (m.local.family === 4) assert.equal(w.rip.u_addr.ip4.addr, ipv4Wire(m.remote));
    else assert.deepEqual(w.rip.u_addr.ip6.addr, ipv6Words(m.remote));
  });
  assert.equal(conn.conn_list[0].lip.u_addr.ip4.addr, proc.ipWire);
});

test('XSTATS, NIC_FEATURES and VIRTIO are single structs', async () => {
  const c = await RawClient.connect(path);
  try {
    c.send(request(sim.wire, 'LSTACK_SHOW_XSTATS'));
    const x = decodeDfx(sim.wire, await c.read(DFX()), 0, 'LSTACK_SHOW_XSTATS');
    assert.equal(await c.quietFor(60), 0);
    assert.deepEqual([x.eof, x.tid], [1, 0]);
    const xs = x.data.nic_xstats;
    assert.equal(xs.len, 8 + 5 * 2);
    assert.equal(xs.xstats_name.length, xs.len);
    assert.equal(xs.xstats_name[0].name, 'rx_good_packets');
    assert.equal(xs.xstats_name[1].name, 'tx_good_packets');
    const stacks = proc.traffic.stacks;
    assert.equal(xs.values[0], stacks[0].counters.rx + stacks[1].counters.rx);
    assert.equal(xs.bonding.mode, -1);

    c.send(request(sim.wire, 'LSTACK_SHOW_NIC_FEATURES'));
    const k = decodeDfx(sim.wire, await c.read(DFX()), 0, 'LSTACK_SHOW_NIC_FEATURES');
    assert.equal(k.eof, 1);
    assert.equal(k.data.nic_features.tx_offload & 0x20n, 0x20n, 'tx-tcp-tso on');

    c.send(request(sim.wire, 'LSTACK_SHOW_VIRTIO'));
    const v = decodeDfx(sim.wire, await c.read(DFX()), 0, 'LSTACK_SHOW_VIRTIO');
    assert.equal(await c.quietFor(60), 0);
    assert.equal(v.eof, 0, 'eof = 1 only with a single stack');
    assert.equal(v.data.virtio.rx_queue_num, 2);
    assert.equal(v.data.virtio.rx_pkg[1], stacks[1].counters.virtio_rx_pkg);
  } finally {
    c.close();
  }
});

test('INTR and PROTOCOL answer per stack; an unknown protocol leaves the union zero', async () => {
  const [, intr] = await dfxAnswer('LSTACK_SHOW_INTR', 2);
  assert.equal(intr.data.intr_stats.nic_event_cnt, proc.traffic.stacks[1].counters.nic_event_cnt);
  assert.ok(intr.data.intr_stats.timeout_event_cnt > 0n);
  const [tcp] = await dfxAnswer('LSTACK_SHOW_PROTOCOL', 2, { protocol: 'TCP' });
  assert.equal(tcp.data.proto_data.xmit, proc.traffic.stacks[0].snmp.tcp_out_seg);
  assert.equal(tcp.data.proto_data.recv, proc.traffic.stacks[0].snmp.tcp_in_seg);
  const [udp] = await dfxAnswer('LSTACK_SHOW_PROTOCOL', 2, { protocol: 'UDP' });
  assert.equal(udp.data.proto_data.recv, proc.traffic.stacks[0].snmp.udp_in_datagrams);
  const [none, last] = await dfxAnswer('LSTACK_SHOW_PROTOCOL', 2, { protocol: 'SCTP' });
  assert.equal(none.data.proto_data.recv, 0n);
  assert.equal(last.eof, 1);
});

test('ltran-only modes get one header-only struct per stack', async () => {
  const [a, b] = await dfxAnswer('LTRAN_SHOW_INSTANCE', 2);
  assert.deepEqual([a.eof, b.eof, b.stack_id, b.tid], [0, 1, 1, proc.tids[1]]);
  const [show] = await dfxAnswer('LTRAN_SHOW_LSTACK', 2);
  assert.equal(show.data.pkts.stack_stat.rx, proc.traffic.stacks[0].counters.rx);
});
