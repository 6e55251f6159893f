/** SNMP counters of the selected instance (all stacks summed) with per-second deltas. */
import { Text } from 'ink';
import type { SnmpRow } from '../../stats/snmp.js';
import { formatCount } from '../../stats/units.js';
import { snmpRowsView } from '../state/tableViews.js';
import type { Sort } from '../state/viewState.js';
import { ScrollTable } from './ScrollTable.js';

export interface SnmpViewProps {
  rows: readonly SnmpRow[] | null;
  sort: Sort;
  filter: string;
  nonZeroOnly: boolean;
  scroll: number;
  height: number;
}

const columns = [
  { title: 'COUNTER', width: 32 },
  { title: 'VALUE', width: 12, align: 'right' as const },
  { title: 'PER SEC', width: 10, align: 'right' as const },
];

export function SnmpView({ rows, sort, filter, nonZeroOnly, scroll, height }: SnmpViewProps) {
  if (!rows) return <Text dimColor>waiting for SNMP counters...</Text>;
  const shown = snmpRowsView(rows, sort, filter, nonZeroOnly).map((r) => ({
    key: r.name,
    cells: [r.name, String(r.value), formatCount(r.perSec)],
  }));
  const note = nonZeroOnly ? 'non-zero only (z: all)' : 'all counters (z: non-zero only)';
  return <ScrollTable columns={columns} rows={shown} scroll={scroll} height={height} note={note} />;
}
