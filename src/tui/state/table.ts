/** Sorting and filtering of table rows: pure, shared by every view. */
import type { Sort } from './viewState.js';

export type Cell = string | number | bigint | null;

/** Numbers (and bigints) compare numerically, strings naturally ("10.0.0.9" < "10.0.0.10"); nulls last. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a !== 'string' && typeof b !== 'string') return a < b ? -1 : a > b ? 1 : 0;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Stable sort by one column; rows without that column keep their place relative to each other. */
export function sortRows<T>(rows: readonly T[], sort: Sort, cell: (row: T, column: string) => Cell): T[] {
  const dir = sort.order === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => {
      const a = cell(x.row, sort.column);
      const b = cell(y.row, sort.column);
      // Nulls ("no rate yet") stay last in both orders.
      if (a === null || b === null) return compareCells(a, b) || x.i - y.i;
      return dir * compareCells(a, b) || x.i - y.i;
    })
    .map((x) => x.row);
}

/** Case-insensitive substring match on any of the row's texts; an empty filter keeps everything. */
export function filterRows<T>(rows: readonly T[], filter: string, texts: (row: T) => readonly string[]): T[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return [...rows];
  return rows.filter((r) => texts(r).some((t) => t.toLowerCase().includes(needle)));
}
