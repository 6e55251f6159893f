/** The DPDK group of the selected instance as text lines (state/threadLines.ts), scrollable. */
import type { Pen } from './paint.js';

/** A line longer than the screen ends in an ellipsis rather than wrapping. */
const truncate = (text: string, width: number): string =>
  text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;

export function threadsLines(
  pen: Pen,
  lines: readonly string[],
  { scroll, height, width }: { scroll: number; height: number; width: number },
): string[] {
  const from = Math.max(0, Math.min(scroll, lines.length - height));
  return lines
    .slice(from, from + Math.max(1, height))
    .map((l) => pen.line(truncate(l, width), l.startsWith('GROUP ') ? { bold: true } : undefined));
}
