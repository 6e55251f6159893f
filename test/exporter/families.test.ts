import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expose, loadPromClient } from '../../src/exporter/expose.js';
import { familiesFor, INSTANCE_LABEL, type InstanceReading } from '../../src/exporter/families.js';
import type { StackSample } from '../../src/stats/stackSample.js';
import { familyOf, find, parsePromText } from './promText.js';

const meta = {
  version: '9.9.9',
  profile: 'v1.0.3' as const,
  scrapeSeconds: 0.012,
  pollTime: 1_790_000_000.5,
};

const sample = (stackId: number, tid: number, over: Partial<StackSample> = {}): StackSample => ({
  tid,
  stackId,
  rx: 1000n,
  tx: 900n,
  rxDrop: 3n,
  txDrop: 2n,
  allocFail: 1n,
  connNum: 4,
  mbufFree: 500,
  wakeupEvents: 77n,
  loglevel: 7,
  lowPower: 0,
  ...over,
});

const ip4 = (addr: number) => ({ type: 0, u_addr: { ip4: { addr } } });
const conn = (state: number, tcp: number) => ({
  state,
  tcp_sub_state: tcp,
  lip: ip4(0x0a02000c),
  rip: ip4(0x0100000a),
  l_port: 80,
  r_port: 40000,
  recvmbox_cnt: 0,
  sendmbox_cnt: 0,
  rcv_wnd: 0,
  snd_wnd: 0,
  cwn: 0,
  fd: 3,
});
const stage = (pkts: bigint, total: bigint) => ({
  latency_pkts: pkts,
  latency_total: total,
  latency_min: 1n,
  latency_max: 9n,
});

const lstackUp: InstanceReading = {
  prefix: '07',
  up: true,
  daemon: 'lstack',
  stacks: [sample(0, 101, { rxBytes: 64000n, txBytes: 32000n }), sample(1, 102, { rx: 2n ** 60n })],
  snmp: [
    { tid: 101, stack_id: 0, data: { snmp: { tcp_in_seg: 10, tcp_out_seg: 11, tcp_retran_seg: 1 } } },
    { tid: 102, stack_id: 1, data: { snmp: { tcp_in_seg: 20, tcp_out_seg: 21, tcp_retran_seg: 2 } } },
  ],
  conn: [
    {
      tid: 101,
      stack_id: 0,
      data: { conn: { total_conn_num: 5, conn_list: [conn(1, 0), conn(0, 4), conn(0, 4), conn(2, 10)] } },
    },
    { tid: 102, stack_id: 1, data: { conn: { total_conn_num: 0, conn_list: [] } } },
  ],
  latency: [
    {
      tid: 101,
      stack_id: 0,
      data: { latency: { latency: [stage(4n, 2_000_000n), stage(0n, 0n)] } },
    },
  ],
};

const ltranUp: InstanceReading = {
  prefix: '',
  up: true,
  daemon: 'ltran',
  stacks: [sample(0, 201, { rxBytes: 640n, txBytes: 320n })],
  ltranTotal: {
    port_num: 1,
    port_list: [
      {
        rx: 5n,
        tx: 6n,
        rx_drop: 999999n, // leftover memory in real ltran: never exported
        tx_drop: 7n,
        rx_bytes: 8n,
        tx_bytes: 9n,
        arp_pkt: 1n,
        kni_pkt: 2n,
        icmp_pkt: 3n,
        tcp_pkt: 4n,
      },
    ],
  },
};

const down: InstanceReading = { prefix: '09', up: false, error: 'lstack is not running' };

