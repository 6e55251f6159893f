/** The ltran daemon: its own answers, forwarding to registered lstack processes, closing, quitting. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { decodeDfx, decodeLtran, type Decoded } from '../../src/protocol/codec.js';
import { ipv4Wire } from '../../src/sim/addr.js';
import type { SimLstackProcess } from '../../src/sim/lstack-process.js';
import type { SimInstance, Simulator } from '../../src/sim/simulator.js';
import { RawClient, ask, request, simulate } from './helpers.js';

let sim: Simulator;
let done: () => Promise<void>;
let ltran: SimInstance;
let clients: readonly SimLstackProcess[];
let path: string;
let clock: Awaited<ReturnType<typeof simulate>>['clock'];

before(async () => {
  ({ sim, clock, done } = await simulate({
    instances: [
      { prefix: 'gz1_', mode: 'ltran', stacks: 2, clients: 2 },
      { prefix: 'gz2_', mode: 'ltran', stacks: 1, clients: 1 },
    ],
    traffic: { connRate: 10 },
  }));
  ltran = sim.instances[0];
  clients = ltran.processes;
  path = ltran.socketPath;
  clock.tick(15_000);
});
after(() => done());

const size = (kind: 'ltranTotal' | 'lstackTotal' | 'inAddr' | 'dfx') => sim.wire.layouts[kind].size;
const stacksOf = (procs: readonly SimLstackProcess[]) => procs.flatMap((p) => p.traffic.stacks);

test('LTRAN_SHOW: one ltran_total summing every stack of every client, then ltran closes', async () => {
  const c = await RawClient.connect(path);
  c.send(request(sim.wire, 'LTRAN_SHOW'));
  assert.ok(await c.closedWithin(1000), 'ltran closes after answering');
  const buf = await c.readToEnd(0);
  assert.equal(buf.length, size('ltranTotal'));
  const total = decodeLtran(sim.wire, 'ltranTotal', buf, 0);
  assert.equal(total.port_num, 1);
  const port = total.port_list[0];
  const stacks = stacksOf(clients);
  const sum = (f: (s: (typeof stacks)[0]) => bigint) => stacks.reduce((a, s) => a + f(s), 0n);
  assert.equal(
    port.tx,
    sum((s) => s.counters.tx),
  );
  assert.equal(
    port.rx,
    sum((s) => s.counters.rx + s.counters.arp_pkt + s.counters.kni_pkt),
  );
  assert.equal(
    port.rx_bytes,
    sum((s) => s.counters.rx_bytes),
  );
  assert.equal(
    port.rx_iter_arr[1],
    sum((s) => s.rxIter[1]),
  );
  assert.equal(port.rx_iter_arr.length, 33);
  assert.equal(port.loglevel, 7);
});

test('RATE and BURST are the same struct; a second request on the connection is not read', async () => {
  for (const mode of ['LTRAN_SHOW_RATE', 'LTRAN_SHOW_BURST'] as const) {
    const c = await RawClient.connect(path);
    c.send(Buffer.concat([request(sim.wire, mode), request(sim.wire, mode)]));
    const buf = await c.readToEnd();
    assert.equal(buf.length, size('ltranTotal'), mode);
  }
});

test('SHOW_INSTANCE lists the registered lstack processes', async () => {
  const inst = decodeLtran(
    sim.wire,
    'ltranClient',
    await ask(path, request(sim.wire, 'LTRAN_SHOW_INSTANCE')),
    0,
  );
  assert.equal(inst.client_num, 2);
  inst.client_info.forEach((ci: Decoded, i: number) => {
    assert.equal(ci.ip, clients[i].ipWire);
    assert.equal(ci.pid, clients[i].pid);
    assert.equal(ci.stack_cnt, 2);
    assert.equal(ci.state, 0);
  });
  assert.notEqual(clients[0].ip, clients[1].ip);
});

test('SOCKTABLE lists IPv4 listeners, CONNTABLE the IPv4 connections', async () => {
  const sock = decodeLtran(
    sim.wire,
    'forwardTable',
    await ask(path, request(sim.wire, 'LTRAN_SHOW_SOCKTABLE')),
    0,
  );
  assert.equal(sock.conn_num, 4); // 2 clients x 2 stacks x 1 IPv4 listener
  assert.equal(sock.conn_list[0].dst_ip, clients[0].ipWire);
  assert.equal(sock.conn_list[0].dst_port, 80);
  assert.equal(sock.conn_list[0].tid, clients[0].tids[0]);
  const v4 = clients[0].traffic.stacks[0].conns.list.filter(
    (c) => c.local.family === 4 && c.state !== 'LISTEN',
  );
  assert.equal(sock.conn_list[0].conn_num, v4.length);

  const conn = decodeLtran(
    sim.wire,
    'forwardTable',
    await ask(path, request(sim.wire, 'LTRAN_SHOW_CONNTABLE')),
    0,
  );
  const all = stacksOf(clients).flatMap((s) =>
    s.conns.list.filter((c) => c.local.family === 4 && c.state !== 'LISTEN'),
  );
  assert.ok(all.length > 0);
  assert.equal(conn.conn_num, all.length);
  assert.equal(conn.conn_list[0].src_ip, ipv4Wire(all[0].remote));
  assert.equal(conn.conn_list[0].src_port, all[0].remotePort);
  assert.equal(conn.conn_list[0].protocol, 6);
});

test('SHOW_LATENCY: (address, lstack_total) per stack, then the end marker made of eof bytes', async () => {
  await ask(path, request(sim.wire, 'LTRAN_START_LATENCY'));
  clock.tick(500);
  await ask(path, request(sim.wire, 'LTRAN_STOP_LATENCY'));
  const buf = await ask(path, request(sim.wire, 'LTRAN_SHOW_LATENCY'));
  const pair = size('inAddr') + size('lstackTotal');
  assert.equal(buf.length, 5 * pair);
  const entries: Decoded[] = [];
  for (let at = 0; at < buf.length; at += pair) {
    const addr = buf.readUInt32LE(at);
    const total = decodeLtran(sim.wire, 'lstackTotal', buf, at + size('inAddr'));
    entries.push({ addr, total });
  }
  assert.deepEqual(
    entries.map((e) => e.total.eof),
    [0, 0, 0, 0, 1],
  );
  assert.deepEqual(
    entries.slice(0, 4).map((e) => e.addr),
    [clients[0].ipWire, clients[0].ipWire, clients[1].ipWire, clients[1].ipWire],
  );
  assert.equal(entries[4].addr, 1, 'the end marker is the terminating struct’s own eof');
  assert.equal(entries[4].total.tid, entries[3].total.tid, 'the terminator still holds the last stack');
  entries.slice(0, 4).forEach((e, i) => {
    const stack = stacksOf(clients)[i];
    assert.ok(e.total.latency_pkts > 0n);
    assert.equal(e.total.latency_pkts, stack.ltranLatency.pkts);
    assert.equal(e.total.rx, stack.counters.rx);
  });
});

test('LB_RATE: lstack_total per stack of the instance named by ip or pid', async () => {
  const byIp = await ask(path, request(sim.wire, 'LTRAN_SHOW_LB_RATE', { ip: clients[0].ipWire }));
  assert.equal(byIp.length, 2 * size('lstackTotal'));
  const [a, b] = [0, 1].map((i) => decodeLtran(sim.wire, 'lstackTotal', byIp, i * size('lstackTotal')));
  assert.deepEqual([a.eof, b.eof, a.index, b.index], [0, 1, 0, 1]);
  assert.equal(b.rx, clients[0].traffic.stacks[1].counters.rx);
  // pid wins over ip
  const byPid = await ask(
    path,
    request(sim.wire, 'LTRAN_SHOW_LB_RATE', { ip: clients[0].ipWire, pid: clients[1].pid }),
  );
  assert.equal(decodeLtran(sim.wire, 'lstackTotal', byPid, 0).tid, clients[1].tids[0]);
});

test('SHOW_LSTACK: the lstack_total list, then the instance’s dfx list', async () => {
  const buf = await ask(path, request(sim.wire, 'LTRAN_SHOW_LSTACK', { pid: clients[1].pid }));
  const lt = size('lstackTotal');
  assert.equal(buf.length, 2 * lt + 2 * size('dfx'));
  assert.equal(decodeLtran(sim.wire, 'lstackTotal', buf, lt).eof, 1);
  const dfx = [0, 1].map((i) => decodeDfx(sim.wire, buf, 2 * lt + i * size('dfx'), 'LTRAN_SHOW_LSTACK'));
  assert.deepEqual([dfx[0].eof, dfx[1].eof], [0, 1]);
  assert.equal(dfx[1].tid, clients[1].tids[1]);
  assert.equal(dfx[1].data.pkts.stack_stat.tx, clients[1].traffic.stacks[1].counters.tx);
});

test('forwarded modes are answered by the selected instance', async () => {
  const buf = await ask(path, request(sim.wire, 'LSTACK_SHOW_SNMP', { ip: clients[1].ipWire }));
  assert.equal(buf.length, 2 * size('dfx'));
  const d = decodeDfx(sim.wire, buf, 0, 'LSTACK_SHOW_SNMP');
  assert.equal(d.tid, clients[1].tids[0]);
  assert.equal(d.data.snmp.tcp_in_seg, Number(clients[1].traffic.stacks[0].snmp.tcp_in_seg));
  const lp = await ask(
    path,
    request(sim.wire, 'LSTACK_LOW_POWER_MDF', { pid: clients[0].pid, low_power_mod: 1 }),
  );
  assert.equal(lp.length, size('dfx'));
  assert.equal(clients[0].lowPower.low_power_mod, 1);
  assert.equal(clients[1].lowPower.low_power_mod, 0);
});

test('unknown instance, lstack-only modes and unknown modes: closed without a byte', async () => {
  const unknown = request(sim.wire, 'LSTACK_SHOW_SNMP', {
    ip: ipv4Wire({ family: 4, bytes: [192, 0, 2, 99] }),
  });
  const cases = [
    unknown,
    request(sim.wire, 'LTRAN_SHOW_LB_RATE', { pid: 12345 }),
    request(sim.wire, 'LSTACK_SHOW_XSTATS', { ip: clients[0].ipWire }),
    request(sim.wire, 'LSTACK_SHOW', { ip: clients[0].ipWire }),
    request(sim.wire, 'LSTACK_SHOW_INTR', { ip: clients[0].ipWire }),
    request(sim.wire, 'LTRAN_SHOW', { stat_mode: 999 }),
  ];
  for (const req of cases) assert.equal((await ask(path, req)).length, 0);
});

test('set loglevel: ltran’s own level shows in LTRAN_SHOW; lstack’s is forwarded and answers nothing', async () => {
  assert.equal((await ask(path, request(sim.wire, 'LTRAN_LOG_LEVEL_SET', { log_level: 'debug' }))).length, 0);
  assert.equal(ltran.ltran!.loglevel, 8);
  const total = decodeLtran(sim.wire, 'ltranTotal', await ask(path, request(sim.wire, 'LTRAN_SHOW')), 0);
  assert.equal(total.port_list[0].loglevel, 8);
  const fwd = await ask(
    path,
    request(sim.wire, 'LSTACK_LOG_LEVEL_SET', { pid: clients[1].pid, log_level: 'error' }),
  );
  assert.equal(fwd.length, 0);
  assert.equal(clients[1].loglevel, 4);
  assert.equal(clients[0].loglevel, 7);
});

test('LTRAN_QUIT stops that ltran only and removes its socket', async () => {
  const other = sim.instances[1];
  assert.ok(existsSync(other.socketPath));
  assert.equal((await ask(other.socketPath, request(sim.wire, 'LTRAN_QUIT'))).length, 0);
  await other.stopped;
  assert.equal(other.running, false);
  assert.equal(existsSync(other.socketPath), false);
  assert.ok(ltran.running);
  assert.equal((await ask(path, request(sim.wire, 'LTRAN_SHOW'))).length, size('ltranTotal'));
});
