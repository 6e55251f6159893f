/** --config and --profile auto on ltran/lstack command lines, against the simulator. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { runGazelle, type GazelleFlags } from '../../src/cli/gazelle.js';
import { EXIT } from '../../src/errors.js';
import { PROFILE_NAMES } from '../../src/protocol/profiles.js';
import { lstackAt, ltranAt, withSim } from '../sim/helpers.js';
import { captureIo } from '../capture-io.js';

const flags = (runDir: string, extra: Partial<GazelleFlags> = {}): GazelleFlags => ({
  'run-dir': runDir,
  timeout: 2000,
  json: true,
  'compat-exit-codes': false,
  ...extra,
});

/** One ltran/lstack line through runGazelle, as JSON, against `runDir`. */
async function gazelle(runDir: string, words: string[], extra: Partial<GazelleFlags> = {}) {
  const io = captureIo();
  const code = await runGazelle(words, flags(runDir, extra), io);
  return { code, out: io.out(), err: io.err() };
}

const LSTACK_CONF = `dpdk_args=["--socket-mem", "2048,0,0,0", "--huge-dir", "/mnt/hugepages-lstack", "--proc-type", "primary"]
use_ltran=0
num_cpus="2"
host_addr="192.168.1.10"
unix_prefix="07"
`;

test('--config lstack.conf supplies unix_prefix (no -u needed); an explicit -u wins', () =>
  withSim({ instances: [lstackAt('07', 2)] }, async (sim) => {
    const conf = `${sim.runDir}lstack.conf`;
    writeFileSync(conf, LSTACK_CONF);
    const a = await gazelle(sim.runDir, ['lstack', 'show', '192.168.1.10'], { config: conf });
    assert.equal(a.code, 0, a.err);
    const doc = JSON.parse(a.out);
    assert.equal(doc.stacks.length, 2);
    const b = await gazelle(sim.runDir, ['lstack', 'show', '192.168.1.10'], {
      config: conf,
      'unix-prefix': '09',
    });
    assert.equal(b.code, EXIT.notRunning);
    assert.match(b.err, /09lstack_cmd\.sock/);
  }));

test('--config with use_ltran=0 on an ltran command, and a broken config, are usage errors', () =>
  withSim({ instances: [lstackAt('07')] }, async (sim) => {
    const conf = `${sim.runDir}lstack.conf`;
    writeFileSync(conf, LSTACK_CONF);
    const a = await gazelle(sim.runDir, ['ltran', 'show'], { config: conf });
    assert.equal(a.code, EXIT.usage);
    assert.equal(
      a.err,
      `gazellectl: ${conf} says use_ltran=0: this instance has no ltran (use an lstack command, or give ltran.conf with --config)\n`,
    );
    writeFileSync(conf, 'unix_prefix = "07"\nuse_ltran 0\n');
    const b = await gazelle(sim.runDir, ['lstack', 'show', '1.2.3.4'], { config: conf });
    assert.equal(b.code, EXIT.usage);
    assert.equal(b.err, `gazellectl: ${conf}:2:11: expected '=' or ':' after 'use_ltran', found '0'\n`);
  }));

test('--config ltran.conf: lstack commands go through ltran with its unix_prefix', () =>
  withSim({ instances: [ltranAt('08', 2)] }, async (sim) => {
    const conf = `${sim.runDir}ltran.conf`;
    writeFileSync(conf, 'forward_kit="dpdk"\ndispatch_max_clients=30\nunix_prefix="08"\n');
    const ip = sim.instances[0].processes[0].ip;
    const a = await gazelle(sim.runDir, ['lstack', 'show', ip, '-s'], { config: conf });
    assert.equal(a.code, 0, a.err);
    assert.equal(JSON.parse(a.out).daemon, 'ltran');
  }));

for (const profile of PROFILE_NAMES) {
  test(`--profile auto against a ${profile} lstack and ltran`, () =>
    withSim({ profile, instances: [lstackAt('07', 2), ltranAt('08')] }, async (sim) => {
      const a = await gazelle(sim.runDir, ['lstack', 'show', '192.0.2.10'], {
        profile: 'auto',
        'unix-prefix': '07',
      });
      assert.equal(a.code, 0, a.err);
      assert.equal(JSON.parse(a.out).profile, profile);
      const b = await gazelle(sim.runDir, ['ltran', 'show', '-i'], { profile: 'auto', 'unix-prefix': '08' });
      assert.equal(b.code, 0, b.err);
      assert.equal(JSON.parse(b.out).profile, profile);
    }));
}

test('--profile auto finds the 1.0.2 era by its socket names; a typo is reported first', () =>
  withSim({ profile: 'v1.0.2', instances: [lstackAt('')] }, async (sim) => {
    const a = await gazelle(sim.runDir, ['lstack', 'show', '192.0.2.10', '-Z'], { profile: 'auto' });
    assert.equal(a.code, EXIT.usage);
    assert.match(a.err, /-Z/);
    const b = await gazelle(sim.runDir, ['lstack', 'show', '192.0.2.10', '-s'], { profile: 'auto' });
    assert.equal(b.code, 0, b.err);
    assert.equal(JSON.parse(b.out).profile, 'v1.0.2');
  }));
