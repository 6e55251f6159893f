/**
 * `top` flag errors (one line, exit 2, no stack trace), including --sort (accepted silently before)
 * and every bad --replay; and `top --replay --once` printing the frame at --at.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, type CliResult } from '../../hostile/harness.js';
import { synthetic } from '../../recorder/fixtures.js';
import { writeRecording } from './support.js';

const START = Date.UTC(2026, 10, 29, 3, 0, 0);

function oneLine(r: CliResult, message: RegExp): void {
  assert.equal(r.code, 2, `exit code (stderr ${JSON.stringify(r.stderr)})`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^gazellectl: [^\n]+\n$/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(r.stderr, message);
}

test('top --sort with no such column is a usage error naming the sort keys of the view', async () => {
  oneLine(
    await runCli(['top', '--sort', 'foo', '--once', '--run-dir', '/nonexistent/']),
    /invalid --sort 'foo' for the stacks view: sort keys are stack, tid, rx, tx, .*cpu$/m,
  );
  oneLine(
    await runCli(['top', '--view', 'connections', '--sort', 'rx', '--once']),
    /sort keys are tid, local, remote, state, recvQ/,
  );
  oneLine(await runCli(['top', '--sort', 'rx:up', '--once']), /the order after ':' is asc or desc/);
});

test('top --replay: a bad path, a file that is no recording, an empty one, bad --at / --speed', async () => {
  const rec = writeRecording(synthetic({ instances: 1, stacks: 1, count: 10, start: START }), ['a_']);
  try {
    const other = join(rec.dir, '..', 'not-a-recording.txt');
    writeFileSync(other, 'hello\n');
    const empty = join(rec.dir, '..', 'empty');
    mkdirSync(empty);
    const headerOnly = join(rec.dir, '..', 'torn.gzrec');
    writeFileSync(headerOnly, 'GZREC01\n');
    oneLine(await runCli(['top', '--replay', join(rec.dir, 'nope'), '--once']), /no recording at /);
    oneLine(await runCli(['top', '--replay', other, '--once']), /is not a gazellectl recording/);
    oneLine(await runCli(['top', '--replay', empty, '--once']), /no recording segments/);
    oneLine(await runCli(['top', '--replay', headerOnly, '--once']), /no samples in the recording/);
    oneLine(await runCli(['top', '--replay', rec.dir, '--at', 'noon', '--once']), /invalid --at 'noon'/);
    oneLine(await runCli(['top', '--replay', rec.dir, '--speed', 'fast', '--once']), /invalid --speed/);
    oneLine(
      await runCli(['top', '--replay', rec.dir, '--at', '2001-01-01', '--once']),
      /outside the recording/,
    );
    oneLine(await runCli(['top', '--at', '03:00', '--once']), /--at needs --replay/);
    oneLine(await runCli(['top', '--replay', rec.dir]), /top needs a terminal/);
  } finally {
    rec.done();
  }
});

test('top --replay --once prints the frame at --at with the time cursor and the recorded rates', async () => {
  const rec = writeRecording(synthetic({ instances: 1, stacks: 2, count: 600, start: START, pps: 5000 }), [
    'a_',
  ]);
  try {
    const r = await runCli(['top', '--replay', rec.dir, '--at', '03:07:30', '--once']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /REPLAY 2026-11-29 03:07:30 UTC/);
    assert.match(r.stdout, /^a_\s+lstack\s+v1\.0\.3\s+2\s+\S+\s+off\s+connected/m);
    // synthetic load: 5000 * (0.5 .. 1.5) packets a second per stack
    const rx = /^ {2}stack 0\s+\d+\s+-\s+off\s+(\S+)/m.exec(r.stdout);
    assert.ok(rx, r.stdout);
    assert.match(rx[1], /^\d\.\dk$|^\d{4}$/);
  } finally {
    rec.done();
  }
});
