/**
 * `top --replay` in a real terminal (tmux), as a person uses it after an incident: the simulator runs
 * a scripted burst / down / restart, `gazellectl record` records it, `gazellectl report` says when,
 * and in `top --replay DIR` the keys g (go to a time), step, play/pause show the incident at its
 * time. The incident's times come from the recording (the report), never from the wall clock.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRecording } from '../../../src/recorder/reader.js';
import { summarise, type Report } from '../../../src/recorder/report.js';
import { formatCount } from '../../../src/stats/units.js';
import { repoRoot } from '../../shared.js';
import { hasTmux, TmuxSession } from '../../support/tmux.js';

// CI installs tmux (.ci/run): there a missing tmux is a failure, not a skip
if (!hasTmux && process.env.CI) throw new Error('tmux is missing: .ci/run installs it');
const skip = hasTmux ? false : 'tmux is not installed (CI installs it): replay TUI test skipped';

const runJs = join(repoRoot, 'bin', 'run.js');
const term = new TmuxSession(`gzreplay-e2e-${process.pid}`);
let dir = '';
let report: Report;
let sampleTimes: number[] = [];
/** What a_'s sample at each time recorded as its error (the error may change within one gap). */
const aErrors = new Map<number, string>();

const screen = (): string => term.screen();
const keys = (...k: string[]): void => term.keys(...k);
/** What the header says the cursor is at, e.g. 2026-11-29 03:14:07.250 */
const cursor = (): string => /REPLAY (\S+ \S+) UTC/.exec(screen())?.[1] ?? '';
const clock = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function until(ok: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<unknown> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  return exited;
}

/** The row of instance a_'s stack `n`: its RX pkt/s cell. */
function rxOf(text: string, n: number): string | null {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('a_ all'));
  for (const l of lines.slice(start + 1)) {
    const m = /^\s+stack (\d+)( \*)?\s+\d+\s+-\s+(?:on|off)\s+(\S+)/.exec(l);
    if (!m) break;
    if (Number(m[1]) === n) return m[3];
  }
  return null;
}

