/**
 * The arm64 release artifact under qemu-aarch64-static, against a simulator run by the x64 artifact:
 * the bundled arm64 node runs our CLI and reads an x86_64 daemon's answers.
 * GAZELLECTL_ARM64_ROOT / GAZELLECTL_X64_ROOT are the unpacked tarballs (scripts/test-package.sh).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, startServing, tempDir } from './artifact-run.js';

const arm64Root = process.env.GAZELLECTL_ARM64_ROOT ?? '';
const x64Bin = join(process.env.GAZELLECTL_X64_ROOT ?? '', 'usr/bin/gazellectl');
const expectNode = process.env.GAZELLECTL_EXPECT_NODE ?? '';
const lib = join(arm64Root, 'usr/lib/gazellectl');
// What the launcher execs, with qemu in front (no binfmt_misc is needed on the host).
const arm64 = [
  'qemu-aarch64-static',
  '-L',
  '/usr/aarch64-linux-gnu',
  join(lib, 'node'),
  join(lib, 'bin/run.js'),
];
const QEMU_MS = 180_000;

test('arm64 artifact under qemu: --version, lstack show and --json against an x64 simulator, top --once', async () => {
  assert.ok(arm64Root && expectNode, 'GAZELLECTL_ARM64_ROOT and GAZELLECTL_EXPECT_NODE are set');
  const version = await runCli([...arm64, '--version'], process.env, QEMU_MS);
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, new RegExp(`^gazellectl/\\S+ linux-arm64 node-${expectNode}\n$`));

  const { dir, cleanup } = tempDir('gz-pkg-arm64-');
  const sim = await startServing(
    [x64Bin, 'sim', '--run-dir', dir, '--instance', '07:lstack:2'],
    /lstack prefix '07'.*ip (\S+) pid/,
  );
  try {
    const ip = sim.match[1];
    const show = await runCli(
      [...arm64, 'lstack', 'show', ip, '-u', '07', '--run-dir', dir],
      process.env,
      QEMU_MS,
    );
    assert.equal(show.code, 0, show.stderr);
    assert.equal(
      show.stdout.match(/^------ stack tid: \d+ ------$/gm)?.length,
      2,
      `one block per stack:\n${show.stdout}`,
    );

    const json = await runCli(
      [...arm64, 'lstack', 'show', ip, '-u', '07', '--run-dir', dir, '--json'],
      process.env,
      QEMU_MS,
    );
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.profile, 'v1.0.3');
    assert.deepEqual(
      doc.stacks.map((s: { stack_id: number }) => s.stack_id),
      [0, 1],
    );

    const top = await runCli(
      [...arm64, 'top', '--once', '--interval', '0.5', '--run-dir', dir],
      process.env,
      QEMU_MS,
    );
    assert.equal(top.code, 0, top.stderr);
    assert.match(top.stdout, /^07 +lstack +v1\.0\.3 +2 .*connected/m);
  } finally {
    assert.equal(await sim.stop(), 0);
    cleanup();
  }
});
