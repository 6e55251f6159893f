/**
 * What a new user meets first: the topic summaries of --help, one-line flag errors with exit 2 for
 * every command (oclif's own parser included), unknown commands written as typed with the nearest
 * command, and a build that does not advertise oclif updates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../hostile/harness.js';
import { protocolDir, repoRoot } from '../shared.js';
import { explainUnknown } from '../../src/cli/suggest.js';
import { tempDir } from '../support/run-dir.js';

const slow = { guardMs: 60_000 };

function assertOneLine(r: CliResult, what: string, message?: RegExp) {
  assert.equal(r.code, 2, `${what}: exit code (stderr ${JSON.stringify(r.stderr)})`);
  assert.equal(r.stdout, '', `${what}: stdout`);
  assert.match(r.stderr, /^gazellectl: [^\n]+\n$/, `${what}: one line`);
  assert.doesNotMatch(r.stderr, /›|See more help|\n\s+at /, `${what}: oclif's form or a stack trace`);
  if (message) assert.match(r.stderr, message, what);
}

test('--help: each topic is summarised as a topic, not by one of its commands', async () => {
  const r = await runCli(['--help'], slow);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^ {2}lstack +Query or configure an lstack instance \(show, set\)/m);
  assert.match(r.stdout, /^ {2}ltran +Query, configure or stop ltran \(show, set, quit\)/m);
});

test('flag errors of every command: one line, exit 2', async () => {
  const lines: [string[], RegExp?][] = [
    [['top', '--view', 'bogus'], /--view=bogus to be one of: stacks/],
    [['top', '--timeout', '0'], /--timeout: Expected an integer greater than or equal to 1/],
    [['top', '--count', '-1']],
    [['exporter', '--listen'], /--listen expects a value/],
    [['exporter', '--poll-interval', 'x']],
    [['ls', '--bogus'], /Nonexistent flag: --bogus/],
    [['loglevel'], /Missing 1 required arg/],
    [['loglevel', 'loud', '--all']],
    [['lowpower', 'on', '--timeout', 'x']],
    [['sim', '--pps', 'x'], /--pps: Expected an integer/],
    [['lstack', 'show', '1.2.3.4', '--timeout', '0']],
    [['lstack', 'show', '1.2.3.4', '--timeout', '-5'], /--timeout expects a whole number >= 1, got '-5'/],
    [['lstack', 'show', '1.2.3.4', '-r', '--interval', '-1'], /--interval expects a whole number/],
    [['lstack', 'show', '1.2.3.4', '--timeout', '--json'], /--timeout expects a value/],
    [['--profile', 'bogus', 'lstack', 'show', '1.2.3.4']],
  ];
  for (const [args, message] of lines) assertOneLine(await runCli(args, slow), args.join(' '), message);
});

test('gazellectl -h and gazellectl help print the C usage text, as with no arguments, exit 0', async () => {
  const usage = readFileSync(join(protocolDir, 'fixtures', 'usage-no-args', 'stdout.txt'), 'latin1');
  for (const args of [['-h'], ['help'], ['--bogus']]) {
    const r = await runCli(args, { ...slow, env: { GAZELLECTL_PROFILE: '' } });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, usage, args.join(' '));
    assert.equal(r.stderr, '', args.join(' '));
  }
});

test('an unknown command is written as typed, with the nearest command', async () => {
  assertOneLine(
    await runCli(['lstak', 'show', '192.0.2.10', '-u', 'x'], slow),
    'lstak show',
    /unknown command 'lstak show' \(did you mean 'lstack show'\?/,
  );
  assertOneLine(await runCli(['tpo', '--once'], slow), 'tpo', /unknown command 'tpo' \(did you mean 'top'\?/);
  assertOneLine(await runCli(['frobnicate'], slow), 'frobnicate', /unknown command 'frobnicate' \(see/);
  const commands = ['lstack show', 'lstack set', 'ltran show', 'ltran set', 'ltran quit', 'top', 'ls'];
  assert.deepEqual(explainUnknown(['ltran', 'qiut'], commands), {
    typed: 'ltran qiut',
    suggestion: 'ltran quit',
  });
  assert.deepEqual(explainUnknown(['ls', 'x'], commands), { typed: 'ls', extra: 'x' });
  assert.deepEqual(explainUnknown(['xyzzy'], commands), { typed: 'xyzzy' });
});

test('the build does not print an oclif update warning', () => {
  const build = (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { build: string } }
  ).scripts.build;
  const manifestStep = build.split('&&').find((s) => s.includes('oclif manifest'));
  assert.ok(manifestStep, 'the build writes the oclif manifest');
  // A cached "latest" newer than the installed oclif: exactly what makes oclif warn.
  const { dir: cache, cleanup: cleanupCache } = tempDir('gz-oclif-cache-');
  // `oclif manifest` deletes and rewrites the manifest of the project it runs in: run it in a scratch
  // project (package.json copied, dist and node_modules linked) so that the repo's manifest, which
  // tests running beside this one read, is never missing.
  const { dir: project, cleanup: cleanupProject } = tempDir('gz-oclif-project-');
  try {
    copyFileSync(join(repoRoot, 'package.json'), join(project, 'package.json'));
    for (const d of ['dist', 'node_modules']) symlinkSync(join(repoRoot, d), join(project, d));
    mkdirSync(join(cache, 'oclif'));
    writeFileSync(join(cache, 'oclif', 'version'), JSON.stringify({ latest: '999.0.0' }));
    const env = {
      ...process.env,
      XDG_CACHE_HOME: cache,
      PATH: `${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH}`,
    };
    // the sanity check: without the setting, oclif does warn with this cache
    const bare = spawnSync('sh', ['-c', 'oclif manifest >/dev/null'], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    assert.match(bare.stderr, /update available/, 'oclif warns with a newer cached version');
    const step = spawnSync('sh', ['-c', manifestStep.trim()], { cwd: project, env, encoding: 'utf8' });
    assert.equal(step.status, 0, step.stderr);
    assert.doesNotMatch(step.stderr + step.stdout, /update available/);
    assert.ok(existsSync(join(project, 'oclif.manifest.json')), 'the step wrote the scratch manifest');
  } finally {
    cleanupCache();
    cleanupProject();
  }
});

test("gazellectl help COMMAND prints the command's own --help; an unknown one, with or without help, is one line", async () => {
  for (const words of [['ls'], ['lstack', 'show'], ['lstack']]) {
    const r = await runCli(['help', ...words], slow);
    const own = await runCli([...words, '--help'], slow);
    assert.equal(r.code, 0, `help ${words.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /^USAGE$/m, `help ${words.join(' ')}`);
    assert.equal(r.stdout, own.stdout, `help ${words.join(' ')}`);
  }
  assertOneLine(
    await runCli(['help', 'tpo'], slow),
    'help tpo',
    /unknown command 'tpo' \(did you mean 'top'\?/,
  );
  assertOneLine(await runCli(['nosuch', '--help'], slow), 'nosuch --help', /unknown command 'nosuch' \(see/);
});
