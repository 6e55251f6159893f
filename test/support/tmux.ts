/** A terminal for TUI tests: a detached tmux session that a test types into and reads, as a person would. */
import { execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export class TmuxSession {
  constructor(readonly name: string) {}

  run(...args: string[]): string {
    return execFileSync('tmux', args, { encoding: 'utf8' });
  }

  /** Starts `command` in a detached terminal of the given size; it stays 60 s after the command ends. */
  start(columns: number, rows: number, command: string, endMark = 'EXITED'): void {
    // a person at a terminal has no CI variable
    const line = `env -u CI ${command}; echo ${endMark} rc=$?; sleep 60`;
    this.run('new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), line);
  }

  screen(): string {
    return this.run('capture-pane', '-p', '-t', this.name);
  }

  keys(...k: string[]): void {
    this.run('send-keys', '-t', this.name, ...k);
  }

  /** The screen once `ok` holds, or an error that shows the screen after `ms`. */
  async until(ok: (text: string) => boolean, what: string, ms = 30_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const text = this.screen();
      if (ok(text)) return text;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
      await sleep(250);
    }
  }

  kill(): void {
    try {
      this.run('kill-session', '-t', this.name);
    } catch {
      // already gone
    }
  }
}
