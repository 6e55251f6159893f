/** NIC xstats (non-zero toggle) and offload features of the selected instance (lstack mode only). */
import { Box, Text } from 'ink';
import type { OffloadRow, XstatRow } from '../../stats/nic.js';
import { xstatRowsView } from '../state/tableViews.js';
import { ScrollTable, zeroNote, type CounterTableProps } from './ScrollTable.js';
import { right } from './columns.js';

export interface NicViewProps extends CounterTableProps {
  nic: { xstats: XstatRow[]; offloads: OffloadRow[] } | null;
  ltran: boolean;
}

const columns = [{ title: 'XSTAT', width: 36 }, right('VALUE', 16)];

export function NicView({ nic, ltran, sort, filter, nonZeroOnly, scroll, height }: NicViewProps) {
  if (ltran)
    return <Text dimColor>ltran does not forward NIC xstats or features; select an lstack instance</Text>;
  if (!nic) return <Text dimColor>waiting for NIC data...</Text>;
  const rows = xstatRowsView(nic.xstats, sort, filter, nonZeroOnly).map((r) => ({
    key: r.name,
    cells: [r.name, String(r.value)],
  }));
  return (
    <Box flexDirection="row" gap={2}>
      <ScrollTable {...{ columns, rows, scroll, height }} note={zeroNote(nonZeroOnly)} />
      <Box flexDirection="column">
        <Text bold underline>
          OFFLOAD FEATURES
        </Text>
        {nic.offloads.map((o) => (
          <Text key={o.feature}>
            {o.feature.padEnd(18)}
            <Text color={o.on ? 'green' : undefined} dimColor={!o.on}>
              {o.on ? 'on' : 'off'}
            </Text>
          </Text>
        ))}
      </Box>
    </Box>
  );
}
