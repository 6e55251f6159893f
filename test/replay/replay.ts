/** Loads a recorded scenario and runs our CLI against its fake daemon. */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { tempDir } from '../support/run-dir.js';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '../shared.js';
import { startFakeDaemon, type Recording } from './fake-daemon.js';

export interface Fixture {
  name: string;
  dir: string;
  argv: string[];
  mode: 'lstack' | 'ltran' | 'none';
  manifest: Record<string, unknown> & {
    socket: string;
    unix_prefix: string | null;
    probe_connections: number;
    request_connections: number;
    fake_time_epoch?: number | null;
    nondeterministic_lines?: number[];
    connections: { server_closes_without_reply?: boolean; server_closes_right_after_reply?: boolean }[];
  };
  stdout: Buffer;
  exitCode: number;
  requests: Buffer[];
  responses: Buffer[];
}

export function loadFixtures(dir: string): Fixture[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => loadFixture(join(dir, d.name)));
}

function loadFixture(dir: string): Fixture {
  const read = (f: string) => readFileSync(join(dir, f));
  const manifest = JSON.parse(read('manifest.json').toString('utf8'));
  const requests: Buffer[] = [];
  const responses: Buffer[] = [];
  for (let n = 1; existsSync(join(dir, `req-${n}.bin`)); n++) {
    requests.push(read(`req-${n}.bin`));
    responses.push(
      existsSync(join(dir, `resp-${n}.bin.gz`)) ? gunzipSync(read(`resp-${n}.bin.gz`)) : Buffer.alloc(0),
    );
  }
  return {
    name: dir.split('/').pop()!,
    dir,
    argv: read('argv.txt')
      .toString('utf8')
      .split('\n')
      .filter((l, i, a) => !(l === '' && i === a.length - 1))
      .slice(1),
    mode: read('mode.txt').toString('utf8').trim() as Fixture['mode'],
    manifest,
    stdout: read('stdout.txt'),
    exitCode: Number(read('exit_code.txt').toString('utf8').trim()),
    requests,
    responses,
  };
}

/**
 * The CLI under test: this checkout on the running node, or with GAZELLECTL_BIN an installed
 * gazellectl (the release artifacts' launcher, test/package).
 */
export function cliCommand(args: string[]): [string, string[]] {
  const bin = process.env.GAZELLECTL_BIN;
  return bin ? [bin, args] : [process.execPath, [join(repoRoot, 'bin/run.js'), ...args]];
}

export interface ReplayResult {
  code: number;
  stdout: Buffer;
  stderr: string;
  recording: Recording;
  runDir: string;
}

export async function replay(
  f: Fixture,
  /** profile undefined: none given, the CLI chooses it (from the socket name). */
  opts: { profile: string | undefined; extraArgs?: string[]; requestSize: number },
): Promise<ReplayResult> {
  const { dir: runDir, cleanup } = tempDir('gz-replay-');
  const daemon = await startFakeDaemon({
    socketPath: f.mode === 'none' ? null : join(runDir, f.manifest.socket),
    requestSize: opts.requestSize,
    responses: f.responses,
    closesWithoutReply: f.manifest.connections.map((c) => Boolean(c.server_closes_without_reply)),
    closesRightAfterReply: f.manifest.connections.map((c) => Boolean(c.server_closes_right_after_reply)),
  });
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TZ: 'UTC',
      GAZELLE_RUN_DIR: runDir,
      GAZELLECTL_PROFILE: opts.profile,
    };
    if (opts.profile === undefined) delete env.GAZELLECTL_PROFILE;
    delete env.GZ_FAKE_EPOCH;
    if (f.manifest.fake_time_epoch) env.GZ_FAKE_EPOCH = String(f.manifest.fake_time_epoch);
    const child = spawn(...cliCommand([...f.argv, ...(opts.extraArgs ?? [])]), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    return {
      code,
      stdout: Buffer.concat(out),
      stderr: Buffer.concat(err).toString('utf8'),
      recording: daemon.recording,
      runDir,
    };
  } finally {
    await daemon.close();
    cleanup();
  }
}

/** The C client's error lines that end a recording, which our default mode moves to stderr. */
export const C_ERROR_LINE =
  /^(Connect (lstack|ltran)\(path:|read_specied_len: |read stat response msg failed|Please ensure the process|connect ltran failed\. |You may need to use the -u)/;

/** A recording that ends in a failure (or a usage text) rather than an answer. */
export const failing = (f: Fixture): boolean =>
  f.exitCode !== 0 ||
  f.name.startsWith('usage-') ||
  C_ERROR_LINE.test(f.stdout.toString('latin1').split('\n').at(-2) ?? '');
