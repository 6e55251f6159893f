import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpv4, docIpv6 } from '../../src/sim/addr.js';
import { TRAFFIC_DEFAULTS, TrafficModel, type TrafficConfig } from '../../src/sim/traffic.js';
import { SNMP_COUNTERS, STACK_COUNTERS } from '../../src/sim/traffic-names.js';
import { U64_MAX } from '../../src/protocol/enums.js';

const START = 1_000_000;
const cfg = (over: Partial<TrafficConfig> = {}): TrafficConfig => ({
  ...TRAFFIC_DEFAULTS,
  seed: 42,
  stacks: 2,
  local: { v4: parseIpv4('192.0.2.10'), v6: docIpv6(0, 10) },
  ...over,
});

/** Everything observable about a model, bigints as strings, for deep comparison. */
function snapshot(m: TrafficModel): unknown {
  return JSON.parse(
    JSON.stringify(
      m.stacks.map((s) => ({ c: s.counters, n: s.snmp, b: s.rxIter, g: s.gauges, conns: s.conns.list })),
      (_, v) => (typeof v === 'bigint' ? v.toString() : v),
    ),
  );
}

test('the same seed and clock give the same state, however often the model is advanced', () => {
  const a = new TrafficModel(cfg(), START);
  const b = new TrafficModel(cfg(), START);
  for (let t = START; t < START + 30_000; t += 37) a.advanceTo(t);
  a.advanceTo(START + 30_000);
  b.advanceTo(START + 30_000);
  assert.equal(a.ticks, 300);
  assert.deepEqual(snapshot(a), snapshot(b));
  assert.ok(a.stacks[0].counters.rx > 0n);
});

test('a different seed gives different traffic', () => {
  const a = new TrafficModel(cfg(), START);
  const b = new TrafficModel(cfg({ seed: 43 }), START);
  a.advanceTo(START + 5000);
  b.advanceTo(START + 5000);
  assert.notDeepEqual(snapshot(a), snapshot(b));
});

test('counters only grow, and a new model starts from zero', () => {
  const m = new TrafficModel(cfg({ burstChance: 0.3, dropRate: 0.01 }), START);
  const read = () =>
    m.stacks.map((s) => [
      ...STACK_COUNTERS.map((n) => s.counters[n]),
      ...SNMP_COUNTERS.map((n) => s.snmp[n]),
      ...s.rxIter,
    ]);
  let prev = read();
  for (let i = 1; i <= 200; i++) {
    m.advanceTo(START + i * 250);
    const cur = read();
    cur.forEach((stack, si) =>
      stack.forEach((v, k) => assert.ok(v >= prev[si][k], `counter ${k} of stack ${si} went back`)),
    );
    prev = cur;
  }
  assert.ok(m.stacks[1].counters.tx > 0n);
  m.advanceTo(START); // the past changes nothing
  assert.deepEqual(read(), prev);
  const fresh = new TrafficModel(cfg(), START + 50_000);
  assert.ok(fresh.stacks.every((s) => STACK_COUNTERS.every((n) => s.counters[n] === 0n)));
});

test('counters are consistent with each other', () => {
  const m = new TrafficModel(cfg({ pps: 200_000, dropRate: 0.01 }), START);
  m.advanceTo(START + 10_000);
  for (const s of m.stacks) {
    const c = s.counters;
    const n = s.snmp;
    // every received packet came out of some NIC read of 1..32 packets
    const viaBursts = s.rxIter.slice(1).reduce((a, reads, k) => a + reads * BigInt(k + 1), 0n);
    assert.equal(viaBursts, c.rx);
    assert.ok(
      s.rxIter.slice(9).some((r) => r > 0n),
      'busy stacks read bigger bursts',
    );
    assert.equal(n.ip_in_recv, c.rx - c.rx_drop);
    assert.equal(n.ip_in_deliver + n.ip_in_discard, n.ip_in_recv);
    assert.equal(n.ip_out_req, c.tx);
    assert.equal(n.tcp_in_seg + n.udp_in_datagrams + n.icmp_in_msgs, n.ip_in_recv);
    assert.equal(n.tcp_out_seg + n.udp_out_datagrams + n.icmp_out_msgs, n.ip_out_req);
    assert.equal(c.tcp_pkt, n.tcp_in_seg);
    assert.ok(c.rx_drop > 0n && c.rx_drop < c.rx / 10n);
    // per stack rate close to the configured one (load wanders between 0.5 and 1.5, plus bursts)
    const pps = Number(c.rx) / 10;
    assert.ok(pps > 100_000 && pps < 400_000, `pps ${pps}`);
  }
});

