/**
 * `npm run demo` (bin/demo.js) in a real terminal: simulated instances that are DPDK groups, top
 * starting in the threads view; q stops everything and removes the run dir. Needs tmux and perl.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../shared.js';
import { simGroupsSkip } from './sim-groups-support.js';
import { tempDir } from '../support/run-dir.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const skip = !hasTmux ? 'tmux is not installed (CI installs it): demo test skipped' : simGroupsSkip;
const session = `gzdemo-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', session);

async function until(ok: (text: string) => boolean, what: string, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const text = screen();
    if (ok(text)) return text;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
    await sleep(250);
  }
}

test('the demo shows the threads view of simulated DPDK groups', { skip, timeout: 90_000 }, async () => {
  // The demo makes its run dir under TMPDIR: ours, so that its removal can be checked.
  const { dir: tmp, cleanup } = tempDir('gzdemo-t-');
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '120',
    '-y',
    '40',
    // ink renders nothing live when CI is set (is-in-ci); a person at a terminal has no CI variable.
    `env -u CI TMPDIR=${tmp} ${process.execPath} ${join(repoRoot, 'bin', 'demo.js')}; echo DEMO-EXITED rc=$?; sleep 60`,
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
    tmux('send-keys', '-t', session, 'q');
    await until((t) => /DEMO-EXITED rc=0/.test(t), 'the demo to exit');
    assert.deepEqual(readdirSync(tmp), [], 'the demo removed its run dir');
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
    cleanup();
  }
});
