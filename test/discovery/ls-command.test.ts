/** `gazellectl ls` output: table, JSON, --config filter, --profile check, a missing run dir. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { runLs } from '../../src/discovery/command.js';
import { EXIT } from '../../src/errors.js';
import { runFleet } from '../../src/fleet/command.js';
import { lstackAt, ltranAt, withSim } from '../sim/helpers.js';
import { withTempDir } from '../support/run-dir.js';
import { captureIo } from '../capture-io.js';

test('ls: table, JSON, --config narrows to its unix_prefix, --profile checks', () =>
  withSim({ profile: 'v2024.09', instances: [lstackAt('07', 2), ltranAt('08')] }, async (sim) => {
    const a = captureIo();
    assert.equal(await runLs({ 'run-dir': sim.runDir, timeout: 2000, json: false, 'no-dpdk': true }, a), 0);
    assert.equal(
      a.out().split('\n')[1],
      '07      lstack  07lstack_cmd.sock  alive  v2024.09  -     -            2 stacks',
    );
    const b = captureIo();
    writeFileSync(`${sim.runDir}ltran.conf`, 'forward_kit="dpdk"\nunix_prefix="08"\n');
    assert.equal(
      await runLs({ 'run-dir': sim.runDir, timeout: 2000, json: true, config: `${sim.runDir}ltran.conf` }, b),
      0,
    );
    const doc = JSON.parse(b.out());
    assert.deepEqual(
      doc.instances.map((r: { prefix: string; profile: string; clients: unknown[] }) => [
        r.prefix,
        r.profile,
        r.clients.length,
      ]),
      [['08', 'v2024.09', 1]],
    );
    const c = captureIo();
    assert.equal(await runLs({ 'run-dir': sim.runDir, timeout: 2000, json: true, profile: 'v1.0.3' }, c), 0);
    const rows = JSON.parse(c.out()).instances as { profile: string | null; note: string }[];
    assert.deepEqual(
      rows.map((r) => r.profile),
      [null, null],
    );
    assert.match(rows[0].note, /speaks v2024\.09, not --profile v1\.0\.3/);
  }));

test('ls: a missing run dir exits 3 with one line', async () => {
  const a = captureIo();
  assert.equal(await runLs({ 'run-dir': '/nonexistent-gz/', timeout: 100, json: false }, a), EXIT.notRunning);
  assert.equal(
    a.err(),
    'gazellectl: gazelle is not running: the run dir /nonexistent-gz/ does not exist (check --run-dir (env GAZELLE_RUN_DIR))\n',
  );
});

test('a symlinked control socket is the instance it points at, for ls as for the fleet commands and show', () =>
  withSim({ instances: [lstackAt('07', 2)] }, (sim) =>
    withTempDir('gz-ls-', async ({ runDir: dir }) => {
      symlinkSync(`${sim.runDir}07lstack_cmd.sock`, `${dir}07lstack_cmd.sock`);
      const a = captureIo();
      assert.equal(await runLs({ 'run-dir': dir, timeout: 2000, json: false, 'no-dpdk': true }, a), 0);
      assert.equal(
        a.out().split('\n')[1],
        '07      lstack  07lstack_cmd.sock  alive  v1.0.3   -     -            2 stacks',
      );
      const b = captureIo();
      const fleetFlags = { 'run-dir': dir, timeout: 2000, json: true, all: true, 'dry-run': false };
      assert.equal(await runFleet('loglevel', 'info', fleetFlags, b), 0, b.out() + b.err());
      assert.deepEqual(
        (JSON.parse(b.out()).results as { status: string }[]).map((r) => r.status),
        ['ok'],
      );
      // a symlink to something that is not a socket is still not a socket
      symlinkSync('/etc/hostname', `${dir}08lstack_cmd.sock`);
      const c = captureIo();
      await runLs({ 'run-dir': dir, timeout: 2000, json: true, 'no-dpdk': true }, c);
      assert.deepEqual(
        (JSON.parse(c.out()).instances as { prefix: string; state: string }[]).map((r) => [
          r.prefix,
          r.state,
        ]),
        [
          ['07', 'alive'],
          ['08', 'not-a-socket'],
        ],
      );
    }),
  ));
