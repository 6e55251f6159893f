/**
 * `gazellectl top` ended by a signal in a real terminal (tmux): the terminal is given back (main
 * screen, cursor shown) and the exit status is the one of a process that signal killed (128 + n),
 * which shells and systemd read as "ended by SIGTERM", not as success.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../shared.js';
import { tempDir } from '../../support/run-dir.js';
import { hasTmux, TmuxSession } from '../../support/tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (CI installs it): end-to-end TUI test skipped';
const runJs = join(repoRoot, 'bin', 'run.js');

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  test(
    `top ended by ${signal}: terminal restored, exit status 128+${constants.signals[signal]}`,
    { skip, timeout: 60_000 },
    async () => {
      const { runDir, cleanup } = tempDir('gz-top-signal-');
      const term = new TmuxSession(`gztop-sig-${process.pid}-${signal}`);
      try {
        term.start(100, 30, `${process.execPath} ${runJs} top --run-dir ${runDir}`);
        await term.until((s) => s.includes('no instances found'), 'the first frame');
        const shell = term.run('list-panes', '-t', term.name, '-F', '#{pane_pid}').trim();
        // the shell's child is the node of top (env execs it)
        const pid = Number(execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]);
        assert.ok(pid > 0, `top's pid under shell ${shell}`);
        process.kill(pid, signal);
        const screen = await term.until((s) => /EXITED rc=\d+/.test(s), 'top to exit');
        assert.match(screen, new RegExp(`EXITED rc=${128 + constants.signals[signal]}\\b`));
        const state = term
          .run('display-message', '-p', '-t', term.name, '#{alternate_on} #{cursor_flag}')
          .trim();
        assert.equal(state, '0 1', 'main screen (alternate_on 0), cursor shown (cursor_flag 1)');
      } finally {
        term.kill();
        cleanup();
      }
    },
  );
}
