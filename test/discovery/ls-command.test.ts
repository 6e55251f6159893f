/** `gazellectl ls` output: table, JSON, --config filter, --profile check, a missing run dir. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { runLs } from '../../src/discovery/command.js';
import { EXIT } from '../../src/errors.js';
import { simulate } from '../sim/helpers.js';
import { captureIo } from '../capture-io.js';

test('ls: table, JSON, --config narrows to its unix_prefix, --profile checks', async () => {
  const { sim, done } = await simulate({
    profile: 'v2024.09',
    instances: [
      { prefix: '07', mode: 'lstack', stacks: 2, clients: 1 },
      { prefix: '08', mode: 'ltran', stacks: 1, clients: 1 },
    ],
  });
  try {
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
  } finally {
    await done();
  }
});

test('ls: a missing run dir exits 3 with one line', async () => {
  const a = captureIo();
  assert.equal(await runLs({ 'run-dir': '/nonexistent-gz/', timeout: 100, json: false }, a), EXIT.notRunning);
  assert.equal(
    a.err(),
    'gazellectl: gazelle is not running: the run dir /nonexistent-gz/ does not exist (check --run-dir (env GAZELLE_RUN_DIR))\n',
  );
});