test('maps stack, SNMP, connection, latency and ltran port counters with Prometheus names', () => {
  const families = familiesFor([lstackUp, ltranUp, down], meta);
  const byName = new Map(families.map((f) => [f.name, f]));
  const values = (name: string) => byName.get(name)!.samples;

  assert.deepEqual(values('gazelle_build_info'), [
    { labels: { version: '9.9.9', profile: 'v1.0.3' }, value: 1 },
  ]);
  assert.deepEqual(
    values('gazelle_up').map((s) => [s.labels[INSTANCE_LABEL], s.value]),
    [
      ['07', 1],
      ['(default)', 1],
      ['09', 0],
    ],
  );
  const rx = values('gazelle_lstack_rx_packets_total');
  assert.deepEqual(rx[0], { labels: { [INSTANCE_LABEL]: '07', stack: '0', tid: '101' }, value: 1000 });
  assert.equal(rx[1].value, 2 ** 60, 'u64 beyond 2^53 becomes the nearest double');
  assert.equal(byName.get('gazelle_lstack_rx_packets_total')!.type, 'counter');
  // running byte counters only through ltran; lstack's aggregate bytes are per measurement window
  assert.deepEqual(
    values('gazelle_lstack_rx_bytes_total').map((s) => [s.labels.tid, s.value]),
    [['201', 640]],
  );
  assert.equal(byName.get('gazelle_lstack_conn_num')!.type, 'gauge');

  assert.deepEqual(
    values('gazelle_snmp_tcp_in_seg_total').map((s) => [s.labels.stack, s.value]),
    [
      ['0', 10],
      ['1', 20],
    ],
  );

  const conns = values('gazelle_lstack_connections').map((s) => [s.labels.stack, s.labels.state, s.value]);
  assert.deepEqual(conns, [
    ['0', 'ESTABLISHED', 2],
    ['0', 'LISTEN', 1],
    ['0', 'TIME_WAIT', 1],
  ]);
  assert.deepEqual(
    values('gazelle_lstack_total_conn_num').map((s) => s.value),
    [5, 0],
  );

  const lat = values('gazelle_lstack_latency_seconds');
  const sum = lat.find((s) => s.metricName === 'gazelle_lstack_latency_seconds_sum' && s.value > 0)!;
  assert.equal(sum.value, 2, '2,000,000 us over 4 packets');
  const count = lat.find((s) => s.metricName === 'gazelle_lstack_latency_seconds_count' && s.value > 0)!;
  assert.equal(count.value, 4);
  assert.equal(count.labels.stage, sum.labels.stage);

  assert.deepEqual(values('gazelle_ltran_port_rx_packets_total'), [
    { labels: { [INSTANCE_LABEL]: '(default)', port: '0' }, value: 5 },
  ]);
  assert.equal(byName.has('gazelle_ltran_port_rx_dropped_total'), false);
  assert.deepEqual(
    values('gazelle_ltran_port_packets_by_type_total').map((s) => [s.labels.type, s.value]),
    [
      ['arp', 1],
      ['kni', 2],
      ['icmp', 3],
      ['tcp', 4],
    ],
  );
  // a down instance has only its up (and no stale data series)
  for (const f of families) {
    if (f.name === 'gazelle_up') continue;
    assert.ok(
      f.samples.every((s) => s.labels[INSTANCE_LABEL] !== '09'),
      f.name,
    );
  }
});

test('no instance at all still gives build info, scrape duration and an empty gazelle_up family', () => {
  const families = familiesFor([], meta);
  assert.deepEqual(
    families.map((f) => [f.name, f.samples.length]),
    [
      ['gazelle_build_info', 1],
      ['gazelle_scrape_duration_seconds', 1],
      ['gazelle_poll_timestamp_seconds', 1],
      ['gazelle_up', 0],
    ],
  );
});

test('the text exposition follows the naming rules: counters end in _total, nothing else does', async () => {
  const prom = await loadPromClient();
  const { contentType, body } = await expose(prom, familiesFor([lstackUp, ltranUp, down], meta));
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  const parsed = parsePromText(body);
  for (const [name, type] of parsed.types) {
    assert.equal(name.endsWith('_total'), type === 'counter', `${name} is a ${type}`);
    assert.ok(name.startsWith('gazelle_'), name);
    assert.ok(parsed.help.get(name), `${name} has help`);
  }
  for (const s of parsed.samples) {
    assert.ok(familyOf(parsed, s.name), `${s.name} has a TYPE`);
    assert.ok(Number.isFinite(s.value), `${s.name} ${s.value}`);
  }
  assert.equal(find(parsed, 'gazelle_up', { [INSTANCE_LABEL]: '09' })[0].value, 0);
  assert.equal(parsed.types.get('gazelle_lstack_latency_seconds'), 'summary');
  assert.equal(
    find(parsed, 'gazelle_lstack_latency_seconds_count', { stage: 'recv t0->t1 (into mbox)' })[0].value,
    4,
  );
});

test('label values are escaped', async () => {
  const prom = await loadPromClient();
  const odd: InstanceReading = { prefix: 'a"b\\c', up: false, error: 'x' };
  const { body } = await expose(prom, familiesFor([odd], meta));
  assert.match(body, /gazelle_up\{gazelle_instance="a\\"b\\\\c"\} 0/);
  assert.equal(find(parsePromText(body), 'gazelle_up')[0].labels[INSTANCE_LABEL], 'a"b\\c');
});

test('the example Grafana dashboard only queries metrics the exporter serves', () => {
  const path = join(import.meta.dirname, '..', '..', 'docs', 'grafana-dashboard.json');
  const exprs = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')).panels);
  const served = new Set(familiesFor([lstackUp, ltranUp, down], meta).map((f) => f.name));
  const used = new Set(exprs.match(/gazelle_[a-z_]+/g)?.filter((n) => n !== INSTANCE_LABEL));
  assert.ok(used.size >= 8);
  for (const name of used) assert.ok(served.has(name), `${name} is not served`);
});
