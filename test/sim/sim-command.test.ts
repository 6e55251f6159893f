/** `gazellectl sim` as a process: prints one line per instance, serves, and cleans up on a signal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeLtran } from '../../src/protocol/codec.js';
import { wireFor } from '../../src/protocol/profiles.js';
import { describeInstance } from '../../src/sim/describe.js';
import { simOptionsFrom } from '../../src/sim/options.js';
import { ask, request, withSim, withRunDir } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));

function runSim(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'sim-command-main.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GAZELLE_RUN_DIR: '' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = async (n: number): Promise<string[]> => {
    // a guard against a hang, not a speed limit: tsx compiling under a loaded CI machine is slow
    const until = Date.now() + 60_000;
    while (out.split('\n').filter(Boolean).length < n) {
      if (Date.now() > until || child.exitCode !== null) {
        // a failed test must not leave its simulator serving
        child.kill('SIGKILL');
        throw new Error(`sim printed: ${out}\n${err}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return out.split('\n').filter(Boolean);
  };
  return { child, exited, lines, stderr: () => err };
}

test('gazellectl sim: serves the instances it prints, removes its sockets on SIGTERM and exits 0', () =>
  withRunDir(async (dir) => {
    const sim = runSim([
      '--run-dir',
      dir,
      '--seed',
      '3',
      '--instance',
      'lstack:3',
      '--instance',
      'g1_:ltran:1:2',
    ]);
    const [header, lstack, ltran] = await sim.lines(3);
    assert.match(header, /profile v1\.0\.3/);
    assert.match(
      lstack,
      new RegExp(`^lstack .*${dir}lstack_cmd\\.sock .*3 stacks.*ip 192\\.0\\.2\\.10 pid \\d+`),
    );
    assert.match(lstack, /try: gazellectl lstack show 192\.0\.2\.10 --run-dir /);
    assert.match(
      ltran,
      /^ltran .*g1_ltran_cmd\.sock.*2 clients.*ip 192\.0\.2\.11 .*ip 192\.0\.2\.12 .*-u g1_/,
    );
    const wire = wireFor('v1.0.3');
    const inst = decodeLtran(
      wire,
      'ltranClient',
      await ask(`${dir}g1_ltran_cmd.sock`, request(wire, 'LTRAN_SHOW_INSTANCE')),
      0,
    );
    assert.equal(inst.client_num, 2);
    sim.child.kill('SIGTERM');
    assert.equal(await sim.exited, 0, sim.stderr());
    assert.equal(existsSync(`${dir}lstack_cmd.sock`), false);
    assert.equal(existsSync(`${dir}g1_ltran_cmd.sock`), false);
    assert.ok(existsSync(dir));
  }));

test('gazellectl sim: a bad --instance is refused before anything listens', () =>
  withRunDir(async (dir) => {
    const sim = runSim(['--run-dir', dir, '--instance', 'lstack:99']);
    assert.equal(await sim.exited, 2); // UsageError
    assert.match(sim.stderr(), /STACKS must be 1\.\.32/);
    assert.equal(existsSync(`${dir}lstack_cmd.sock`), false);
  }));

test('sim options: flags, then GAZELLECTL_* / GAZELLE_RUN_DIR, then defaults', () => {
  const env = { GAZELLE_RUN_DIR: '/tmp/env-run', GAZELLECTL_PROFILE: 'v1.0.2', GAZELLECTL_ARCH: 'aarch64' };
  const fromEnv = simOptionsFrom({}, env);
  assert.deepEqual(
    [fromEnv.runDir, fromEnv.profile, fromEnv.arch, fromEnv.instances],
    ['/tmp/env-run/', 'v1.0.2', 'aarch64', [{ prefix: '', mode: 'lstack', stacks: 2, clients: 1 }]],
  );
  const fromFlags = simOptionsFrom(
    { 'run-dir': '/x', profile: 'v2024.09', arch: 'x86_64', instance: ['a:ltran'] },
    env,
  );
  assert.deepEqual([fromFlags.runDir, fromFlags.profile, fromFlags.arch], ['/x/', 'v2024.09', 'x86_64']);
  assert.equal(fromFlags.instances![0].mode, 'ltran');
  assert.equal(simOptionsFrom({}, {}).runDir, '/var/run/gazelle/');
  assert.throws(() => simOptionsFrom({}, { GAZELLECTL_PROFILE: 'v9' }), /unknown profile/);
});

test('the instance line names the prefix only when there is one', () =>
  withSim(
    {
      instances: [{ prefix: '', mode: 'lstack', stacks: 1, clients: 1 }],
    },
    async (sim) => {
      const line = describeInstance(sim.instances[0], '/var/run/gazelle/');
      assert.match(line, /1 stack /);
      assert.match(line, /try: gazellectl lstack show 192\.0\.2\.10$/);
    },
  ));
