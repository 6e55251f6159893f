/** Fixed-width text columns: tables are rendered as whole lines, which is cheap for ink to diff. */
export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

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
