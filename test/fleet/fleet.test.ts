/** Fleet-wide loglevel / lowpower against simulated lstack and ltran instances of every profile. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFleet, type FleetFlags } from '../../src/fleet/command.js';
import { planFor } from '../../src/fleet/plan.js';
import { EXIT } from '../../src/errors.js';
import { PROFILE_NAMES } from '../../src/protocol/profiles.js';
import { SOCKET_NAMES } from '../../src/discovery/names.js';
import { lstackAt, ltranAt, staleSockets, withSim } from '../sim/helpers.js';
import { withTempDir } from '../support/run-dir.js';
import { captureIo } from '../capture-io.js';

const flags = (runDir: string, extra: Partial<FleetFlags> = {}): FleetFlags => ({
  'run-dir': runDir,
  timeout: 2000,
  json: true,
  all: false,
  'dry-run': false,
  ...extra,
});

const fleet = [lstackAt('07', 2), ltranAt('08', 1, 2)];

/** One fleet command line through runFleet, against `runDir`. */
async function runFleetIn(
  runDir: string,
  command: 'loglevel' | 'lowpower',
  value: string,
  extra: Partial<FleetFlags> = {},
) {
  const io = captureIo();
  const code = await runFleet(command, value, flags(runDir, extra), io);
  return { code, out: io.out(), err: io.err() };
}

for (const profile of PROFILE_NAMES) {
  test(`loglevel debug --all (${profile}): lstack, ltran and each lstack behind ltran`, () =>
    withSim({ profile, instances: fleet }, async (sim) => {
      const a = await runFleetIn(sim.runDir, 'loglevel', 'debug', { all: true });
      assert.equal(a.code, 0, a.out + a.err);
      const doc = JSON.parse(a.out);
      assert.deepEqual(
        doc.results.map(
          (r: { prefix: string; target: string; status: string }) => `${r.prefix} ${r.target} ${r.status}`,
        ),
        // 1.0.2's ltran has no LTRAN_SHOW_LSTACK to read a client's level back with
        [
          '07 lstack ok',
          '08 ltran ok',
          ...Array(2).fill(profile === 'v1.0.2' ? '08 client sent' : '08 client ok'),
        ],
      );
      assert.equal(doc.failed, 0);
      const [lstack, ltran] = sim.instances;
      assert.equal(lstack.processes[0].loglevel, 8);
      assert.equal(ltran.ltran!.loglevel, 8);
      assert.deepEqual(
        ltran.processes.map((p) => p.loglevel),
        [8, 8],
      );
    }));

  test(`lowpower 1 -u 07 -u 08 (${profile}): checked from the answers`, () =>
    withSim({ profile, instances: fleet }, async (sim) => {
      const a = await runFleetIn(sim.runDir, 'lowpower', '1', { 'unix-prefix': ['07', '08'] });
      assert.equal(a.code, 0, a.err);
      const doc = JSON.parse(a.out);
      assert.deepEqual(
        doc.results.map((r: { detail: string }) => r.detail),
        ['low_power_mod 1', 'low_power_mod 1', 'low_power_mod 1'],
      );
      for (const i of sim.instances) for (const p of i.processes) assert.equal(p.lowPower.low_power_mod, 1);
    }));
}

test('--dry-run changes nothing and says what would be sent', () =>
  withSim({ instances: fleet }, async (sim) => {
    const a = await runFleetIn(sim.runDir, 'loglevel', 'error', { all: true, 'dry-run': true, json: false });
    assert.equal(a.code, 0);
    assert.match(
      a.out,
      /^08 +ltran +lstack 192\.0\.2\.12 pid \d+ +v1\.0\.3 +loglevel error +planned +would send LSTACK_LOG_LEVEL_SET for pid \d+$/m,
    );
    for (const i of sim.instances) for (const p of i.processes) assert.equal(p.loglevel, 7);
    assert.equal(sim.instances[1].ltran!.loglevel, 7);
  }));

