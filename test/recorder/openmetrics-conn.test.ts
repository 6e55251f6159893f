import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { toOpenMetrics } from '../../src/recorder/openmetrics.js';
import { F } from '../../src/recorder/sample.js';
import { classicText } from './fixtures.js';
import { tempDir } from '../support/run-dir.js';
import { recordSim, withSimToRecord } from './record-sim.js';

test('connection counts per state export under the exporter name, pass promtool and import with their values', async (t) => {
  if (spawnSync('promtool', ['--version']).status !== 0) {
    t.skip('promtool is not installed (Debian package prometheus; .ci/run installs it)');
    return;
  }
  const { dir, cleanup } = tempDir('gzrec-conn-');
  try {
    await withSimToRecord(dir, 'c_', 2, async ({ runDir, out }) => {
      const items = await recordSim(runDir, {
        out,
        samples: 8,
        maxSize: 50 << 20,
        keyEvery: 20,
        connEvery: 2,
      });
      const withConn = items.flatMap((i) =>
        i.kind === 'sample' && i.sample.instances[0].connStates ? [i.sample] : [],
      );
      assert.ok(withConn.length >= 3, `${withConn.length} samples with connections`);
      const states = withConn[0].instances[0].connStates![1];
      const state = Object.keys(states).sort()[0];
      assert.ok(state, 'the simulator has connections on stack 1');

      const om = toOpenMetrics(items);
      assert.match(om, /^# TYPE gazelle_lstack_connections gauge$/m);
      const check = spawnSync('promtool', ['check', 'metrics'], { input: classicText(om), encoding: 'utf8' });
      assert.equal(check.status, 0, check.stdout + check.stderr);
      const omFile = join(dir, 'rec.om');
      writeFileSync(omFile, om);
      const blocks = join(dir, 'blocks');
      execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', omFile, blocks], {
        stdio: 'pipe',
      });
      mkdirSync(join(blocks, 'wal'), { recursive: true });
      const stack1 = withConn[0].instances[0].stacks[1];
      const match = `{__name__="gazelle_lstack_connections",gazelle_instance="c_",stack="${stack1[F.stackId]}",state="${state}"}`;
      const dumped = execFileSync('promtool', ['tsdb', 'dump', `--match=${match}`, blocks], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .map((l) => l.split(' ').slice(-2).map(Number));
      const recorded = withConn.map((s) => [s.instances[0].connStates![1][state] ?? 0, s.t]);
      // a state with no connection in a sample has no series point there (as the exporter does)
      assert.deepEqual(
        dumped,
        recorded.filter(([n]) => n > 0),
      );
    });
  } finally {
    cleanup();
  }
});
