/**
 * Styled text for the terminal: runs of text with a style become one string with SGR escapes, or
 * plain text without colour (NO_COLOR, `--once` into a pipe). Every line of a frame goes through
 * `clip`, so a line never reaches past the terminal's last column (the terminal would wrap it onto
 * the next line, which the screen writer does not redraw when that line did not change).
 */
import wrapAnsi from 'wrap-ansi';

export interface LineStyle {
  bold?: boolean;
  dim?: boolean;
  underline?: boolean;
  inverse?: boolean;
  color?: string;
}

/** A run of text and its style; plain strings may carry their own SGR colours (asciichart). */
export type Segment = string | readonly [text: string, style: LineStyle | undefined];

const COLORS: Record<string, number> = {
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
};

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

export const RESET = '\x1b[0m';

export const visibleLength = (text: string): number =>
  text.includes('\x1b') ? text.replace(SGR, '').length : text.length;

/**
 * How a pen marks styles: 'color' all of them; 'mono' (NO_COLOR on a terminal) bold, dim, underline
 * and inverse but no colour (https://no-color.org is about colour only: the open view's tab stays
 * marked); 'plain' nothing at all (a pipe, a file).
 */
export type PenMode = 'color' | 'mono' | 'plain';

function sgrOf(style: LineStyle | undefined, colors = true): string {
  if (!style) return '';
  const codes: number[] = [];
  if (style.bold) codes.push(1);
  if (style.dim) codes.push(2);
  if (style.underline) codes.push(4);
  if (style.inverse) codes.push(7);
  const color = style.color === undefined || !colors ? undefined : COLORS[style.color];
  if (color !== undefined) codes.push(color);
  return codes.length ? `\x1b[${codes.join(';')}m` : '';
}

/**
 * The segments as one string, styled with SGR escapes as `mode` allows. Escapes a plain string
 * carries (asciichart's colours) are kept only in colour.
 */
export function paint(segments: readonly Segment[], m: PenMode): string {
  let out = '';
  for (const seg of segments) {
    const [raw, style] = typeof seg === 'string' ? [seg, undefined] : seg;
    const text = m !== 'color' && raw.includes('\x1b') ? raw.replace(SGR, '') : raw;
    const open = m === 'plain' ? '' : sgrOf(style, m === 'color');
    out += open ? `${open}${text}${RESET}` : text;
  }
  return out;
}

/**
 * The first `width` visible characters of a painted line. Escapes are kept (they take no column);
 * when a cut falls inside a styled run, a reset closes it.
 */
export function clip(line: string, width: number): string {
  if (line.length <= width) return line;
  if (!line.includes('\x1b')) return line.slice(0, Math.max(0, width));
  let shown = 0;
  let i = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) === 0x1b) {
      const end = line.indexOf('m', i);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    if (shown === width) return `${line.slice(0, i)}${RESET}`;
    shown++;
    i++;
  }
  return line;
}

/** A painted text as the lines it takes at `width`, word-wrapped like a paragraph. */
export function wrap(text: string, width: number): string[] {
  if (visibleLength(text) <= width) return [text];
  return wrapAnsi(text, width, { trim: false, hard: true }).split('\n');
}

/** Draws lines of one style: the pen a screen is drawn with. */
export class Pen {
  constructor(readonly mode: PenMode) {}

  /** Whether colours are drawn (the chart's series are told apart by them). */
  get color(): boolean {
    return this.mode === 'color';
  }

  /** One line of segments, or of a text in one style, cut to `width`. */
  line(content: string | readonly Segment[], style?: LineStyle, width = Infinity): string {
    const segments: readonly Segment[] = typeof content === 'string' ? [[content, style]] : content;
    const text = paint(segments, this.mode);
    return width === Infinity ? text : clip(text, width);
  }

  /** A paragraph: one text (or runs of text) wrapped at `width`. */
  text(content: string | readonly Segment[], style: LineStyle | undefined, width: number): string[] {
    return wrap(this.line(content, style), width);
  }
}