test('one missing instance fails its row and the exit code; the others are still changed', () =>
  withSim({ instances: fleet }, async (sim) => {
    const a = await runFleetIn(sim.runDir, 'loglevel', 'info', { 'unix-prefix': ['09', '07'], json: false });
    assert.equal(a.code, EXIT.notRunning);
    assert.match(a.out, /^09 +- +- +- +loglevel info +failed +no control socket for unix_prefix '09'/m);
    assert.match(a.out, /^07 +lstack +lstack +v1\.0\.3 +loglevel info +ok +loglevel 7$/m);
  }));

test('--all: a stale socket is skipped, not a failure', () =>
  withSim({ instances: [fleet[0]] }, async (sim) => {
    await staleSockets(sim.runDir, ['dead_lstack_cmd.sock']);
    const a = await runFleetIn(sim.runDir, 'loglevel', 'debug', { all: true });
    assert.equal(a.code, 0, a.out);
    const rows = JSON.parse(a.out).results as { prefix: string; status: string; detail: string }[];
    assert.deepEqual(
      rows.map((r) => [r.prefix, r.status]),
      [
        ['07', 'ok'],
        ['dead_', 'skipped'],
      ],
    );
    assert.match(rows[1].detail, /stale/);
  }));

test('usage errors: no selection, both selections, bad values', async () => {
  const cases: [() => Promise<number>, RegExp][] = [
    [() => runFleet('loglevel', 'debug', flags('/tmp/'), captureIo()), /./],
    [() => runFleet('loglevel', 'loud', flags('/tmp/', { all: true }), captureIo()), /./],
    [() => runFleet('lowpower', '2', flags('/tmp/', { all: true }), captureIo()), /./],
    [() => runFleet('lowpower', '1', flags('/tmp/', { all: true, 'unix-prefix': ['07'] }), captureIo()), /./],
    [() => runFleet('lowpower', '1', flags('/tmp/', { 'unix-prefix': ['../x'] }), captureIo()), /./],
  ];
  for (const [run] of cases) assert.equal(await run(), EXIT.usage);
  const a = captureIo();
  await runFleet('loglevel', 'loud', flags('/tmp/', { all: true }), a);
  assert.equal(a.err(), "gazellectl: loglevel expects error, info or debug, got 'loud'\n");
});

test('plan: ltran has no low-power mode; an ltran without clients has nothing to switch', () => {
  const ltran = {
    path: '/x',
    socket: SOCKET_NAMES[0],
    daemon: 'ltran' as const,
    profile: 'v1.0.3' as const,
    candidates: ['v1.0.3' as const],
    clients: [{ pid: 42, ip: '192.0.2.1', stacks: 1, state: 0 }],
  };
  assert.deepEqual(
    planFor(ltran, { kind: 'lowpower', mod: 1 }).map((s) => [s.target, s.mode, s.pid]),
    [['client', 'LSTACK_LOW_POWER_MDF', 42]],
  );
  assert.deepEqual(
    planFor(ltran, { kind: 'loglevel', level: 'info' }).map((s) => [s.target, s.mode, s.pid]),
    [
      ['ltran', 'LTRAN_LOG_LEVEL_SET', 0],
      ['client', 'LSTACK_LOG_LEVEL_SET', 42],
    ],
  );
  assert.deepEqual(planFor({ ...ltran, clients: [] }, { kind: 'lowpower', mod: 0 }), []);
});

test('--all where every instance is skipped (or none exists) changed nothing: exit 3 and one line saying so', () =>
  withTempDir('gz-fleet-', async ({ runDir: dir }) => {
    const empty = await runFleetIn(dir, 'loglevel', 'debug', { all: true });
    assert.equal(empty.code, EXIT.notRunning);
    assert.equal(empty.err, 'gazellectl: no instances in the run dir\n');
    await staleSockets(dir, ['dead_lstack_cmd.sock']);
    for (const [command, value] of [
      ['loglevel', 'debug'],
      ['lowpower', '1'],
    ] as const) {
      const a = await runFleetIn(dir, command, value, { all: true });
      assert.equal(a.code, EXIT.notRunning, a.out);
      assert.deepEqual(
        (JSON.parse(a.out).results as { status: string }[]).map((r) => r.status),
        ['skipped'],
      );
      assert.equal(a.err, 'gazellectl: nothing changed: every instance was skipped\n');
    }
  }));
