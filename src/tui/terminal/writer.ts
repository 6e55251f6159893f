/**
 * Puts frames on the terminal, writing only the lines that changed since the last frame, each at its
 * own row. A second of `top` changes a few dozen numbers on a screen of thousands of characters; the
 * terminal (and ssh, and tmux) get just those lines, and an unchanged frame writes nothing.
 */

export interface Screenish {
  write(chunk: string): boolean;
}

/**
 * The row's start, then the row erased before it is written: erasing after it would blank its last
 * column on terminals that hold the cursor there after a full-width line (pending wrap).
 */
const at = (row: number): string => `\x1b[${row + 1};1H\x1b[2K`;
const END = '\x1b[0m';
const CLEAR_SCREEN = '\x1b[2J';

export class ScreenWriter {
  private shown: readonly string[] = [];
  private cleared = false;

  constructor(private readonly out: Screenish) {}

  /** The next draw starts from a clear screen (after a resize, the terminal may have moved lines). */
  invalidate(): void {
    this.shown = [];
    this.cleared = false;
  }

  /** Draws `lines` (already cut to the terminal's width) from the top row; returns the bytes written. */
  draw(lines: readonly string[]): number {
    let out = this.cleared ? '' : CLEAR_SCREEN;
    this.cleared = true;
    const rows = Math.max(lines.length, this.shown.length);
    for (let i = 0; i < rows; i++) {
      const line = lines[i];
      if (line === this.shown[i]) continue;
      out += `${at(i)}${line ?? ''}${END}`;
    }
    this.shown = lines;
    if (out) this.out.write(out);
    return out.length;
  }
}
