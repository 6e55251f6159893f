import { Box, Text } from 'ink';
import { line, type Column } from './columns.js';

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
}

export function Table({ columns, rows, highlight }: TableProps) {
  return (
    <Box flexDirection="column">
      <Text bold underline>
        {line(
          columns,
          columns.map((c) => c.title),
        )}
      </Text>
      {rows.map((r) => (
        <Text key={r.key} bold={r.bold} color={r.color} dimColor={r.dim} inverse={r.key === highlight}>
          {line(columns, r.cells)}
        </Text>
      ))}
    </Box>
  );
}
