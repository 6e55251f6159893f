/** `gazellectl sim` failures: our one line and exit code, and nothing left behind once it had started. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertFails, runCli } from '../hostile/harness.js';
import { tempRunDir, withRunDir } from './helpers.js';
import { tempDir } from '../support/run-dir.js';

const slow = { guardMs: 60_000 };

test('sim: a bad --instance or --script is one gazellectl line, exit 2', () =>
  withRunDir(async (dir) => {
    for (const [args, message] of [
      [['--instance', '07:foo:2'], /invalid --instance '07:foo:2'/],
      [['--instance', '07:lstack:0'], /STACKS must be 1\.\.32/],
      [['--script', '/nonexistent'], /cannot read --script \/nonexistent: ENOENT/],
    ] as [string[], RegExp][]) {
      const r = await runCli(['sim', '--run-dir', dir, ...args], slow);
      assertFails(r, 2, message);
      assert.match(r.stderr, /^gazellectl: [^\n]+\n$/, args.join(' '));
    }
  }));

test('sim: a script step that does not fit the instances is refused before anything listens', async () => {
  const { dir, cleanup } = tempRunDir();
  const { dir: dpdk, cleanup: cleanupDpdk } = tempDir('gz-sim-dpdk-');
  const script = join(dpdk, 's.txt');
  writeFileSync(script, '9 down 3s instance=08\n');
  try {
    const r = await runCli(
      [
        'sim',
        '--run-dir',
        dir,
        '--instance',
        '08:ltran:2',
        '--script',
        script,
        '--dpdk-dir',
        join(dpdk, 'rt'),
      ],
      slow,
    );
    assertFails(r, 2, /script line 1: down applies to lstack instances only/);
    assert.equal(existsSync(`${dir}08ltran_cmd.sock`), false, 'socket left behind');
    assert.deepEqual(existsSync(join(dpdk, 'rt')) ? readdirSync(join(dpdk, 'rt')) : [], [], 'DPDK groups');
  } finally {
    cleanup();
    cleanupDpdk();
  }
});

test('sim over a live socket: one line, and the live socket is not removed', () =>
  withRunDir(async (dir) => {
    const { spawn } = await import('node:child_process');
    const { bin } = await import('../hostile/harness.js');
    const first = spawn(process.execPath, [bin, 'sim', '--run-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const until = Date.now() + 30_000;
      while (!existsSync(`${dir}lstack_cmd.sock`) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      const r = await runCli(['sim', '--run-dir', dir], slow);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /^gazellectl: [^\n]+\n$/);
      assert.equal(existsSync(`${dir}lstack_cmd.sock`), true);
    } finally {
      first.kill('SIGTERM');
      await new Promise((r) => first.once('exit', r));
    }
  }));
