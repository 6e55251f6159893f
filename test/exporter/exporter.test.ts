import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { INSTANCE_LABEL } from '../../src/exporter/families.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { simulate } from '../sim/helpers.js';
import { find, parsePromText, type Parsed } from './promText.js';
import { serveUnix } from '../support/unix-server.js';

const INSTANCES = [
  { prefix: 'ls_', mode: 'lstack' as const, stacks: 2, clients: 1 },
  { prefix: 'lt_', mode: 'ltran' as const, stacks: 2, clients: 1 },
];

async function exporterFor(
  runDir: string,
  over: Partial<Parameters<typeof startExporter>[0]> = {},
): Promise<RunningExporter> {
  return startExporter({
    runDir,
    prefixes: null,
    // the simulator shares this process's event loop with the exporter and the test: a busy machine
    // (2 s failed once beside other test runs) needs room for a healthy instance's answer
    timeoutMs: 5000,
    snmp: true,
    connections: true,
    latency: false,
    listen: { host: '127.0.0.1', port: 0 },
    version: '0.0.0-test',
    ...over,
  });
}

async function scrape(ex: RunningExporter): Promise<Parsed> {
  const res = await fetch(`${ex.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePromText(await res.text());
}

const sumOf = (p: Parsed, name: string, inst: string): number =>
  find(p, name, { [INSTANCE_LABEL]: inst }).reduce((a, s) => a + s.value, 0);

test('scraped over HTTP: lstack and ltran instances, counters move between scrapes', async () => {
  const { sim, clock, done } = await simulate({ instances: INSTANCES });
  const ex = await exporterFor(sim.runDir);
  try {
    clock.tick(5000);
    const first = await scrape(ex);
    clock.tick(10_000);
    const second = await scrape(ex);

    assert.deepEqual(
      find(second, 'gazelle_up').map((s) => [s.labels[INSTANCE_LABEL], s.value]),
      [
        ['ls_', 1],
        ['lt_', 1],
      ],
    );
    assert.deepEqual(
      find(second, 'gazelle_instance_info', { [INSTANCE_LABEL]: 'lt_' })[0].labels.daemon,
      'ltran',
    );
    // no --profile: each instance read in its own era, which gazelle_instance_info states
    assert.equal(find(second, 'gazelle_build_info')[0].labels.profile, 'auto');
    assert.equal(
      find(second, 'gazelle_instance_info', { [INSTANCE_LABEL]: 'ls_' })[0].labels.profile,
      'v1.0.3',
    );
    assert.ok(find(second, 'gazelle_scrape_duration_seconds')[0].value > 0);
    // without --poll-interval the values are this scrape's own poll
    assert.ok(Math.abs(find(second, 'gazelle_poll_timestamp_seconds')[0].value - Date.now() / 1000) < 5);

    const rx = find(second, 'gazelle_lstack_rx_packets_total', { [INSTANCE_LABEL]: 'ls_' });
    assert.deepEqual(
      rx.map((s) => Object.keys(s.labels).sort()),
      [
        [INSTANCE_LABEL, 'stack', 'tid'],
        [INSTANCE_LABEL, 'stack', 'tid'],
      ],
    );
    for (const inst of ['ls_', 'lt_']) {
      for (const name of [
        'gazelle_lstack_rx_packets_total',
        'gazelle_lstack_tx_packets_total',
        'gazelle_snmp_tcp_in_seg_total',
        ...(inst === 'lt_' ? ['gazelle_lstack_rx_bytes_total'] : []),
      ]) {
        assert.ok(sumOf(second, name, inst) > sumOf(first, name, inst), `${name} of ${inst} moved`);
      }
    }
    assert.equal(second.types.get('gazelle_lstack_rx_packets_total'), 'counter');
    assert.ok(sumOf(second, 'gazelle_ltran_port_rx_packets_total', 'lt_') > 0);
    assert.ok(
      sumOf(second, 'gazelle_ltran_port_rx_packets_total', 'lt_') >=
        sumOf(first, 'gazelle_ltran_port_rx_packets_total', 'lt_'),
    );
    assert.deepEqual(find(first, 'gazelle_ltran_port_rx_packets_total', { [INSTANCE_LABEL]: 'ls_' }), []);

    // connection counts per state only, never one series per connection
    const conns = find(second, 'gazelle_lstack_connections');
    assert.ok(conns.length > 0);
    for (const c of conns)
      assert.deepEqual(Object.keys(c.labels).sort(), [INSTANCE_LABEL, 'stack', 'state', 'tid']);
    assert.ok(conns.some((c) => c.labels.state === 'LISTEN'));
  } finally {
    await ex.close();
    await done();
  }
});

test('--poll-interval: scrapes are answered from the newest poll, one poll per interval', async () => {
  const { sim, clock, done } = await simulate({ instances: INSTANCES });
  const ex = await exporterFor(sim.runDir, { pollIntervalMs: 1000 });
  const polls = (): number => [...ex.poller.pollsStarted.values()].reduce((a, b) => a + b, 0);
  // the simulator is closed whatever fails, or its timers keep the test process alive
  try {
    try {
      clock.tick(5000);
      const a = await scrape(ex);
      clock.tick(5000); // the daemons' counters move, but no poll has happened since
      const b = await scrape(ex);
      const stamp = (p: Parsed): number => find(p, 'gazelle_poll_timestamp_seconds')[0].value;
      // On a loaded machine the timer may have polled between the two scrapes (b is newer), or
      // started a poll that had not finished when b was served (b is the same poll as a): either
      // way b is never older, and the scrapes themselves asked for no poll.
      assert.ok(stamp(b) >= stamp(a), 'b is older than a');
      if (stamp(b) === stamp(a))
        assert.equal(
          sumOf(b, 'gazelle_lstack_rx_packets_total', 'ls_'),
          sumOf(a, 'gazelle_lstack_rx_packets_total', 'ls_'),
          'the same poll answered with other values',
        );
      assert.ok(polls() <= 4, `${polls()} polls: the scrapes must not have asked for any`);
      assert.ok(Math.abs(stamp(a) - Date.now() / 1000) < 5, `poll time ${stamp(a)}`);

      // after the interval the timer has polled again: newer values, without a scrape asking for them
      await new Promise((r) => setTimeout(r, 1300));
      const c = await scrape(ex);
      assert.ok(stamp(c) > stamp(a));
      assert.ok(
        sumOf(c, 'gazelle_lstack_rx_packets_total', 'ls_') >
          sumOf(a, 'gazelle_lstack_rx_packets_total', 'ls_'),
      );
      assert.ok(polls() >= 4 && polls() <= 6, `${polls()} polls in ~1.3 s at 1 s`);
    } finally {
      await ex.close();
    }
    // closed: the timer is gone
    const after = polls();
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(polls(), after);
  } finally {
    await done();
  }
});

test('a stopped instance is gazelle_up 0 while the other is still served', async () => {
  const { sim, clock, done } = await simulate({ instances: INSTANCES });
  const logs: string[] = [];
  const ex = await exporterFor(sim.runDir, { log: (l) => logs.push(l) });
  try {
    await scrape(ex);
    await sim.instances[0].stop(); // removes ls_lstack_cmd.sock as well
    clock.tick(3000);
    const p = await scrape(ex);
    assert.equal(find(p, 'gazelle_up', { [INSTANCE_LABEL]: 'ls_' })[0].value, 0);
    assert.equal(find(p, 'gazelle_up', { [INSTANCE_LABEL]: 'lt_' })[0].value, 1);
    assert.deepEqual(find(p, 'gazelle_lstack_rx_packets_total', { [INSTANCE_LABEL]: 'ls_' }), []);
    assert.equal(find(p, 'gazelle_lstack_rx_packets_total', { [INSTANCE_LABEL]: 'lt_' }).length, 2);
    assert.ok(
      logs.some((l) => /^instance ls_ is down: lstack is not running/.test(l)),
      logs.join('\n'),
    );
  } finally {
    await ex.close();
    await done();
  }
});

test('a hung instance costs one timeout; concurrent scrapes share one poll per instance', async () => {
  const { sim, done } = await simulate({ instances: INSTANCES });
  // Accepts and reads, never answers.
  const hung = await serveUnix(join(sim.runDir, 'hung_lstack_cmd.sock'), () => undefined);
  // the first poll of an instance also finds its era (one request more)
  // a timeout the healthy daemons meet even on a loaded machine; the hung one must cost it once,
  // not once per scrape or per instance
  const TIMEOUT = 3000;
  const ex = await exporterFor(sim.runDir, { prefixes: ['hung_', 'ls_', 'lt_'], timeoutMs: TIMEOUT });
  try {
    const t0 = performance.now();
    const [a, b] = await Promise.all([scrape(ex), scrape(ex)]);
    const ms = performance.now() - t0;
    assert.ok(ms < 2 * TIMEOUT, `took ${ms} ms`);
    for (const p of [a, b]) {
      assert.equal(find(p, 'gazelle_up', { [INSTANCE_LABEL]: 'hung_' })[0].value, 0);
      assert.equal(find(p, 'gazelle_up', { [INSTANCE_LABEL]: 'ls_' })[0].value, 1);
      assert.equal(find(p, 'gazelle_up', { [INSTANCE_LABEL]: 'lt_' })[0].value, 1);
    }
    assert.deepEqual(Object.fromEntries(ex.poller.pollsStarted), { hung_: 1, ls_: 1, lt_: 1 });
  } finally {
    await ex.close();
    await hung.close();
    await done();
  }
});

test('HTTP: / points to /metrics, other paths 404, other methods 405', async () => {
  const { sim, done } = await simulate({ instances: INSTANCES });
  const ex = await exporterFor(sim.runDir);
  try {
    const index = await fetch(`${ex.url}/`);
    assert.equal(index.status, 200);
    assert.match(await index.text(), /href="\/metrics"/);
    const missing = await fetch(`${ex.url}/metricz`);
    assert.equal(missing.status, 404);
    await missing.text();
    const post = await fetch(`${ex.url}/metrics`, { method: 'POST' });
    assert.equal(post.status, 405);
    await post.text();
    assert.equal(ex.address.address, '127.0.0.1');
  } finally {
    await ex.close();
    await done();
  }
});

test('gazellectl exporter serves until SIGTERM, then exits 0', async () => {
  const { sim, done } = await simulate({ instances: INSTANCES });
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
  const child = spawn(
    process.execPath,
    [bin, 'exporter', '--listen', '127.0.0.1:0', '--run-dir', sim.runDir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  try {
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d;
        const m = /serving (http:\/\/\S+\/metrics)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const p = parsePromText(await (await fetch(url)).text());
    assert.equal(find(p, 'gazelle_up').length, 2);
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  } finally {
    child.kill('SIGKILL');
    await done();
  }
});

test('gazellectl exporter refuses a bad --listen with a usage error', async () => {
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
  const child = spawn(process.execPath, [bin, 'exporter', '--listen', '9456'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  assert.equal(code, 2);
  assert.match(stderr, /invalid --listen '9456'/);
});
