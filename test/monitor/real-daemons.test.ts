/**
 * top, the exporter, ls and the fleet commands against strict simulators of every era in one run
 * dir with stale sockets, with no --profile: what was seen on a real lstack 1.0.2 (issue 10).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/sim/simulator.js';
import { runLs } from '../../src/discovery/command.js';
import { runFleet, type FleetFlags } from '../../src/fleet/command.js';
import { captureIo } from '../capture-io.js';
import { repoRoot } from '../shared.js';
import { staleSockets, tempRunDir } from '../sim/helpers.js';

const runJs = join(repoRoot, 'bin', 'run.js');
const STALE = 12;
let dir = '';
let cleanup = (): void => undefined;
const sims: Simulator[] = [];
const LIVE = [
  { prefix: 'gzr_', profile: 'v1.0.2' },
  { prefix: 'b24_', profile: 'v2024.09' },
  { prefix: 'c03_', profile: 'v1.0.3' },
] as const;

before(async () => {
  ({ dir, cleanup } = tempRunDir());
  for (const l of LIVE) {
    sims.push(
      await startSimulator({
        runDir: dir,
        profile: l.profile,
        instances: [{ prefix: l.prefix, mode: 'lstack', stacks: 2, clients: 1 }],
      }),
    );
  }
  const names = Array.from({ length: STALE }, (_, i) =>
    i % 2
      ? `s${String(i).padStart(3, '0')}_lstack_cmd.sock`
      : `s${String(i).padStart(3, '0')}_gazelle_client.sock`,
  );
  await staleSockets(dir, names);
});

after(async () => {
  await Promise.all(sims.map((s) => s.close()));
  cleanup();
});

/** No GAZELLECTL_PROFILE from the caller's environment: these tests are about having none. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.GAZELLECTL_PROFILE;
  return env;
}

const errorsLogged = (): number => sims.reduce((n, s) => n + s.instances[0].log.errors.length, 0);

/** The CLI in a child process; asynchronously, since the simulators answer from this one. */
async function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [runJs, ...args], { env: cleanEnv({ NO_COLOR: '1' }) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { status, stdout, stderr };
}

test('top --once: every era found by its socket name, stale sockets folded into one line', async () => {
  const r = await cli('top', '--once', '--run-dir', dir, '--interval', '0.25');
  assert.equal(r.status, 0, r.stderr);
  for (const l of LIVE)
    assert.match(r.stdout, new RegExp(`${l.prefix}\\s+lstack\\s+${l.profile.replace('.', '\\.')}\\s+2 `));
  assert.match(r.stdout, new RegExp(`${STALE} stale sockets — daemon gone`));
  assert.doesNotMatch(r.stdout, /disconnected/);
  assert.equal(errorsLogged(), 0);
});

test('top --profile auto and exporter --profile auto are accepted', async () => {
  const r = await cli('top', '--once', '--run-dir', dir, '--interval', '0.25', '--profile', 'auto');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /gzr_/);
  const ex = await startExporterProcess('--profile', 'auto');
  await ex.stop();
});

test('one exporter scrape covers every live instance, each with its era', async () => {
  const ex = await startExporterProcess();
  try {
    const text = await (await fetch(`${ex.url}/metrics`)).text();
    for (const l of LIVE) {
      assert.match(text, new RegExp(`gazelle_up\\{gazelle_instance="${l.prefix}"\\} 1`));
      assert.match(
        text,
        new RegExp(
          `gazelle_instance_info\\{gazelle_instance="${l.prefix}",daemon="lstack",profile="${l.profile}"\\} 1`,
        ),
      );
    }
    assert.match(text, /gazelle_up\{gazelle_instance="s001_"\} 0/);
  } finally {
    await ex.stop();
  }
  assert.equal(errorsLogged(), 0);
});

test('ls lists the live instances with their profile and keeps listing the stale sockets', async () => {
  const io = captureIo();
  assert.equal(await runLs({ 'run-dir': dir, timeout: 2000, json: true }, io), 0, io.err());
  const rows = JSON.parse(io.out()).instances as { prefix: string; state: string; profile: string | null }[];
  for (const l of LIVE) assert.deepEqual(rows.find((r) => r.prefix === l.prefix)?.profile, l.profile);
  assert.equal(rows.filter((r) => r.state === 'stale').length, STALE);
});

test('loglevel info --all and lowpower --all: every live instance, no error line in any daemon log', async () => {
  const flags: FleetFlags = { 'run-dir': dir, timeout: 2000, json: true, all: true, 'dry-run': false };
  for (const [cmd, value] of [
    ['loglevel', 'info'],
    ['lowpower', '1'],
    ['lowpower', '0'],
  ] as const) {
    const io = captureIo();
    assert.equal(await runFleet(cmd, value, flags, io), 0, io.out() + io.err());
    const results = JSON.parse(io.out()).results as { prefix: string; status: string; profile: string }[];
    for (const l of LIVE) {
      const row = results.find((r) => r.prefix === l.prefix);
      assert.deepEqual([row?.status, row?.profile], ['ok', l.profile], `${cmd} ${value} ${l.prefix}`);
    }
  }
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(
    sims.reduce((n, s) => n + s.instances[0].log.count('write msg from peer failed'), 0),
    0,
  );
  assert.equal(errorsLogged(), 0);
});

async function startExporterProcess(
  ...extra: string[]
): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [runJs, 'exporter', '--run-dir', dir, '--listen', '127.0.0.1:0', ...extra],
    {
      env: cleanEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      const m = /serving (http:\/\/\S+)\/metrics/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exporter exited ${code}: ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      assert.equal(code, 0, err);
      return code;
    },
  };
}
