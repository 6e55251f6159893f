/** Fleet-wide loglevel / lowpower against simulated lstack and ltran instances of every profile. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runFleet, type FleetFlags } from '../../src/fleet/command.js';
import { planFor } from '../../src/fleet/plan.js';
import { EXIT } from '../../src/errors.js';
import { PROFILE_NAMES } from '../../src/protocol/profiles.js';
import { SOCKET_NAMES } from '../../src/discovery/names.js';
import { simulate, tempRunDir } from '../sim/helpers.js';
import { captureIo } from '../capture-io.js';

const flags = (runDir: string, extra: Partial<FleetFlags> = {}): FleetFlags => ({
  'run-dir': runDir,
  timeout: 2000,
  json: true,
  all: false,
  'dry-run': false,
  ...extra,
});

const fleet = [
  { prefix: '07', mode: 'lstack', stacks: 2, clients: 1 },
  { prefix: '08', mode: 'ltran', stacks: 1, clients: 2 },
] as const;

for (const profile of PROFILE_NAMES) {
  test(`loglevel debug --all (${profile}): lstack, ltran and each lstack behind ltran`, async () => {
    const { sim, done } = await simulate({ profile, instances: fleet });
    try {
      const a = captureIo();
      assert.equal(
        await runFleet('loglevel', 'debug', flags(sim.runDir, { all: true }), a),
        0,
        a.out() + a.err(),
      );
      const doc = JSON.parse(a.out());
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
    } finally {
      await done();
    }
  });

  test(`lowpower 1 -u 07 -u 08 (${profile}): checked from the answers`, async () => {
    const { sim, done } = await simulate({ profile, instances: fleet });
    try {
      const a = captureIo();
      assert.equal(
        await runFleet('lowpower', '1', flags(sim.runDir, { 'unix-prefix': ['07', '08'] }), a),
        0,
        a.err(),
      );
      const doc = JSON.parse(a.out());
      assert.deepEqual(
        doc.results.map((r: { detail: string }) => r.detail),
        ['low_power_mod 1', 'low_power_mod 1', 'low_power_mod 1'],
      );
      for (const i of sim.instances) for (const p of i.processes) assert.equal(p.lowPower.low_power_mod, 1);
    } finally {
      await done();
    }
  });
}

test('--dry-run changes nothing and says what would be sent', async () => {
  const { sim, done } = await simulate({ instances: fleet });
  try {
    const a = captureIo();
    assert.equal(
      await runFleet('loglevel', 'error', flags(sim.runDir, { all: true, 'dry-run': true, json: false }), a),
      0,
    );
    assert.match(
      a.out(),
      /^08 +ltran +lstack 192\.0\.2\.12 pid \d+ +v1\.0\.3 +loglevel error +planned +would send LSTACK_LOG_LEVEL_SET for pid \d+$/m,
    );
    for (const i of sim.instances) for (const p of i.processes) assert.equal(p.loglevel, 7);
    assert.equal(sim.instances[1].ltran!.loglevel, 7);
  } finally {
    await done();
  }
});

test('one missing instance fails its row and the exit code; the others are still changed', async () => {
  const { sim, done } = await simulate({ instances: fleet });
  try {
    const a = captureIo();
    const code = await runFleet(
      'loglevel',
      'info',
      flags(sim.runDir, { 'unix-prefix': ['09', '07'], json: false }),
      a,
    );
    assert.equal(code, EXIT.notRunning);
    assert.match(a.out(), /^09 +- +- +- +loglevel info +failed +no control socket for unix_prefix '09'/m);
    assert.match(a.out(), /^07 +lstack +lstack +v1\.0\.3 +loglevel info +ok +loglevel 7$/m);
  } finally {
    await done();
  }
});

test('--all: a stale socket is skipped, not a failure', async () => {
  const { sim, done } = await simulate({ instances: [fleet[0]] });
  try {
    const path = `${sim.runDir}dead_lstack_cmd.sock`;
    spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    const a = captureIo();
    assert.equal(await runFleet('loglevel', 'debug', flags(sim.runDir, { all: true }), a), 0, a.out());
    const rows = JSON.parse(a.out()).results as { prefix: string; status: string; detail: string }[];
    assert.deepEqual(
      rows.map((r) => [r.prefix, r.status]),
      [
        ['07', 'ok'],
        ['dead_', 'skipped'],
      ],
    );
    assert.match(rows[1].detail, /stale/);
  } finally {
    await done();
  }
});

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

test('--all where every instance is skipped (or none exists) changed nothing: exit 3 and one line saying so', async () => {
  const { dir, cleanup } = tempRunDir();
  try {
    const empty = captureIo();
    assert.equal(await runFleet('loglevel', 'debug', flags(dir, { all: true }), empty), EXIT.notRunning);
    assert.equal(empty.err(), 'gazellectl: no instances in the run dir\n');
    const path = `${dir}dead_lstack_cmd.sock`;
    spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    for (const [command, value] of [
      ['loglevel', 'debug'],
      ['lowpower', '1'],
    ] as const) {
      const a = captureIo();
      assert.equal(await runFleet(command, value, flags(dir, { all: true }), a), EXIT.notRunning, a.out());
      assert.deepEqual(
        (JSON.parse(a.out()).results as { status: string }[]).map((r) => r.status),
        ['skipped'],
      );
      assert.equal(a.err(), 'gazellectl: nothing changed: every instance was skipped\n');
    }
  } finally {
    cleanup();
  }
});