before(async () => {
  if (skip) return;
  assert.ok(existsSync(join(repoRoot, 'dist', 'commands', 'top.js')), 'run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'gzreplay-'));
  const runDir = `${dir}/run/`;
  const rec = join(dir, 'rec');
  writeFileSync(
    join(dir, 'incident.txt'),
    // late enough that the recorder is running on a loaded machine (its start is waited for below)
    ['5 burst 20 1.5s instance=a_ stack=1', '8 down 2s instance=a_', '12 restart instance=a_', ''].join('\n'),
  );
  const simStart = Date.now();
  const sim = spawn(
    process.execPath,
    [
      runJs,
      'sim',
      '--run-dir',
      runDir,
      '--instance',
      'a_:lstack:2',
      '--instance',
      'b_:ltran:2',
      '--script',
      join(dir, 'incident.txt'),
    ],
    { stdio: 'ignore' },
  );
  try {
    await until(
      () => existsSync(join(runDir, 'a_lstack_cmd.sock')) && existsSync(join(runDir, 'b_ltran_cmd.sock')),
      'simulator',
    );
    const recorder = spawn(
      process.execPath,
      [
        runJs,
        'record',
        '--run-dir',
        runDir,
        '--out',
        rec,
        '--interval',
        '0.25',
        '--timeout',
        '500',
        '--snmp-every',
        '4',
      ],
      { stdio: 'ignore' },
    );
    try {
      await until(() => existsSync(rec) && readdirSync(rec).length > 0, 'the recorder', 30_000);
      await sleep(simStart + 14_500 - Date.now());
    } finally {
      await stopChild(recorder, 'SIGTERM');
    }
  } finally {
    await stopChild(sim, 'SIGKILL');
  }
  const items = [...readRecording(rec, () => undefined)];
  report = summarise(items);
  sampleTimes = items.flatMap((i) => (i.kind === 'sample' ? [i.sample.t] : []));
  for (const i of items) {
    if (i.kind !== 'sample') continue;
    const error = i.sample.instances[i.header.instances.indexOf('a_')]?.error;
    if (error !== undefined) aErrors.set(i.sample.t, error);
  }
  term.start(140, 40, `node ${runJs} top --replay ${rec}`, 'TOP-EXITED');
});

after(() => {
  if (skip) return;
  term.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('top --replay in tmux: the recorded incident at its time', { skip, timeout: 120_000 }, async (t) => {
  const a = report.instances.find((i) => i.instance === 'a_')!;
  // a loaded machine may add short stretches where the daemon answered too late: the scripted
  // `8 down 2s` is the longest (the simulator's own start-up shifts its times, so not by the clock)
  const down = a.gaps
    .filter((g) => /^down: /.test(g.reason) && g.to !== null)
    .sort((x, y) => y.to! - y.from - (x.to! - x.from))[0];
  assert.ok(down, `the recording has the down stretch: ${JSON.stringify(a.gaps)}`);
  const restart = a.restarts.find((r) => r.t > down.from);
  assert.ok(restart, `the recording has the restart: ${JSON.stringify(a.restarts)}`);

  await t.test('opens paused at the first sample', async () => {
    await until(() => cursor() === clock(sampleTimes[0]), 'the first sample');
    assert.match(screen(), /PAUSED \(1x\)/);
  });

  await t.test('g, then the time of the burst peak: the peak rate on its stack', async () => {
    const peak = a.stacks[1].rxPps;
    keys('g');
    await until(() => /go to \(HH:MM/.test(screen()), 'the go-to prompt');
    keys(new Date(peak.peakAt!).toISOString(), 'Enter');
    await until(() => cursor() === clock(peak.peakAt!), 'the cursor at the peak');
    assert.equal(rxOf(screen(), 1), formatCount(peak.peak));
  });

  await t.test('g, then a time inside the down stretch: the gap with its error, no rates', async () => {
    const gap = down!;
    const inside = sampleTimes.find((s) => s > gap.from && s < gap.to!) ?? gap.from;
    keys('g', clock(inside).slice(11), 'Enter');
    await until(() => cursor() === clock(inside), 'the cursor in the gap');
    const text = screen();
    assert.match(
      text,
      new RegExp(
        `^a_\\s+lstack.*disconnected \\(stale \\d+s\\): ${aErrors
          .get(inside)!
          .slice(0, 20)
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
        'm',
      ),
    );
    assert.equal(rxOf(text, 0), '-');
    assert.match(text, /^a_ all\s+off\s+-\s+-/m);
  });

  await t.test('g, then the restart: marked in the header and on the rows', async () => {
    const at = restart!.t;
    keys('g', clock(at).slice(11), 'Enter');
    await until(() => cursor() === clock(at), 'the cursor at the restart');
    const text = screen();
    assert.match(text, /^a_\s+lstack.*connected \(restarted: counters reset\)/m);
    assert.match(text, /^a_ all \*/m);
    assert.match(text, /^b_\s+ltran\s/m);
  });

  await t.test('step forward and back one sample', async () => {
    const at = restart!.t;
    const next = sampleTimes[sampleTimes.indexOf(at) + 1];
    keys('.');
    await until(() => cursor() === clock(next), 'one sample forward');
    assert.notEqual(rxOf(screen(), 0), '-', 'rates again on the sample after the restart');
    keys(',');
    await until(() => cursor() === clock(at), 'one sample back');
  });

  await t.test('play moves the cursor on, pause holds it', async () => {
    // from the first sample: from the restart, ~2 s before the end, a busy machine's screen reads
    // could miss the whole playback (it stops, paused, at the end)
    keys('Home');
    await until(() => cursor() === clock(sampleTimes[0]), 'the first sample');
    const before = cursor();
    keys(' ');
    await until(() => /PLAYING 1x/.test(screen()) && cursor() !== before, 'playback');
    keys(' ');
    await until(() => /PAUSED/.test(screen()), 'paused');
    const held = cursor();
    await sleep(800);
    assert.equal(cursor(), held);
    keys('+', '+');
    await until(() => /PAUSED \(4x\)/.test(screen()), 'speed 4x');
  });

  await t.test('live-only keys say so; q quits cleanly', async () => {
    keys('L');
    await until(() => /not in replay/.test(screen()), 'not in replay');
    keys('q');
    await until(() => /TOP-EXITED rc=0/.test(screen()), 'exit');
  });
});
