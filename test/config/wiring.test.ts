/** --config and --profile auto on ltran/lstack command lines, against the simulator. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { runGazelle, type GazelleFlags } from '../../src/cli/gazelle.js';
import { EXIT } from '../../src/errors.js';
import { PROFILE_NAMES } from '../../src/protocol/profiles.js';
import { simulate } from '../sim/helpers.js';
import { captureIo } from '../capture-io.js';

const flags = (runDir: string, extra: Partial<GazelleFlags> = {}): GazelleFlags => ({
  'run-dir': runDir,
  timeout: 2000,
  json: true,
  'compat-exit-codes': false,
  ...extra,
});

const LSTACK_CONF = `dpdk_args=["--socket-mem", "2048,0,0,0", "--huge-dir", "/mnt/hugepages-lstack", "--proc-type", "primary"]
use_ltran=0
num_cpus="2"
host_addr="192.168.1.10"
unix_prefix="07"
`;

test('--config lstack.conf supplies unix_prefix (no -u needed); an explicit -u wins', async () => {
  const { sim, done } = await simulate({
    instances: [{ prefix: '07', mode: 'lstack', stacks: 2, clients: 1 }],
  });
  try {
    const conf = `${sim.runDir}lstack.conf`;
    writeFileSync(conf, LSTACK_CONF);
    const a = captureIo();
    assert.equal(
      await runGazelle(['lstack', 'show', '192.168.1.10'], flags(sim.runDir, { config: conf }), a),
      0,
      a.err(),
    );
    const doc = JSON.parse(a.out());
    assert.equal(doc.stacks.length, 2);
    const b = captureIo();
    const code = await runGazelle(
      ['lstack', 'show', '192.168.1.10'],
      flags(sim.runDir, { config: conf, 'unix-prefix': '09' }),
      b,
    );
    assert.equal(code, EXIT.notRunning);
    assert.match(b.err(), /09lstack_cmd\.sock/);
  } finally {
    await done();
  }
});

test('--config with use_ltran=0 on an ltran command, and a broken config, are usage errors', async () => {
  const { sim, done } = await simulate({
    instances: [{ prefix: '07', mode: 'lstack', stacks: 1, clients: 1 }],
  });
  try {
    const conf = `${sim.runDir}lstack.conf`;
    writeFileSync(conf, LSTACK_CONF);
    const a = captureIo();
    assert.equal(await runGazelle(['ltran', 'show'], flags(sim.runDir, { config: conf }), a), EXIT.usage);
    assert.equal(
      a.err(),
      `gazellectl: ${conf} says use_ltran=0: this instance has no ltran (use an lstack command, or give ltran.conf with --config)\n`,
    );
    writeFileSync(conf, 'unix_prefix = "07"\nuse_ltran 0\n');
    const b = captureIo();
    assert.equal(
      await runGazelle(['lstack', 'show', '1.2.3.4'], flags(sim.runDir, { config: conf }), b),
      EXIT.usage,
    );
    assert.equal(b.err(), `gazellectl: ${conf}:2:11: expected '=' or ':' after 'use_ltran', found '0'\n`);
  } finally {
    await done();
  }
});

test('--config ltran.conf: lstack commands go through ltran with its unix_prefix', async () => {
  const { sim, done } = await simulate({
    instances: [{ prefix: '08', mode: 'ltran', stacks: 2, clients: 1 }],
  });
  try {
    const conf = `${sim.runDir}ltran.conf`;
    writeFileSync(conf, 'forward_kit="dpdk"\ndispatch_max_clients=30\nunix_prefix="08"\n');
    const a = captureIo();
    const ip = sim.instances[0].processes[0].ip;
    assert.equal(
      await runGazelle(['lstack', 'show', ip, '-s'], flags(sim.runDir, { config: conf }), a),
      0,
      a.err(),
    );
    assert.equal(JSON.parse(a.out()).daemon, 'ltran');
  } finally {
    await done();
  }
});

for (const profile of PROFILE_NAMES) {
  test(`--profile auto against a ${profile} lstack and ltran`, async () => {
    const { sim, done } = await simulate({
      profile,
      instances: [
        { prefix: '07', mode: 'lstack', stacks: 2, clients: 1 },
        { prefix: '08', mode: 'ltran', stacks: 1, clients: 1 },
      ],
    });
    try {
      const a = captureIo();
      const code = await runGazelle(
        ['lstack', 'show', '192.0.2.10'],
        flags(sim.runDir, { profile: 'auto', 'unix-prefix': '07' }),
        a,
      );
      assert.equal(code, 0, a.err());
      assert.equal(JSON.parse(a.out()).profile, profile);
      const b = captureIo();
      assert.equal(
        await runGazelle(
          ['ltran', 'show', '-i'],
          flags(sim.runDir, { profile: 'auto', 'unix-prefix': '08' }),
          b,
        ),
        0,
        b.err(),
      );
      assert.equal(JSON.parse(b.out()).profile, profile);
    } finally {
      await done();
    }
  });
}

test('--profile auto finds the 1.0.2 era by its socket names; a typo is reported first', async () => {
  const { sim, done } = await simulate({
    profile: 'v1.0.2',
    instances: [{ prefix: '', mode: 'lstack', stacks: 1, clients: 1 }],
  });
  try {
    const a = captureIo();
    assert.equal(
      await runGazelle(['lstack', 'show', '192.0.2.10', '-Z'], flags(sim.runDir, { profile: 'auto' }), a),
      EXIT.usage,
    );
    assert.match(a.err(), /-Z/);
    const b = captureIo();
    assert.equal(
      await runGazelle(['lstack', 'show', '192.0.2.10', '-s'], flags(sim.runDir, { profile: 'auto' }), b),
      0,
      b.err(),
    );
    assert.equal(JSON.parse(b.out()).profile, 'v1.0.2');
  } finally {
    await done();
  }
});
