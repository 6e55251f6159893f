/**
 * Every recorded scenario, replayed without sockets through the C-compatible printer, must print
 * what the real C client printed, byte for byte, up to the error lines that the client layer
 * prints (connect/read failures). Usage scenarios check usageText() the same way.
 */
process.env.TZ = 'UTC'; // the recordings' connection stamps are UTC wall-clock time

import type { Daemon } from '../../src/model/daemon.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractUnixPrefix, parseWords } from '../../src/cli/grammar.js';
import { conversationFor } from '../../src/protocol/conversations.js';
import { wireFor, type ProfileName } from '../../src/protocol/profiles.js';
import { UsageError } from '../../src/errors.js';
import { cPrinter, usageText } from '../../src/format/c/index.js';
import { protocolDir } from '../shared.js';
import { replay } from './replay.js';

/** Lines the C client prints for failures; produced by the client layer, not the printer. */
const ERROR_LINE =
  /^(read_specied_len: |read stat response msg failed|Connect (lstack|ltran)\(path:|Please ensure the process|connect ltran failed\.|You may need to use the -u)/;

interface Manifest {
  fake_time_epoch?: number;
  nondeterministic_lines?: number[];
}

/** stdout up to (not including) the first error line the client layer is responsible for. */
function reportPart(stdout: string): string {
  const lines = stdout.split('\n');
  const cut = lines.findIndex((l) => ERROR_LINE.test(l));
  return cut === -1
    ? stdout
    : lines
        .slice(0, cut)
        .map((l) => `${l}\n`)
        .join('');
}

function compare(actual: string, expected: string, skipLines: readonly number[], where: string): void {
  if (skipLines.length === 0) {
    assert.equal(actual, expected, where);
    return;
  }
  const a = actual.split('\n');
  const e = expected.split('\n');
  assert.equal(a.length, e.length, `${where}: line count`);
  for (let i = 0; i < e.length; i++) {
    if (!skipLines.includes(i + 1)) assert.equal(a[i], e[i], `${where}: line ${i + 1}`);
  }
}

function scenarios(set: string): string[] {
  const root = join(protocolDir, set);
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
    .sort()
    .map((d) => join(root, d));
}

const SETS: { set: string; profile: ProfileName }[] = [
  { set: 'fixtures', profile: 'v1.0.3' },
  { set: 'fixtures-v1.0.2-real', profile: 'v1.0.2' },
];

for (const { set, profile } of SETS) {
  const wire = wireFor(profile, 'x86_64');
  for (const dir of scenarios(set)) {
    const name = `${set}/${dir.split('/').pop()}`;
    test(`C printer reproduces ${name} (${profile})`, () => {
      const argv = readFileSync(join(dir, 'argv.txt'), 'utf8').split('\n').slice(1);
      while (argv.length > 0 && argv[argv.length - 1] === '') argv.pop();
      const stdout = readFileSync(join(dir, 'stdout.txt'), 'latin1');
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
      const mode = readFileSync(join(dir, 'mode.txt'), 'utf8').trim();

      let parsed;
      try {
        parsed = parseWords(extractUnixPrefix(argv).words);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        const printed = (e.cLines ?? []).map((l) => `${l}\n`).join('') + usageText(profile);
        assert.equal(printed, stdout, `${name}: usage text`);
        return;
      }
      const expected = reportPart(stdout.slice(parsed.notices.map((l) => `${l}\n`).join('').length));
      if (mode === 'none') {
        assert.equal(expected, '', `${name}: nothing but error lines`);
        return;
      }
      const daemon = mode as Daemon;
      const conv = conversationFor(parsed.command, daemon, profile);
      if (conv === null) {
        assert.equal(expected, '', `${name}: refused before any request`);
        return;
      }
      const epoch = manifest.fake_time_epoch ?? 1_700_000_000;
      const printer = cPrinter(parsed.command, wire, { now: () => BigInt(epoch) * 1_000_000n });
      const { text } = replay(dir, conv, daemon, wire, printer);
      compare(text, expected, manifest.nondeterministic_lines ?? [], name);
    });
  }
}
