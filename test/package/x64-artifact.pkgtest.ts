/**
 * The x64 release artifact (the unpacked .tar.xz) on a host whose node is unusable: run by
 * scripts/test-package.sh inside a mount namespace where every node on the host is hidden, with
 * GAZELLECTL_BIN the artifact's launcher. The fixture replays run in the same namespace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runCli, startServing, tempDir } from './artifact-run.js';

const bin = process.env.GAZELLECTL_BIN ?? '';
const expectNode = process.env.GAZELLECTL_EXPECT_NODE ?? '';
const hidden = (process.env.GAZELLECTL_HIDDEN_NODE ?? '').split(':').filter(Boolean);

test('the setting: the artifact is given, no node on PATH, the host node cannot be executed', () => {
  assert.ok(bin && expectNode, 'GAZELLECTL_BIN and GAZELLECTL_EXPECT_NODE are set (scripts/test-package.sh)');
  assert.ok(hidden.length > 0, 'at least one host node was hidden');
  const onPath = spawnSync('node', ['-e', '0']);
  assert.ok(onPath.error, 'node on PATH cannot be run');
  for (const path of hidden) assert.ok(spawnSync(path, ['-e', '0']).error, `${path} cannot be run`);
});

test('--version names the tool, the bundled Node and the architecture', async () => {
  const r = await runCli([bin, '--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^gazellectl/\\d+\\.\\d+\\.\\d+\\S* linux-x64 node-${expectNode}\n$`));
});

test('sim, ls, lstack show, top --once and one exporter scrape, all from the artifact', async () => {
  const { dir, cleanup } = tempDir('gz-pkg-');
  const sim = await startServing(
    [bin, 'sim', '--run-dir', dir, '--instance', '07:lstack:2', '--instance', '08:ltran:2'],
    /lstack prefix '07'.*ip (\S+) pid[^\n]*\n.*ltran +prefix '08'[^\n]*\n/,
  );
  try {
    const ls = await runCli([bin, 'ls', '--run-dir', dir]);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stdout, /^07 +lstack +07lstack_cmd\.sock +alive +v1\.0\.3/m);
    assert.match(ls.stdout, /^08 +ltran +08ltran_cmd\.sock +alive +v1\.0\.3/m);

    const show = await runCli([bin, 'lstack', 'show', sim.match[1], '-u', '07', '--run-dir', dir]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^------ stack tid: \d+ ------$/m);

    const top = await runCli([bin, 'top', '--once', '--interval', '0.5', '--run-dir', dir]);
    assert.equal(top.code, 0, top.stderr);
    assert.match(top.stdout, /^07 +lstack +v1\.0\.3 +2 .*connected/m);
    assert.match(top.stdout, /^08 +ltran +v1\.0\.3 +2 .*connected/m);

    const exporter = await startServing(
      [bin, 'exporter', '--listen', '127.0.0.1:0', '--run-dir', dir],
      /serving (http:\/\/\S+\/metrics)/,
    );
    try {
      const metrics = await (await fetch(exporter.match[1])).text();
      assert.match(metrics, /^gazelle_up\{gazelle_instance="07"\} 1$/m);
      assert.match(metrics, /^gazelle_up\{gazelle_instance="08"\} 1$/m);
      assert.match(
        metrics,
        /^gazelle_lstack_rx_packets_total\{gazelle_instance="07",stack="0",tid="\d+"\} \d+$/m,
      );
    } finally {
      assert.equal(await exporter.stop(), 0, 'the exporter exits 0 on SIGTERM');
    }
  } finally {
    assert.equal(await sim.stop(), 0, 'the simulator exits 0 on SIGTERM');
    cleanup();
  }
});
