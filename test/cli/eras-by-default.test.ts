/**
 * With no --profile and no GAZELLECTL_PROFILE the socket name chooses the era; an answer that does
 * not fit it says which profile it fits. Also: --compat-exit-codes failures the C tool had no text
 * for still print their line, and 1.0.2's connection table stamps real microseconds. Against
 * simulators on real unix sockets, through the real CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eraFamilyOf, profilesFittingBytes } from '../../src/discovery/era.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { lstackAt, ltranAt, withSim } from '../sim/helpers.js';
import { argv } from '../support/argv.js';
import { runCli } from '../hostile/harness.js';

const env = { GAZELLECTL_PROFILE: undefined, GAZELLE_RUN_DIR: undefined, GZ_FAKE_EPOCH: undefined };
const slow = 60_000;
const cli = (args: string[]) => runCli(args, { env, guardMs: slow });

test('eraFamilyOf: the socket names settle the era family, newest names first', () => {
  assert.deepEqual(eraFamilyOf(['gzr_gazelle_client.sock', 'other'], 'gzr_'), {
    file: 'gzr_gazelle_client.sock',
    era: '1.0.2',
    profiles: ['v1.0.2'],
    assumed: 'v1.0.2',
  });
  assert.equal(eraFamilyOf(['07lstack_cmd.sock'], '07')?.assumed, 'v1.0.3');
  assert.equal(eraFamilyOf(['gazelle_cmd.sock', 'lstack_cmd.sock'])?.assumed, 'v1.0.3');
  assert.equal(eraFamilyOf(['gazelle_cmd.sock'], '', 'ltran')?.assumed, 'v1.0.2');
  assert.equal(eraFamilyOf(['gazelle_client.sock'], '', 'ltran'), null);
  assert.equal(eraFamilyOf(['libos_client.sock'])?.assumed, null);
  assert.equal(eraFamilyOf(['07lstack_cmd.sock'], '08'), null);
  const sizes = (['v1.0.3', 'v2024.09'] as const).map((name) => ({
    name,
    size: wireFor(name).layouts.dfx.size,
  }));
  assert.deepEqual(profilesFittingBytes(3 * sizes[1].size, sizes), ['v2024.09']);
  assert.deepEqual(profilesFittingBytes(sizes[1].size + 1, sizes), []);
});

test('1.0.2 instance, no profile given: lstack show and ltran show just work', () =>
  withSim({ profile: 'v1.0.2', instances: [lstackAt('gzr_'), ltranAt('lt_')] }, async (sim) => {
    const d = sim.runDir;
    const show = await cli(argv`lstack show 192.0.2.10 -u gzr_ --run-dir ${d}`);
    assert.equal(show.stderr, '');
    assert.equal(show.code, 0);
    assert.match(show.stdout, /------ stack tid: /);
    const ltran = await cli(argv`ltran show -u lt_ --run-dir ${d}`);
    assert.equal(ltran.stderr, '');
    assert.equal(ltran.code, 0);
    assert.match(ltran.stdout, /rx_pkts/);
    const none = await cli(argv`lstack show 192.0.2.10 -u nosuch_ --run-dir ${d}`);
    assert.equal(none.code, 3);
    assert.match(
      none.stderr,
      /^gazellectl: gazelle is not running: no control socket for unix_prefix 'nosuch_' .*nosuch_gazelle_client\.sock/,
    );
    const auto = await cli(argv`lstack show 192.0.2.10 -u gzr_ --run-dir ${d} --profile auto`);
    assert.equal(auto.code, 0, auto.stderr);
  }));

test('a v2024.09 answer to the v1.0.3 the socket name suggested: one line naming v2024.09', () =>
  withSim({ profile: 'v2024.09', instances: [lstackAt('07'), ltranAt('08', 2)] }, async (sim) => {
    const d = sim.runDir;
    for (const args of [
      argv`lstack show 192.0.2.10 -u 07 --run-dir ${d} --timeout 300`,
      argv`lstack show 192.0.2.11 -u 08 --run-dir ${d} --timeout 300`,
    ]) {
      const r = await cli(args);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(
        r.stderr,
        /^gazellectl: [^\n]*its answer fits profile v2024\.09[^\n]*--profile v2024\.09\)\n$/,
      );
    }
    // an explicit profile is the operator's word: no guess added
    const given = await cli(argv`lstack show 192.0.2.10 -u 07 --run-dir ${d} --timeout 300 --profile v1.0.3`);
    assert.doesNotMatch(given.stderr, /fits profile/);
  }));

test('--compat-exit-codes: a failure the C tool had no text for keeps status 255 and says why', () =>
  withSim({ profile: 'v1.0.3', instances: [lstackAt('07')] }, async (sim) => {
    const r = await cli(
      argv`lstack show 1.2.3.4 -u nosuch_ --profile auto --compat-exit-codes --run-dir ${sim.runDir}`,
    );
    assert.equal(r.code, 255);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^gazellectl: no control socket for unix_prefix 'nosuch_'[^\n]*\n$/);
  }));

test('1.0.2 -c: time= is real microseconds since the epoch, not milliseconds x 1000', () =>
  withSim({ profile: 'v1.0.2', instances: [lstackAt('gzr_')] }, async (sim) => {
    const stamps: bigint[] = [];
    // three runs: real microseconds end in 000 once in a thousand
    for (let i = 0; i < 3; i++) {
      const before = BigInt(Date.now()) * 1000n;
      const r = await cli(argv`lstack show 192.0.2.10 -c -u gzr_ --run-dir ${sim.runDir}`);
      const after = BigInt(Date.now() + 1) * 1000n;
      assert.equal(r.code, 0, r.stderr);
      const m = /------time=(\d+)\n/.exec(r.stdout);
      assert.ok(m, r.stdout);
      const us = BigInt(m[1]);
      assert.ok(us >= before && us <= after, `${us} within [${before}, ${after}]`);
      stamps.push(us);
    }
    assert.ok(
      stamps.some((us) => us % 1000n !== 0n),
      `${stamps.join(', ')}: every stamp is whole milliseconds`,
    );
  }));
