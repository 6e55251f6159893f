/**
 * `gazellectl top` in a real terminal (tmux) against the simulator: live stack rows, view switching,
 * sorting, filtering, a loglevel change reaching the simulator, surviving a simulator restart, and a
 * clean exit that gives the terminal back. Needs `npm run build` (the test script does it).
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../../shared.js';
import { hasTmux, TmuxSession } from '../../support/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (CI installs it): end-to-end TUI test skipped';

const runJs = join(repoRoot, 'bin', 'run.js');
const term = new TmuxSession(`gztop-e2e-${process.pid}`);
let runDir = '';
let sim: ChildProcess | null = null;

const screen = (): string => term.screen();
const keys = (...k: string[]): void => term.keys(...k);

async function startSim(): Promise<void> {
  sim = spawn(
    process.execPath,
    [runJs, 'sim', '--run-dir', runDir, '--instance', '07:lstack:4', '--instance', '08:ltran:2'],
    {
      stdio: 'ignore',
    },
  );
  await until(
    () => existsSync(join(runDir, '07lstack_cmd.sock')) && existsSync(join(runDir, '08ltran_cmd.sock')),
    'simulator sockets',
  );
}

async function stopSim(): Promise<void> {
  if (!sim) return;
  const exited = new Promise((r) => sim!.once('exit', r));
  sim.kill('SIGKILL');
  await exited;
  sim = null;
}

async function until(ok: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${hasTmux ? screen() : ''}`);
}

/** "12.3k" -> 12300 */
function num(text: string): number {
  const m = /^([\d.]+)([kMGT]?)$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 } as Record<string, number>)[m[2]];
}

/** Stack rows of instance 07 as [stack id, rx pkt/s]. */
function stacksOf07(text: string): Array<[number, number]> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('07 all'));
  const out: Array<[number, number]> = [];
  for (const l of lines.slice(start + 1)) {
    // TID, then CORE (blank when /proc has no such thread), CPU% ('-' then), LP, RX pkt/s
    const m = /^\s+stack (\d+)\s+\d+\s+(?:\d+\s+)?(?:[\d.]+|-)\s+(?:on|off)\s+(\S+)/.exec(l);
    if (!m) break;
    out.push([Number(m[1]), num(m[2])]);
  }
  return out;
}

before(async () => {
  if (skip) return;
  assert.ok(existsSync(join(repoRoot, 'dist', 'commands', 'top.js')), 'run `npm run build` first');
  runDir = `${mkdtempSync(join(tmpdir(), 'gztop-'))}/`;
  await startSim();
  term.start(120, 40, `node ${runJs} top --run-dir ${runDir}`, 'TOP-EXITED');
});

after(async () => {
  if (skip) return;
  term.kill();
  await stopSim();
  rmSync(runDir, { recursive: true, force: true });
});

test('top in tmux against the simulator', { skip, timeout: 120_000 }, async (t) => {
  await t.test('shows both instances and stack rows with changing numbers', async () => {
    await until(
      () =>
        /08\s+ltran\s+v1\.0\.3\s+2\s+\w+\s+\w+\s+connected/.test(screen()) &&
        stacksOf07(screen()).every(([, rx]) => rx > 0) &&
        stacksOf07(screen()).length === 4,
      'live stack rows',
    );
    const first = stacksOf07(screen());
    await sleep(2500);
    const second = stacksOf07(screen());
    assert.equal(second.length, 4);
    assert.notDeepEqual(first, second, 'rates did not change');
    assert.match(screen(), /TOTAL\s+\S+/);
  });

  await t.test('sorting by rx descending orders the stack rows', async () => {
    keys('s', 's', 'S'); // stack -> tid -> rx, then descending
    await until(() => /sort rx desc/.test(screen()), 'sort indicator');
    await sleep(1500);
    const rx = stacksOf07(screen()).map(([, v]) => v);
    assert.deepEqual(
      rx,
      [...rx].sort((a, b) => b - a),
    );
    keys('s', 's', 's', 's', 's', 's', 's', 's', 's', 's'); // rx + 10 = round to stack (12 columns)
    keys('S');
    await until(() => /sort stack asc/.test(screen()), 'sort back to stack');
  });

  await t.test('the filter keeps matching stacks only', async () => {
    const tid = /^\s+stack 1\s+(\d+)/m.exec(screen())![1];
    keys('/');
    keys('-l', tid);
    keys('Enter');
    await until(() => stacksOf07(screen()).length === 1 && stacksOf07(screen())[0][0] === 1, 'filtered rows');
    keys('/');
    // An Esc in the same read as other keys waits for the rest of an escape sequence (ink's
    // input parser), as a terminal would; a person presses it on its own.
    await until(() => /Enter keeps, Esc clears/.test(screen()), 'filter editor');
    keys('Escape');
    await until(() => stacksOf07(screen()).length === 4, 'filter cleared');
  });

  await t.test('views switch with digits and Tab', async () => {
    keys('2');
    await until(
      () => /LOCAL\s+REMOTE\s+STATE/.test(screen()) && /ESTABLISHED|LISTEN/.test(screen()),
      'connections view',
    );
    keys('Tab');
    await until(() => /COUNTER\s+VALUE\s+PER SEC/.test(screen()) && /tcp_\w+/.test(screen()), 'snmp view');
    keys('5');
    await until(() => /OFFLOAD FEATURES/.test(screen()), 'nic view');
    keys('1');
    await until(() => /INSTANCE\/STACK/.test(screen()), 'stacks view');
  });

  await t.test('L sets the loglevel of the selected instance in the simulator', async () => {
    keys('L');
    await until(() => /\[e\]rror \[i\]nfo \[d\]ebug/.test(screen()), 'loglevel prompt');
    keys('d');
    await until(() => /to debug\? \[y\/n\]/.test(screen()), 'confirmation');
    keys('y');
    await until(() => /loglevel of 07 set to debug/.test(screen()), 'result message');
    // The level shown comes back from the simulator's own answers.
    await until(
      () => /^07\s+lstack\s+v1\.0\.3\s+4\s+debug/m.test(screen()),
      'debug reported by the simulator',
    );
  });

  await t.test('survives the simulator being killed and restarted', async () => {
    await stopSim();
    // a killed daemon leaves its socket file behind: folded with the others whose daemon is gone
    await until(() => /2 stale sockets — daemon gone/.test(screen()), 'daemon-gone line');
    keys('g');
    await until(() => /07\s+.*disconnected/.test(screen()), 'unfolded: disconnected state');
    keys('g');
    await startSim();
    await until(
      () =>
        /^07\s+lstack\s+v1\.0\.3\s+4\s+\w+\s+\w+\s+connected/m.test(screen()) &&
        stacksOf07(screen()).every(([, rx]) => rx > 0),
      'reconnected with rates',
      30_000,
    );
  });

  await t.test('q quits and restores the terminal', async () => {
    keys('q');
    await until(() => /TOP-EXITED rc=0/.test(screen()), 'exit');
    assert.ok(!/INSTANCE\/STACK/.test(screen()), 'the TUI was left on the screen');
    assert.equal(term.run('display-message', '-p', '-t', term.name, '#{alternate_on}').trim(), '0');
  });
});
