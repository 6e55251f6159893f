/** SNMP counters of the selected instance (all stacks summed) with per-second deltas. */
import { Text } from 'ink';
import type { SnmpRow } from '../../stats/snmp.js';
import { formatCount } from '../../stats/units.js';
import { snmpRowsView } from '../state/tableViews.js';
import { ScrollTable, zeroNote, type CounterTableProps } from './ScrollTable.js';
import { right } from './columns.js';

export interface SnmpViewProps extends CounterTableProps {
  rows: readonly SnmpRow[] | null;
}

const columns = [{ title: 'COUNTER', width: 32 }, right('VALUE', 12), right('PER SEC', 10)];

export function SnmpView({ rows, sort, filter, nonZeroOnly, scroll, height }: SnmpViewProps) {
  if (!rows) return <Text dimColor>waiting for SNMP counters...</Text>;
  const shown = snmpRowsView(rows, sort, filter, nonZeroOnly).map((r) => ({
    key: r.name,
    cells: [r.name, String(r.value), formatCount(r.perSec)],
  }));
  const note = zeroNote(nonZeroOnly);
  return <ScrollTable columns={columns} rows={shown} scroll={scroll} height={height} note={note} />;
}