test('connections go through LISTEN, SYN_RECVD, ESTABLISHED, CLOSE_WAIT and TIME_WAIT over IPv4 and IPv6', () => {
  const m = new TrafficModel(cfg({ connRate: 20, connLifetimeMs: 2000 }), START);
  const seen = new Set<string>();
  let keepalive = false;
  for (let t = START; t <= START + 60_000; t += 100) {
    m.advanceTo(t);
    for (const c of m.stacks[0].conns.list) {
      seen.add(`${c.state}/${c.local.family}`);
      keepalive ||= c.keepalive !== null;
      assert.equal(c.local.family, c.remote.family);
      assert.equal(c.state === 'TIME_WAIT', c.fd === -1);
    }
    assert.ok(m.stacks[0].conns.open <= TRAFFIC_DEFAULTS.maxConns);
  }
  for (const state of ['LISTEN', 'SYN_RECVD', 'ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT']) {
    for (const family of [4, 6]) assert.ok(seen.has(`${state}/${family}`), `${state} over IPv${family}`);
  }
  assert.ok(keepalive);
  assert.ok(m.stacks[0].snmp.tcp_passive_open > 100n);
  assert.ok(m.stacks[0].snmp.tcp_listen_drops > 0n, 'arrivals beyond maxConns are dropped');
});

test('latency and aggregate meters fill only between START and STOP; START zeroes them', () => {
  const m = new TrafficModel(cfg(), START);
  m.advanceTo(START + 2000);
  const s = m.stacks[0];
  assert.equal(s.latency.READ_MAX.min, U64_MAX);
  assert.equal(s.latency.READ_MAX.pkts, 0n);
  assert.equal(s.aggregate.rx_bytes, 0n);

  m.startLatency(START + 2000);
  const rxBytesAtStart = s.counters.rx_bytes;
  const deliveredAtStart = s.counters.rx - s.counters.rx_drop;
  m.advanceTo(START + 3000);
  m.stopLatency(START + 3000);
  const read = s.latency.READ_MAX;
  assert.ok(read.pkts > 0n && read.min <= read.max && read.min > 0n);
  const avg = Number(read.total) / Number(read.pkts);
  assert.ok(avg >= Number(read.min) && avg <= Number(read.max), `avg ${avg}`);
  // the total of a path is slower than any of its parts
  const avgOf = (m2: { total: bigint; pkts: bigint }) => Number(m2.total) / Number(m2.pkts);
  assert.ok(avg > avgOf(s.latency.INTO_MBOX) && avg > avgOf(s.latency.READ_LSTACK));
  assert.equal(s.aggregate.rx_bytes, s.counters.rx_bytes - rxBytesAtStart);
  assert.equal(
    s.aggregate.rx.reduce((a, b) => a + b, 0),
    Number(s.counters.rx - s.counters.rx_drop - deliveredAtStart),
  );

  const frozen = JSON.stringify(s.latency, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
  m.advanceTo(START + 5000);
  assert.equal(
    JSON.stringify(s.latency, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
    frozen,
  );

  m.startLatency(START + 5000);
  assert.equal(s.latency.READ_MAX.min, U64_MAX);
  assert.equal(s.latency.WRITE_MAX.pkts, 0n);
  assert.deepEqual(s.aggregate.tx, [0, 0, 0, 0, 0]);
});
