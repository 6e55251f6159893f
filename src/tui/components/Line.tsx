/**
 * One line of text whose content changes every frame (table rows, the chart, the clock).
 *
 * ink 6 remembers the measured size of every distinct string a <Text> ever showed, in a
 * module-level Map that is never evicted (vadimdemedes/ink#986): with numbers that change every
 * second, `top` grew ~12 KB per frame (~40 MB an hour) and re-measured every row on every frame.
 * A Line is laid out by a placeholder of blanks as wide as its text (so that cache holds one
 * entry per width, not per content) and drawn by a Transform that swaps in the styled text.
 */
import { Transform } from 'ink';
import { createContext, useContext } from 'react';

/** Whether Lines emit colours and attributes (off for NO_COLOR, or `--once` into a pipe). */
export const ColorContext = createContext(true);

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

export const visibleLength = (text: string): number => text.replace(SGR, '').length;

function sgrOf(style: LineStyle | undefined): string {
  if (!style) return '';
  const codes: number[] = [];
  if (style.bold) codes.push(1);
  if (style.dim) codes.push(2);
  if (style.underline) codes.push(4);
  if (style.inverse) codes.push(7);
  const color = style.color === undefined ? undefined : COLORS[style.color];
  if (color !== undefined) codes.push(color);
  return codes.length ? `\x1b[${codes.join(';')}m` : '';
}

/** The segments as one string: styled with SGR escapes, or stripped of every escape. */
export function paint(segments: readonly Segment[], color: boolean): string {
  let out = '';
  for (const seg of segments) {
    const [text, style] = typeof seg === 'string' ? [seg, undefined] : seg;
    if (!color) out += text.replace(SGR, '');
    else {
      const open = sgrOf(style);
      out += open ? `${open}${text}\x1b[0m` : text;
    }
  }
  return out;
}

export interface LineProps {
  /** The text, or runs of differently styled text. */
  children: string | readonly Segment[];
  style?: LineStyle;
  /** Never lay out wider than this (a wider placeholder would wrap and draw the line twice). */
  width?: number;
}

export function Line({ children, style, width = Infinity }: LineProps) {
  const color = useContext(ColorContext);
  const segments: readonly Segment[] = typeof children === 'string' ? [[children, style]] : children;
  const text = paint(segments, color);
  const blank = ' '.repeat(Math.max(1, Math.min(width, visibleLength(text))));
  return <Transform transform={() => text}>{blank}</Transform>;
}
