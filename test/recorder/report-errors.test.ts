/** `gazellectl report` on something that is no recording, or on a window the recording does not cover. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { assertFails, assertSucceeds, runCli } from '../hostile/harness.js';
import { header, synthetic, writerIn } from './fixtures.js';
import { tempDir } from '../support/run-dir.js';

const slow = { guardMs: 60_000 };

test('report: a file that is not a recording is one line on stderr, exit 2', async () => {
  const r = await runCli(['report', '/etc/passwd'], slow);
  assertFails(r, 2, /^gazellectl: \/etc\/passwd is not a gazellectl recording/);
  assert.equal(r.stdout, '');
});

test('report --from/--to outside the recording: nothing recorded between them, exit 3', async () => {
  const { dir, cleanup } = tempDir('gz-report-');
  try {
    const w = writerIn(dir);
    // 1_795_000_000 s .. +59 s
    for (const s of synthetic({ instances: 1, stacks: 2, count: 60 })) w.append(s, header(['a_']));
    w.close();
    assertSucceeds(await runCli(['report', dir, '--from', '1795000010', '--to', '1795000020'], slow));
    const after = await runCli(['report', dir, '--from', '1795000100'], slow);
    assertFails(after, 3, /^gazellectl: nothing recorded between 2026-11-18T\S+Z and the end in /);
    assert.equal(after.stdout, '');
  } finally {
    cleanup();
  }
});
