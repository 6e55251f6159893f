/** NIC xstats (non-zero toggle) and offload features of the selected instance (lstack mode only). */
import { Box, Text } from 'ink';
import type { OffloadRow, XstatRow } from '../../stats/nic.js';
import { xstatRowsView } from '../state/tableViews.js';
import type { Sort } from '../state/viewState.js';
import { ScrollTable } from './ScrollTable.js';

export interface NicViewProps {
  nic: { xstats: XstatRow[]; offloads: OffloadRow[] } | null;
  ltran: boolean;
  sort: Sort;
  filter: string;
  nonZeroOnly: boolean;
  scroll: number;
  height: number;
}

const columns = [
  { title: 'XSTAT', width: 36 },
  { title: 'VALUE', width: 16, align: 'right' as const },
];

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
      <ScrollTable
        columns={columns}
        rows={rows}
        scroll={scroll}
        height={height}
        note={nonZeroOnly ? 'non-zero only (z)' : 'all (z)'}
      />
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
