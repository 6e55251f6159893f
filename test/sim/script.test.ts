import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { incidentAt, parseScript } from '../../src/sim/script.js';
import { TRAFFIC_DEFAULTS, TrafficModel } from '../../src/sim/traffic.js';
import { docIpv6, parseIpv4 } from '../../src/sim/addr.js';

test('a script parses into steps; bad lines are a one-line usage error naming the line', () => {
  const steps = parseScript(
    '# incident\n10 burst 5 3s\n\n20 drop 0.3 2 stack=1\n30 restart instance=a_\n40.5 down 5s\n',
  );
  assert.deepEqual(
    steps.map((s) => [s.atMs, s.action, s.value, s.forMs, s.instance, s.stack, s.line]),
    [
      [10_000, 'burst', 5, 3000, undefined, undefined, 2],
      [20_000, 'drop', 0.3, 2000, undefined, 1, 4],
      [30_000, 'restart', 0, 0, 'a_', undefined, 5],
      [40_500, 'down', 0, 5000, undefined, undefined, 6],
    ],
  );
  for (const [text, why] of [
    ['x burst 5 3s', /line 1: a step starts with its time/],
    ['1 burst 5', /burst takes 2 arguments/],
    ['1 drop 2 1s', /drop share must be in/],
    ['1 explode', /the action is burst, drop, restart or down/],
    ['1 restart\n2 down 0s', /line 2: the duration must be/],
  ] as const) {
    assert.throws(() => parseScript(text), why);
  }
});

test('burst and drop act on the ticks inside their window only, and stack= narrows them', () => {
  const steps = parseScript('1 burst 4 1s stack=0\n1.5 drop 0.5 1s');
  assert.equal(incidentAt(steps, 1000, 0), null);
  assert.deepEqual(incidentAt(steps, 1100, 0), { load: 4 });
  assert.equal(incidentAt(steps, 1100, 1), null);
  assert.deepEqual(incidentAt(steps, 1600, 0), { load: 4, dropRate: 0.5, allocRate: 0.005 });
  assert.deepEqual(incidentAt(steps, 2100, 1), { load: 1, dropRate: 0.5, allocRate: 0.005 });
  assert.equal(incidentAt(steps, 2600, 0), null);
});

test('without a script the traffic model counts as before; with one, the window shows in the counters', () => {
  const cfg = {
    ...TRAFFIC_DEFAULTS,
    seed: 3,
    stacks: 2,
    local: { v4: parseIpv4('192.0.2.9'), v6: docIpv6(0, 9) },
  };
  const plain = new TrafficModel(cfg, 0);
  const hooked = new TrafficModel(cfg, 0);
  hooked.incident = () => null;
  plain.advanceTo(5000);
  hooked.advanceTo(5000);
  assert.deepEqual(hooked.stacks[0].counters, plain.stacks[0].counters);

  const steps = parseScript('1 drop 0.5 1s stack=1');
  const dropped = new TrafficModel(cfg, 0);
  dropped.incident = (t, stack) => incidentAt(steps, t, stack);
  const drops = (m: TrafficModel, s: number, until: number): bigint => {
    m.advanceTo(until);
    return m.stacks[s].counters.rx_drop;
  };
  const before = drops(dropped, 1, 1000);
  const during = drops(dropped, 1, 2000) - before;
  assert.ok(during > 400n, `${during} dropped in the window`);
  assert.ok(drops(dropped, 0, 2000) < 50n, 'stack 0 untouched');
});
