/**
 * Bad input: every word the C tool would answer with its usage text, a unix_prefix that would leave
 * the run dir, a run dir that is missing or a file. One clear line on stderr, exit 2 (3 for a missing
 * run dir), and nothing outside the run dir is ever connected to or created (checked with strace
 * when it is installed, and in-process by wrapping net.createConnection).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { join } from 'node:path';
import { EXIT } from '../../src/errors.js';
import { runGazelle } from '../../src/cli/gazelle.js';
import { assertFails, bin, runCli } from './harness.js';
import { tempDir } from '../support/run-dir.js';
import { serveUnix } from '../support/unix-server.js';

const IP = '192.0.2.10';

/** A listening lstack socket that counts connections: bad input must not even probe it. */
async function withCountingDaemon(body: (runDir: string, connections: () => number) => Promise<void>) {
  const { dir: runDir, cleanup: cleanupRunDir } = tempDir('gz-input-');
  let n = 0;
  const lstack = await serveUnix(join(runDir, 'lstack_cmd.sock'), (s) => {
    n++;
    s.destroy();
  });
  try {
    await body(runDir, () => n);
  } finally {
    await lstack.close();
    cleanupRunDir();
  }
}

const BAD_LINES: [string, string[], RegExp][] = [
  ['prefix with /', ['lstack', 'show', IP, '-u', 'a/b'], /invalid unix_prefix 'a\/b': contains '\/'/],
  ['prefix ..', ['lstack', 'show', IP, '-u', '..'], /contains '\.\.'/],
  ['prefix ../x', ['ltran', 'show', '-u', '../x'], /invalid unix_prefix/],
  ['prefix with a control character', ['lstack', 'show', IP, '-u', 'a\x01b'], /a\\x01b.*control character/],
  ['prefix of 200 characters', ['lstack', 'show', IP, '-u', 'p'.repeat(200)], /longer than 128/],
  [
    'prefix that makes the path too long',
    ['lstack', 'show', IP, '-u', 'p'.repeat(100)],
    /socket path too long/,
  ],
  ['IP with five parts', ['lstack', 'show', '1.2.3.4.5'], /invalid IP address '1\.2\.3\.4\.5'/],
  ['IP part > 255', ['lstack', 'show', '256.1.1.1'], /invalid IP address/],
  ['IPv6', ['lstack', 'show', '::1'], /IPv6/],
  ['PID with letters', ['lstack', 'show', '12abc'], /invalid IP or PID '12abc'/],
  ['bare 0x', ['lstack', 'show', '0x'], /invalid IP or PID '0x'/],
  ['[time] 0', ['lstack', 'show', IP, '-l', '0'], /invalid \[time\] '0'/],
  ['[time] negative', ['lstack', 'show', IP, '-a', '-5'], /invalid \[time\] '-5'/],
  ['[time] not a number', ['ltran', 'show', '-l', '1s'], /invalid \[time\] '1s'/],
  ['[time] fraction', ['lstack', 'show', IP, 'latency', '1.5'], /invalid \[time\] '1\.5'/],
  ['unknown show option', ['lstack', 'show', IP, '-z'], /unknown lstack show option '-z'/],
  ['unknown lstack command', ['lstack', 'frob'], /unknown lstack command 'frob'/],
  ['unknown table', ['ltran', 'show', '-t', 'foo'], /unknown table 'foo'/],
  ['unknown log level', ['lstack', 'set', IP, 'loglevel', 'verbose'], /invalid log level 'verbose'/],
  ['lowpower 2', ['lstack', 'set', IP, 'lowpower', '2'], /invalid lowpower value '2'/],
  ['unknown protocol', ['lstack', 'show', IP, '-p', 'SCTP'], /unknown protocol 'SCTP'/],
  ['missing setting', ['lstack', 'set', IP], /missing setting/],
  ['bad --timeout', ['lstack', 'show', IP, '--timeout', 'soon'], /--timeout expects a whole number/],
];

test('bad input: one line, exit 2, and no connection at all', async () => {
  await withCountingDaemon(async (runDir, connections) => {
    const runs = await Promise.all(BAD_LINES.map(([, words]) => runCli([...words, '--run-dir', runDir])));
    runs.forEach((r, i) => {
      const [name, , message] = BAD_LINES[i];
      assert.doesNotThrow(() => assertFails(r, EXIT.usage, message), name);
    });
    assert.equal(connections(), 0);
  });
});

