/** A run dir that is not there: every command that would read it once says so, exit 3. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertFails, runCli } from '../hostile/harness.js';
import { tempDir } from '../support/run-dir.js';

const slow = { guardMs: 60_000 };

test('top --once, record and ls on a missing run dir: one line, exit 3', async () => {
  const { dir, cleanup } = tempDir('gz-norun-');
  const missing = join(dir, 'nonexistent');
  try {
    for (const args of [
      ['ls', '--run-dir', missing],
      ['top', '--once', '--run-dir', missing],
      ['record', '--run-dir', missing, '--out', join(dir, 'rec')],
    ]) {
      assertFails(await runCli(args, slow), 3, /the run dir \S+nonexistent\/ does not exist/);
    }
    assert.equal(existsSync(join(dir, 'rec')), false, 'record created its --out before failing');
    assertFails(
      await runCli(['top', '--once', '--run-dir', '/etc/passwd'], slow),
      3,
      /the run dir \/etc\/passwd\/ is not a directory/,
    );
  } finally {
    cleanup();
  }
});
