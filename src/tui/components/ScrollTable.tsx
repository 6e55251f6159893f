/** A Table showing `height` rows from `scroll`, with a position line when there is more. */
import { Box } from 'ink';
import type { Column } from './columns.js';
import { Line } from './Line.js';
import { Table, type TableRow } from './Table.js';
import type { Sort } from '../state/viewState.js';

/** What a view of counters as a scrolling table (snmp, nic) is told besides its data. */
export interface CounterTableProps {
  sort: Sort;
  filter: string;
  nonZeroOnly: boolean;
  scroll: number;
  height: number;
}

/** The position line's note in the snmp and nic views: what is shown now, and what z would do. */
export const zeroNote = (nonZeroOnly: boolean): string =>
  nonZeroOnly ? 'non-zero only · z shows all' : 'all counters · z hides zeros';

export interface ScrollTableProps {
  columns: readonly Column[];
  rows: readonly TableRow[];
  scroll: number;
  height: number;
  /** Extra note for the position line (e.g. truncation by the daemon). */
  note?: string;
  width?: number;
}

export function ScrollTable({ columns, rows, scroll, height, note, width }: ScrollTableProps) {
  const visible = Math.max(1, height - 2);
  const first = Math.max(0, Math.min(scroll, rows.length - visible));
  const shown = rows.slice(first, first + visible);
  const position =
    rows.length > visible
      ? `rows ${first + 1}-${first + shown.length} of ${rows.length}`
      : `${rows.length} rows`;
  return (
    <Box flexDirection="column">
      <Table columns={columns} rows={shown} width={width} />
      <Line style={{ dim: true }} width={width}>
        {`${position}${note ? `  ${note}` : ''}`}
      </Line>
    </Box>
  );
}