test('an unknown top-level word is a usage error (oclif: one line, exit 2)', async () => {
  const r = await runCli(['bogus']);
  assert.equal(r.code, EXIT.usage);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('run dir missing or a file: not running (3), saying so', async () => {
  const { dir, cleanup: cleanupDir } = tempDir('gz-input-');
  const file = join(dir, 'plain-file');
  writeFileSync(file, '');
  try {
    assertFails(
      await runCli(['lstack', 'show', IP, '--run-dir', join(dir, 'none')]),
      EXIT.notRunning,
      /run dir .* does not exist/,
    );
    assertFails(
      await runCli(['lstack', 'show', IP, '--run-dir', file]),
      EXIT.notRunning,
      /run dir .* is not a directory/,
    );
    assertFails(await runCli(['ltran', 'show', '--run-dir', join(dir, 'none')]), EXIT.notRunning);
    assertFails(await runCli(['lstack', 'show', IP, '--run-dir', '']), EXIT.usage, /invalid run dir/);
  } finally {
    cleanupDir();
  }
});

/** Prefixes (accepted or not) whose connects must all stay inside the run dir. */
const PREFIXES = ['07', '', '.', '...', 'a b', '-', '../x', 'a/b', '..', 'p'.repeat(60), 'p'.repeat(200)];

test('in-process: every connect goes to <run dir>/<socket>, whatever the prefix', async () => {
  const { runDir, cleanup: cleanupRunDir } = tempDir('gz-input-');
  const seen: string[] = [];
  const original = net.createConnection;
  net.createConnection = ((...args: Parameters<typeof net.createConnection>) => {
    const opts = args[0] as { path?: string };
    seen.push(typeof opts === 'object' ? String(opts.path) : String(opts));
    return original(...args);
  }) as typeof net.createConnection;
  syncBuiltinESMExports();
  const io = { stdout: () => undefined, stderr: () => undefined, env: {}, stderrIsTty: false };
  const flags = (p: string) => ({
    'run-dir': runDir,
    'unix-prefix': p,
    timeout: 300,
    json: false,
    'compat-exit-codes': false,
  });
  try {
    for (const p of [...PREFIXES, 'a\0b']) {
      await runGazelle(['lstack', 'show', IP], flags(p), io);
      await runGazelle(['ltran', 'show'], flags(p), io);
      await runGazelle(['lstack', 'show', IP], { ...flags(p), 'compat-exit-codes': true }, io);
    }
  } finally {
    net.createConnection = original;
    syncBuiltinESMExports();
    cleanupRunDir();
  }
  assert.ok(seen.length > 0);
  for (const path of seen) {
    assert.ok(path.startsWith(runDir), path);
    assert.ok(!path.slice(runDir.length).includes('/'), path);
  }
});

const strace = spawnSync('strace', ['-V']).status === 0;

test(
  'strace: the CLI connects, binds and creates nothing outside the run dir',
  { skip: !strace && 'strace is not installed' },
  async () => {
    const { dir: base, cleanup: cleanupBase } = tempDir('gz-input-');
    const runDir = join(base, 'run') + '/';
    const lines = PREFIXES.flatMap((p) => [
      ['lstack', 'show', IP, '-u', p],
      ['ltran', 'show', '-u', p],
      ['lstack', 'set', IP, 'loglevel', 'info', '-u', p],
    ]);
    try {
      mkdirSync(runDir);
      let connects = 0;
      await Promise.all(
        lines.map(async (words, i) => {
          const log = join(base, `strace-${i}.txt`);
          const child = spawn(
            'strace',
            [
              '-f',
              '-qq',
              '-s',
              '4096',
              '-o',
              log,
              '-e',
              'trace=connect,bind,mknod,mknodat,openat,mkdir,mkdirat,rename,renameat,unlink,unlinkat',
              process.execPath,
              bin,
              ...words,
              '--run-dir',
              runDir,
              '--timeout',
              '300',
            ],
            { stdio: 'ignore', env: { ...process.env, CI: '1' } },
          );
          await new Promise((r) => child.on('close', r));
          const calls = readFileSync(log, 'utf8').split('\n');
          for (const call of calls) {
            const path = /sun_path="([^"]*)"/.exec(call)?.[1];
            if (path !== undefined) connects++;
            if (path !== undefined)
              assert.ok(
                path.startsWith(runDir) && !path.slice(runDir.length).includes('/'),
                `${words.join(' ')}: ${call}`,
              );
            assert.doesNotMatch(
              call,
              /\b(bind|mknod|mknodat|mkdir|mkdirat|rename|renameat|unlink|unlinkat)\(/,
              `${words.join(' ')}: ${call}`,
            );
            // files opened for writing or created (node itself opens its modules read-only)
            if (/openat\(/.test(call) && /O_CREAT|O_WRONLY|O_RDWR/.test(call))
              assert.match(call, /"\/dev\/(null|tty|pts\/\d+)"/, `${words.join(' ')}: ${call}`);
          }
        }),
      );
      assert.ok(connects >= PREFIXES.length, `${connects} connects seen`);
      // and nothing was left behind, inside or out
      assert.deepEqual(readdirSync(runDir), []);
      assert.deepEqual(
        readdirSync(base).filter((f) => !f.startsWith('strace-')),
        ['run'],
      );
    } finally {
      cleanupBase();
    }
  },
);
