/**
 * Options in any position, for every command: before the command words, between them, after them.
 * Each line runs the real CLI against a simulator on real unix sockets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareArgv, VALUE_FLAGS } from '../../src/cli/argv.js';
import { lstackAt, withSim } from '../sim/helpers.js';
import { argv } from '../support/argv.js';
import { runCli } from '../hostile/harness.js';
import { repoRoot } from '../shared.js';

const slow = 60_000;
const noProfile = { GAZELLECTL_PROFILE: undefined, GAZELLE_RUN_DIR: undefined };

test('C lines: options before, between and after the command words reach the command', () =>
  withSim({ profile: 'v1.0.2', instances: [lstackAt('gzr_')] }, async (sim) => {
    const d = sim.runDir;
    const lines = [
      argv`--profile v1.0.2 --run-dir ${d} lstack show 192.0.2.10 -u gzr_`,
      argv`--compat-exit-codes --run-dir ${d} -u gzr_ lstack show 192.0.2.10 --profile v1.0.2`,
      argv`lstack --run-dir ${d} show --timeout 3000 192.0.2.10 -u gzr_ --profile=v1.0.2`,
    ];
    for (const args of lines) {
      const r = await runCli(args, { env: noProfile, guardMs: slow });
      assert.equal(r.stderr, '', args.join(' '));
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /------ stack tid: /, args.join(' '));
    }
    const json = await runCli(argv`--json --profile v1.0.2 --run-dir ${d} lstack show 192.0.2.10 -u gzr_`);
    assert.equal(json.code, 0, json.stderr);
    assert.ok(JSON.parse(json.stdout), 'a JSON document');
  }));

test('oclif commands: options in front are moved behind the command (ls, top, loglevel)', () =>
  withSim({ profile: 'v1.0.3', instances: [lstackAt('07')] }, async (sim) => {
    const d = sim.runDir;
    const ls = await runCli(argv`--run-dir ${d} --json ls`, { env: noProfile, guardMs: slow });
    assert.equal(ls.code, 0, ls.stderr);
    assert.equal(JSON.parse(ls.stdout).instances[0].prefix, '07');
    const top = await runCli(argv`--run-dir ${d} --profile v1.0.3 --interval 0.25 top --once`, {
      env: noProfile,
      guardMs: slow,
    });
    assert.equal(top.code, 0, top.stderr);
    assert.match(top.stdout, /07/);
    const fleet = await runCli(argv`--run-dir ${d} --dry-run --profile v1.0.3 loglevel info --all`);
    assert.equal(fleet.code, 0, fleet.stderr);
    assert.match(fleet.stdout, /07/);
  }));

test('argv: leading options move behind the command id, a "--" keeps its place', () => {
  assert.deepEqual(prepareArgv(['--run-dir', '/x', 'top', '--once']), ['top', '--once', '--run-dir', '/x']);
  assert.deepEqual(prepareArgv(['--json', 'ls', '--', 'a']), ['ls', '--json', '--', 'a']);
  assert.deepEqual(
    prepareArgv(argv`--profile v1.0.2 lstack --json show 1.2.3.4 -c`),
    argv`lstack show --json --profile v1.0.2 -- 1.2.3.4 -c`,
  );
  assert.deepEqual(
    prepareArgv(argv`--run-dir /x --listen 127.0.0.1:0 exporter --snmp`),
    argv`exporter --snmp --run-dir /x --listen 127.0.0.1:0`,
  );
  assert.deepEqual(prepareArgv(argv`--all -u 07 lowpower on`), argv`lowpower on --all -u 07`);
  assert.deepEqual(
    prepareArgv(argv`--seed 3 sim --instance 07:lstack`),
    argv`sim --instance 07:lstack --seed 3`,
  );
  assert.deepEqual(prepareArgv(['--help']), ['--help']);
  assert.deepEqual(prepareArgv(['--compat-exit-codes']), ['usage']);
  assert.deepEqual(prepareArgv(['--profile', 'v1.0.2', '-u', '07']), ['usage']);
  assert.deepEqual(prepareArgv(['lstack', '--help']), ['lstack', '--help']);
});

test('argv: the fallback list of options with a value is the one in the oclif manifest', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, { flags: Record<string, { type: string; char?: string }> }>;
  };
  const fromManifest = new Set<string>();
  for (const c of Object.values(manifest.commands)) {
    for (const [name, f] of Object.entries(c.flags)) {
      if (f.type !== 'option') continue;
      fromManifest.add(`--${name}`);
      if (f.char) fromManifest.add(`-${f.char}`);
    }
  }
  assert.deepEqual([...VALUE_FLAGS].sort(), [...fromManifest].sort());
});
