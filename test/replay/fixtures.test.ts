/**
 * The contract: every recorded conversation with the real C client replays with our CLI — same
 * requests in the same order, same probe count, same stdout byte for byte, same exit code.
 * Failure scenarios are replayed twice: with --compat-exit-codes (the C text and status, exactly)
 * and in our default mode (same report, one line on stderr, our documented exit code).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EXIT } from '../../src/errors.js';
import { protocolDir } from '../shared.js';
import { C_ERROR_LINE, failing, loadFixtures, replay, type Fixture, type ReplayResult } from './replay.js';

const withRunDir = (buf: Buffer, runDir: string): Buffer =>
  Buffer.from(buf.toString('latin1').replaceAll('{RUN_DIR}', runDir), 'latin1');

/** Our exit code for the way a failing recording ends. */
function defaultExit(f: Fixture): number {
  const text = f.stdout.toString('latin1');
  if (f.name.startsWith('usage-')) return f.argv.length === 0 ? 0 : EXIT.usage;
  if (text.includes('errno: 2')) return EXIT.notRunning;
  if (text.includes('errno: 111')) return EXIT.refused;
  if (text.includes('read_specied_len: time out')) return EXIT.timeout;
  if (text.includes('read_specied_len: Connection closed')) return EXIT.closedEarly;
  return 0;
}

function stripCErrors(stdout: Buffer): Buffer {
  const lines = stdout.toString('latin1').split('\n');
  lines.pop(); // text after the last newline (empty)
  while (lines.length && C_ERROR_LINE.test(lines.at(-1)!)) lines.pop();
  return Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1');
}

function assertConversation(f: Fixture, r: ReplayResult, expectProbes: number) {
  assert.equal(r.recording.probes, expectProbes, 'probe connections');
  assert.equal(r.recording.requests.length, f.requests.length, 'request connections');
  r.recording.requests.forEach((req, i) => assert.deepEqual(req, f.requests[i], `request ${i + 1} bytes`));
}

function compareStdout(f: Fixture, actual: Buffer, expected: Buffer) {
  const skip = new Set(f.manifest.nondeterministic_lines ?? []);
  if (!skip.size) {
    assert.equal(actual.toString('latin1'), expected.toString('latin1'), 'stdout');
    return;
  }
  const a = actual.toString('latin1').split('\n');
  const e = expected.toString('latin1').split('\n');
  assert.equal(a.length, e.length, 'stdout line count');
  e.forEach((line, i) => {
    if (!skip.has(i + 1)) assert.equal(a[i], line, `stdout line ${i + 1}`);
  });
}

function suite(dir: string, profile: string, requestSize: number) {
  for (const f of loadFixtures(dir)) {
    const probes = f.manifest.probe_connections;
    if (!failing(f)) {
      test(`${profile} ${f.name}: replays byte for byte`, async () => {
        const r = await replay(f, { profile, requestSize });
        assert.equal(r.stderr, '', 'stderr');
        compareStdout(f, r.stdout, withRunDir(f.stdout, r.runDir));
        assert.equal(r.code, f.exitCode, 'exit code');
        assertConversation(f, r, probes);
      });
      // No --profile and no GAZELLECTL_PROFILE: the socket file's name must choose the era, and
      // the conversation must be the same, not one probe or request more.
      test(`${profile} ${f.name}: with no profile given, the socket name chooses ${profile}`, async () => {
        const r = await replay(f, { profile: undefined, requestSize });
        assert.equal(r.stderr, '', 'stderr');
        compareStdout(f, r.stdout, withRunDir(f.stdout, r.runDir));
        assert.equal(r.code, f.exitCode, 'exit code');
        assertConversation(f, r, probes);
      });
      continue;
    }
    test(`${profile} ${f.name}: --compat-exit-codes reproduces the C text and status`, async () => {
      const r = await replay(f, { profile, requestSize, extraArgs: ['--compat-exit-codes'] });
      compareStdout(f, r.stdout, withRunDir(f.stdout, r.runDir));
      assert.equal(r.code, f.exitCode, 'exit code');
      assertConversation(f, r, probes);
    });
    test(`${profile} ${f.name}: default mode gives the same report, one error line and our exit code`, async () => {
      const r = await replay(f, { profile, requestSize });
      const usage = f.name.startsWith('usage-') && f.argv.length > 0;
      const expected = usage ? Buffer.alloc(0) : stripCErrors(withRunDir(f.stdout, r.runDir));
      compareStdout({ ...f, manifest: { ...f.manifest, nondeterministic_lines: [] } }, r.stdout, expected);
      assert.equal(r.code, defaultExit(f), 'exit code');
      if (r.code !== 0) {
        assert.match(r.stderr, /^gazellectl: [^\n]+\n$/, 'exactly one line on stderr');
        assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/, 'no stack trace');
      }
      // A usage error is found before any connection is made.
      if (usage)
        assert.equal(r.recording.probes + r.recording.requests.length, 0, 'no connection for a usage error');
      else assertConversation(f, r, probes);
    });
  }
}

suite(join(protocolDir, 'fixtures'), 'v1.0.3', 32);
suite(join(protocolDir, 'fixtures-v1.0.2-real'), 'v1.0.2', 24);
