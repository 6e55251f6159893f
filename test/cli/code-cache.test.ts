/**
 * The fast path's V8 code cache (src/cli/code-cache.ts, made by `npm run build`): used when it was
 * made from this bundle by this node; ignored, with the same output, when it is stale, damaged,
 * missing, refused by V8 or switched off. A damaged cache that reached V8 would abort the process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { cacheBytes, loadBundle } from '../../src/cli/code-cache.js';
import { connRow, fourStackReply } from '../../scripts/conn-reply.js';
import { repoRoot } from '../shared.js';
import { withTempDir } from '../support/run-dir.js';
import { serveUnix } from '../support/unix-server.js';

const bundle = join(repoRoot, 'dist', 'fast-path.cjs');
const FILES = [
  'bin/run.js',
  'bin/package.json',
  'dist/argv.cjs',
  'dist/code-cache.cjs',
  'dist/fast-path.cjs',
];

/** bin/run.js and the bundles it loads for an lstack line, with the cache, under `dir`. */
function install(dir: string): string {
  for (const f of [...FILES, 'dist/fast-path.cjs.cache']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    copyFileSync(join(repoRoot, f), join(dir, f));
  }
  return join(dir, 'dist', 'fast-path.cjs.cache');
}

function flipByte(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] ^= 0xff;
  writeFileSync(file, b);
}

test('the cache npm run build made is used, and gives the same exports', () => {
  const cached = loadBundle(bundle);
  assert.equal(cached.cache, 'used');
  assert.equal(typeof cached.exports.runFast, 'function');
  const off = loadBundle(bundle, null);
  assert.equal(off.cache, 'off');
  assert.deepEqual(Object.keys(off.exports), Object.keys(cached.exports));
});

test('a stale, damaged, missing or refused cache is ignored', () =>
  withTempDir('gz-cc-', async ({ dir }) => {
    const cache = install(dir);
    const copy = join(dir, 'dist', 'fast-path.cjs');
    const good = readFileSync(cache);
    const use = (): string => {
      const b = loadBundle(copy, cache);
      assert.equal(typeof b.exports.runFast, 'function');
      return b.cache;
    };
    assert.equal(use(), 'used');
    // a byte of V8's data flipped (near the end: past V8's own header, which it does check)
    flipByte(cache, good.length - 100);
    assert.equal(use(), 'corrupt');
    writeFileSync(cache, good.subarray(0, good.length - 1));
    assert.equal(use(), 'corrupt');
    writeFileSync(cache, 'not a cache\n');
    assert.equal(use(), 'corrupt');
    writeFileSync(cache, good);
    appendFileSync(copy, '// rebuilt\n');
    assert.equal(use(), 'stale');
    // the header's line right, V8's data made for another script: V8 refuses it (a source not
    // compiled in this process yet, or V8's in-memory cache would answer before the data is looked at)
    appendFileSync(copy, '// rebuilt again\n');
    writeFileSync(cache, cacheBytes({ script: new Script('1 + 1'), source: readFileSync(copy) }));
    assert.equal(use(), 'rejected');
    rmSync(cache);
    assert.equal(use(), 'absent');
  }));

/** 4 stacks with IPv4 and IPv6 connections, the same bytes for every request. */
const reply = (): Buffer =>
  fourStackReply(
    'v1.0.3',
    Array.from({ length: 5 }, (_, i) =>
      connRow(i, { ip6: i % 2 === 0, state: i % 2, lPort: 80 + i, rcvWnd: 65535 - i }),
    ),
    (s) => 5 + s,
  );

function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'bin', 'run.js'), ...args], {
      env: { ...process.env, GZ_FAKE_EPOCH: '1700000000', GAZELLECTL_PROFILE: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`exit ${code ?? signal}: ${err}`)),
    );
  });
}

test('show and show -c print the same bytes whatever became of the cache', () =>
  withTempDir('gz-cc-run-', async ({ dir }) => {
    const cache = install(join(dir, 'gz'));
    const answer = reply();
    const server = await serveUnix(join(dir, 'cc_lstack_cmd.sock'), (sock) =>
      sock.once('data', () => sock.write(answer)),
    );
    try {
      const show = ['lstack', 'show', '192.0.2.10', '-u', 'cc_', '--run-dir', dir];
      const outputs = async (env?: NodeJS.ProcessEnv) => [
        await run(join(dir, 'gz'), show, env),
        await run(join(dir, 'gz'), [...show, '-c'], env),
      ];
      const expected = await outputs({ GAZELLECTL_NO_CODE_CACHE: '1' });
      assert.match(expected[0], /------ stack tid: +5003 ------/);
      assert.match(expected[1], /80fe::100:0:80 /);
      assert.deepEqual(await outputs(), expected, 'valid cache');
      flipByte(cache, readFileSync(cache).length - 100);
      assert.deepEqual(await outputs(), expected, 'damaged cache');
      rmSync(cache);
      assert.deepEqual(await outputs(), expected, 'no cache');
    } finally {
      await server.close();
    }
  }));
