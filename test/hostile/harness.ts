/**
 * Daemons that misbehave on purpose, and the real CLI (`node bin/run.js ...`, built by `npm test`)
 * run against them as a child process. Every run is killed after a guard time, so a hang fails the
 * test instead of stalling the suite.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { repoRoot } from '../shared.js';
import { tempDir } from '../support/run-dir.js';
import { serveUnix } from '../support/unix-server.js';

export { flood } from '../support/frames.js';

export const bin = join(repoRoot, 'bin', 'run.js');
const rssHook = join(repoRoot, 'test', 'hostile', 'max-rss.mjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak RSS of the CLI in MB (process.resourceUsage().maxRSS at exit). */
  maxRssMb: number;
}

export async function runCli(
  args: string[],
  opts: { guardMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const tmp = tempDir('gz-cli-');
  const rssFile = join(tmp.dir, 'rss');
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', rssHook, bin, ...args], {
    env: { ...process.env, ...opts.env, GZ_MAXRSS_FILE: rssFile, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('latin1').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const guard = setTimeout(() => child.kill('SIGKILL'), opts.guardMs ?? 15_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
    child.on('close', (c, s) => r([c, s])),
  );
  clearTimeout(guard);
  let maxRssMb = NaN;
  try {
    maxRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  } catch {
    // killed before exit
  }
  tmp.cleanup();
  return { code, signal, stdout, stderr, ms: Date.now() - t0, maxRssMb };
}

/** The README contract for a failure: the documented code, one `gazellectl:` line, no stack trace. */
export function assertFails(r: CliResult, code: number, message?: RegExp): void {
  const ctx = `exit ${r.code} signal ${r.signal} after ${r.ms} ms, stderr: ${JSON.stringify(r.stderr)}`;
  assert.equal(r.signal, null, ctx);
  assert.equal(r.code, code, ctx);
  const lines = r.stderr.split('\n').filter((l, i, a) => !(l === '' && i === a.length - 1));
  assert.equal(lines.length, 1, ctx);
  assert.match(lines[0], /^gazellectl: /, ctx);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:|node:internal/, ctx);
  if (message) assert.match(lines[0], message, ctx);
}

export function assertSucceeds(r: CliResult): void {
  const ctx = `exit ${r.code} signal ${r.signal} after ${r.ms} ms, stderr: ${JSON.stringify(r.stderr)}`;
  assert.equal(r.code, 0, ctx);
  assert.equal(r.stderr, '', ctx);
}

/**
 * A daemon on <runDir>/<socket>. `onRequest` runs once the request (requestSize bytes) has arrived;
 * empty probe connections are closed like the real daemons do.
 */
export interface Hostile {
  runDir: string;
  /** Request connections seen so far. */
  requests: number;
  close(): Promise<void>;
}

export async function startHostile(
  socket: 'lstack_cmd.sock' | 'ltran_cmd.sock',
  onRequest: (sock: Socket, request: Buffer, n: number) => void,
  opts: {
    requestSize?: number;
    pauseOnConnect?: (sock: Socket) => void;
    /** Listen as instance `prefix` in this run dir (which close() leaves in place). */
    at?: { runDir: string; prefix: string };
    /** Answer every request on a connection (lstack serves many), not only the first. */
    everyRequest?: boolean;
  } = {},
): Promise<Hostile> {
  const tmp = opts.at ? null : tempDir('gz-hostile-');
  const runDir = opts.at?.runDir ?? tmp?.dir ?? '';
  const requestSize = opts.requestSize ?? 32;
  const timers = new Set<NodeJS.Timeout>();
  const h: Hostile = {
    runDir,
    requests: 0,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await server.close();
      tmp?.cleanup();
    },
  };
  const onConnection = (sock: Socket): void => {
    if (opts.pauseOnConnect) return opts.pauseOnConnect(sock);
    let buf = Buffer.alloc(0);
    let answered = false;
    sock.on('data', (chunk: Buffer) => {
      if (answered && !opts.everyRequest) return;
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= requestSize && !(answered && !opts.everyRequest)) {
        answered = true;
        onRequest(sock, buf.subarray(0, requestSize), h.requests++);
        buf = buf.subarray(requestSize);
      }
    });
    sock.on('end', () => {
      if (!answered) sock.end();
    });
  };
  const server = await serveUnix(join(runDir, `${opts.at?.prefix ?? ''}${socket}`), onConnection, {
    pauseOnConnect: !!opts.pauseOnConnect,
  });
  return h;
}

/** Writes `frame` in pieces of `piece` bytes, one every `everyMs`, then calls `done`. */
export function dribble(
  sock: Socket,
  frame: Buffer,
  piece: number,
  everyMs: number,
  done?: () => void,
): void {
  let at = 0;
  const tick = (): void => {
    if (sock.destroyed) return;
    if (at >= frame.length) return done?.();
    sock.write(frame.subarray(at, (at += piece)));
    setTimeout(tick, everyMs);
  };
  tick();
}
