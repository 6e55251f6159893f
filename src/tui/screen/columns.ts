/** Fixed-width text columns: a table row is one string, drawn as one line. */
export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
  /** A shorter title and width used when the full table does not fit. */
  narrow?: { title: string; width: number };
  /** When even the narrow table does not fit, columns go lowest `drop` first; without it, never. */
  drop?: number;
  /** The sort key (viewState SORT_COLUMNS) the column shows. */
  sortKey?: string;
}

export const right = (title: string, width: number): Column => ({ title, width, align: 'right' });

const widthOf = (cols: readonly Column[]): number =>
  cols.reduce((a, c) => a + c.width, 0) + Math.max(0, cols.length - 1);

/**
 * The columns that fit in `width`: all of them as they are if they fit, else every column narrowed,
 * then the droppable ones removed lowest `drop` first. `keep` indexes the original columns (and cells).
 * The column of `sortKey` is never dropped: rows ordered by a column the user cannot see look unsorted.
 */
export function fitColumns(
  columns: readonly Column[],
  width: number,
  sortKey?: string,
): { columns: Column[]; keep: number[] } {
  let keep = columns.map((_, i) => i);
  if (widthOf(columns) <= width) return { columns: [...columns], keep };
  const narrowed = columns.map((c) => (c.narrow ? { ...c, ...c.narrow } : c));
  const dropOrder = narrowed
    .map((c, i) => ({ drop: c.drop, i }))
    .filter(
      (x): x is { drop: number; i: number } =>
        x.drop !== undefined && (sortKey === undefined || columns[x.i].sortKey !== sortKey),
    )
    .sort((a, b) => a.drop - b.drop || b.i - a.i);
  for (const { i } of dropOrder) {
    if (widthOf(keep.map((k) => narrowed[k])) <= width) break;
    keep = keep.filter((k) => k !== i);
  }
  return { columns: keep.map((k) => narrowed[k]), keep };
}

export const pick = <T>(cells: readonly T[], keep: readonly number[]): T[] => keep.map((k) => cells[k]);

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}~` : text;
  return align === 'right' ? t.padStart(width) : t.padEnd(width);
}

export function line(columns: readonly Column[], cells: readonly string[]): string {
  return columns.map((c, i) => fit(cells[i] ?? '', c.width, c.align)).join(' ');
}

/** The rows that fit in `height` lines, keeping `focus` visible (used for scrolling and selection). */
export function windowOf<T>(rows: readonly T[], height: number, focus: number): { rows: T[]; first: number } {
  if (rows.length <= height) return { rows: [...rows], first: 0 };
  const first = Math.max(0, Math.min(rows.length - height, focus - Math.floor(height / 2)));
  return { rows: rows.slice(first, first + height), first };
}
