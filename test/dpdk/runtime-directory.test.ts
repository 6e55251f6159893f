/**
 * The runtime base DPDK picks (eal_create_runtime_dir, DPDK 22.11): `$RUNTIME_DIRECTORY/dpdk` when
 * set (systemd's RuntimeDirectory=), else `/var/run/dpdk` for root and `$XDG_RUNTIME_DIR/dpdk` or
 * `/tmp/dpdk` for others. Checked against real testpmd primaries: `gazellectl dpdk`, given the same
 * environment and no --dpdk-dir, finds each group where DPDK put it. The first test needs no root
 * (a no-huge testpmd runs as any user with --iova-mode=va); the non-root primaries need root to start.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync } from 'node:fs';
import { tempDir } from '../support/run-dir.js';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDpdk } from '../../src/dpdk/command.js';
import { runtimeBases } from '../../src/dpdk/runtime-dir.js';
import { captureIo } from '../capture-io.js';
import { NO_HUGE_PRIMARY, isRoot, skipNoDpdk, testpmdFile, uniquePrefix, type Testpmd } from './testpmd.js';

const NOBODY = 65534;
const dpdk = testpmdFile();

/** A temp dir any user may write (a non-root DPDK process makes its base in it). */
function scratch(what: string): string {
  const { dir: d, cleanup } = tempDir(`gzt-${what}-`);
  chmodSync(d, 0o777);
  dpdk.cleanup(cleanup);
  return d;
}

/** `gazellectl dpdk --file-prefix P` with this environment and no --dpdk-dir. */
async function dpdkCommand(prefix: string, env: NodeJS.ProcessEnv): Promise<string> {
  const io = { ...captureIo(), env };
  const code = await runDpdk(
    { 'file-prefix': prefix, interval: '0', 'no-gazelle': true, timeout: 3000 },
    io,
    {
      now: Date.now,
      isRoot,
    },
  );
  assert.equal(code, 0, io.err());
  return io.out();
}

async function primaryWith(what: string, env: NodeJS.ProcessEnv, uid?: number): Promise<Testpmd> {
  const prefix = uniquePrefix(what);
  const tp = dpdk.start(['--iova-mode=va', ...NO_HUGE_PRIMARY], prefix, undefined, { env, uid });
  await tp.prompt();
  return tp;
}

test(
  '$RUNTIME_DIRECTORY: a testpmd primary started with it is found under $RUNTIME_DIRECTORY/dpdk',
  { skip: skipNoDpdk, timeout: 60_000 },
  async () => {
    const rtd = scratch('rtd');
    assert.equal(runtimeBases(undefined, { RUNTIME_DIRECTORY: `${rtd}/` })[0], `${rtd}/dpdk`);
    const tp = await primaryWith('rtd', { RUNTIME_DIRECTORY: rtd });
    // where DPDK put it, not where we guess
    assert.ok(
      existsSync(join(rtd, 'dpdk', tp.prefix, 'config')),
      'DPDK made $RUNTIME_DIRECTORY/dpdk/<prefix>',
    );
    const out = await dpdkCommand(tp.prefix, { RUNTIME_DIRECTORY: rtd });
    assert.match(
      out,
      new RegExp(`^GROUP ${tp.prefix}  LIVE  ${rtd}/dpdk/${tp.prefix}  primary ${tp.pid} `, 'm'),
    );
    assert.match(out, /telemetry-v2/);
    await tp.quit();
  },
);

test(
  'a non-root primary: under $RUNTIME_DIRECTORY/dpdk, else $XDG_RUNTIME_DIR/dpdk; root sees both',
  {
    skip: skipNoDpdk || (isRoot ? false : 'not root: cannot start a primary as another user'),
    timeout: 90_000,
  },
  async () => {
    const rtd = scratch('rtd-nobody');
    const a = await primaryWith('rtdnb', { RUNTIME_DIRECTORY: rtd }, NOBODY);
    assert.ok(existsSync(join(rtd, 'dpdk', a.prefix, 'config')));
    assert.match(
      await dpdkCommand(a.prefix, { RUNTIME_DIRECTORY: rtd }),
      new RegExp(`^GROUP ${a.prefix}  LIVE  ${rtd}/dpdk/${a.prefix}  primary ${a.pid} `, 'm'),
    );
    await a.quit();

    const xdg = scratch('xdg-nobody');
    const b = await primaryWith('xdgnb', { XDG_RUNTIME_DIR: xdg, RUNTIME_DIRECTORY: undefined }, NOBODY);
    assert.ok(
      existsSync(join(xdg, 'dpdk', b.prefix, 'config')),
      'a non-root DPDK uses $XDG_RUNTIME_DIR/dpdk',
    );
    assert.match(
      await dpdkCommand(b.prefix, { XDG_RUNTIME_DIR: xdg }),
      new RegExp(`^GROUP ${b.prefix}  LIVE  ${xdg}/dpdk/${b.prefix}  primary ${b.pid} `, 'm'),
    );
    await b.quit();
  },
);
