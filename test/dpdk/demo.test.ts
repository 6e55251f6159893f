/**
 * `npm run demo` (bin/demo.mjs) in a real terminal: simulated instances that are DPDK groups, top
 * starting in the threads view; q stops everything and removes the run dir. Needs tmux and perl.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../shared.js';
import { simGroupsSkip } from './sim-groups-support.js';
import { tempDir } from '../support/run-dir.js';
import { hasTmux, TmuxSession } from '../support/tmux.js';

const skip = !hasTmux ? 'tmux is not installed (CI installs it): demo test skipped' : simGroupsSkip;
const term = new TmuxSession(`gzdemo-${process.pid}`);
const until = term.until.bind(term);

test('the demo shows the threads view of simulated DPDK groups', { skip, timeout: 90_000 }, async () => {
  // The demo makes its run dir under TMPDIR: ours, so that its removal can be checked.
  const { dir: tmp, cleanup } = tempDir('gzdemo-t-');
  term.start(
    120,
    40,
    `TMPDIR=${tmp} ${process.execPath} ${join(repoRoot, 'bin', 'demo.mjs')}`,
    'DEMO-EXITED',
  );
  try {
    const text = await until(
      // a CPU% needs a second refresh: '-' until then
      (t) => /\d\.\d\s+[RSD]\s+off\s+gazellelstack03/.test(t) && /PORT\s+LINK/.test(t),
      'the threads view with stack threads (CPU% measured) and ports',
    );
    assert.match(text, /6 threads/);
    assert.match(text, /GROUP gazellesim0_07\s+LIVE\s.*primary \d+/);
    for (let i = 0; i < 4; i++)
      assert.match(
        text,
        new RegExp(
          `\\n\\s+${i}\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\d+\\.\\d\\s+[RSD]\\s+off\\s+gazellelstack0${i}\\n`,
        ),
      );
    assert.match(text, /other 4 threads: CPU%/);
    assert.match(text, /rxtx_mbuf_pool_0_3\s+65536\s+\d+/);
    assert.equal(readdirSync(tmp).length, 1, 'one demo run dir');
    term.keys('q');
    await until((t) => /DEMO-EXITED rc=0/.test(t), 'the demo to exit');
    assert.deepEqual(readdirSync(tmp), [], 'the demo removed its run dir');
  } finally {
    term.kill();
    cleanup();
  }
});
