import { Box } from 'ink';
import { line, type Column } from './columns.js';
import { Line } from './Line.js';

export interface TableRow {
  key: string;
  cells: string[];
  bold?: boolean;
  color?: string;
  dim?: boolean;
}

export interface TableProps {
  columns: readonly Column[];
  rows: readonly TableRow[];
  /** Key of the highlighted row, if any. */
  highlight?: string | null;
  /** Lines are cut to this width: a wrapped line would push the whole screen down. */
  width?: number;
}

export function Table({ columns, rows, highlight, width = Infinity }: TableProps) {
  const clip = (text: string): string => (text.length > width ? text.slice(0, width) : text);
  return (
    <Box flexDirection="column">
      <Line style={{ bold: true, underline: true }} width={width}>
        {clip(
          line(
            columns,
            columns.map((c) => c.title),
          ),
        )}
      </Line>
      {rows.map((r) => (
        <Line
          key={r.key}
          style={{ bold: r.bold, color: r.color, dim: r.dim, inverse: r.key === highlight }}
          width={width}
        >
          {clip(line(columns, r.cells))}
        </Line>
      ))}
    </Box>
  );
}
