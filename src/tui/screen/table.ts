/** A table as lines: a bold underlined title line, then one line per row in its own style. */
import { line, type Column } from './columns.js';
import type { Pen } from './paint.js';
import type { Sort } from '../state/viewState.js';

export interface TableRow {
  key: string;
  cells: string[];
  bold?: boolean;
  color?: string;
  dim?: boolean;
}

export interface TableOptions {
  /** Key of the highlighted row, if any. */
  highlight?: string | null;
  /** Lines are cut to this width. */
  width?: number;
}

export function tableLines(
  pen: Pen,
  columns: readonly Column[],
  rows: readonly TableRow[],
  { highlight = null, width = Infinity }: TableOptions = {},
): string[] {
  const out = [
    pen.line(
      line(
        columns,
        columns.map((c) => c.title),
      ),
      { bold: true, underline: true },
      width,
    ),
  ];
  for (const r of rows)
    out.push(
      pen.line(
        line(columns, r.cells),
        { bold: r.bold, color: r.color, dim: r.dim, inverse: r.key === highlight },
        width,
      ),
    );
  return out;
}

/** What a view of counters as a scrolling table (snmp, nic) is told besides its data. */
export interface CounterTableOptions {
  sort: Sort;
  filter: string;
  nonZeroOnly: boolean;
  scroll: number;
  height: number;
}

/** The position line's note in the snmp and nic views: what is shown now, and what z would do. */
export const zeroNote = (nonZeroOnly: boolean): string =>
  nonZeroOnly ? 'non-zero only · z shows all' : 'all counters · z hides zeros';

/** A table showing `height` lines from `scroll` (title and position line included). */
export function scrollTableLines(
  pen: Pen,
  columns: readonly Column[],
  rows: readonly TableRow[],
  { scroll, height, note, width }: { scroll: number; height: number; note?: string; width?: number },
): string[] {
  const visible = Math.max(1, height - 2);
  const first = Math.max(0, Math.min(scroll, rows.length - visible));
  const shown = rows.slice(first, first + visible);
  const position =
    rows.length > visible
      ? `rows ${first + 1}-${first + shown.length} of ${rows.length}`
      : `${rows.length} rows`;
  return [
    ...tableLines(pen, columns, shown, { width }),
    pen.line(`${position}${note ? `  ${note}` : ''}`, { dim: true }, width),
  ];
}
