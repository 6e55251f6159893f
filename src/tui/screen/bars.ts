/** The one-line bars around the body: the view tabs under the header and the footer at the bottom. */
import { label } from '../../monitor/label.js';
import { VIEWS, type Prompt, type Sort, type ViewName } from '../state/viewState.js';
import type { Pen, Segment } from './paint.js';

export function tabsLines(pen: Pen, view: ViewName, sort: Sort, filter: string, width: number): string[] {
  const segments: Segment[] = VIEWS.map(
    (v, i) => [` ${i + 1} ${v} `, v === view ? { inverse: true, bold: true } : undefined] as const,
  );
  segments.push([`  sort ${sort.column} ${sort.order}`, { dim: true }]);
  if (filter) segments.push([`  filter "${filter}"`, { color: 'yellow' }]);
  return pen.text(segments, undefined, width);
}

/** An open prompt (filter, loglevel, go to) or the last message. */
export function footerLines(
  pen: Pen,
  prompt: Prompt | null,
  message: string | null,
  width: number,
): string[] {
  const yellow = { color: 'yellow' };
  if (prompt?.kind === 'filter')
    return pen.text(`/${prompt.text}_   (Enter keeps, Esc clears)`, yellow, width);
  if (prompt?.kind === 'goto')
    return pen.text(
      `go to (HH:MM[:SS] UTC, 2026-11-29T03:14:07Z, +5m): ${prompt.text}_   (Enter goes, Esc cancels)`,
      yellow,
      width,
    );
  if (prompt?.kind === 'loglevel')
    return pen.text(
      `set loglevel of ${label(prompt.prefix)}: [e]rror [i]nfo [d]ebug (Esc cancels)`,
      yellow,
      width,
    );
  if (prompt?.kind === 'confirm-loglevel')
    return pen.text(
      `set loglevel of ${label(prompt.prefix)} to ${prompt.level}? [y/n]`,
      { color: 'yellow', bold: true },
      width,
    );
  return pen.text(message ?? ' ', message ? undefined : { dim: true }, width);
}
