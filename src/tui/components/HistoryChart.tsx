/** rx/tx (and drop) packets per second of the selected stack or instance, newest on the right. */
import asciichart from 'asciichart';
import { Box, Text } from 'ink';
import { lastPoints, type RatePoint } from '../../stats/history.js';
import { formatCount } from '../../stats/units.js';

export interface HistoryChartProps {
  title: string;
  series: readonly RatePoint[];
  width: number;
  height: number;
}

/** Width of asciichart's y-axis labels plus the axis itself. */
const AXIS = 10;

export function HistoryChart({ title, series, width, height }: HistoryChartProps) {
  const points = lastPoints(series, Math.max(2, width - AXIS - 2));
  const header = (
    <Text>
      <Text bold>{title}</Text>
      <Text color="green">{'  rx pkt/s'}</Text>
      <Text color="blue">{'  tx pkt/s'}</Text>
      <Text color="red">{'  drops/s'}</Text>
    </Text>
  );
  if (points.length < 2) {
    return (
      <Box flexDirection="column">
        {header}
        <Text dimColor>collecting history...</Text>
      </Box>
    );
  }
  const chart = asciichart.plot(
    [points.map((p) => p.rxPps), points.map((p) => p.txPps), points.map((p) => p.dropPs)],
    {
      height: Math.max(1, height - 2),
      colors: [asciichart.green, asciichart.blue, asciichart.red],
      format: (x: number) => formatCount(Math.round(x)).padStart(AXIS - 2),
    },
  );
  return (
    <Box flexDirection="column">
      {header}
      <Text>{chart}</Text>
    </Box>
  );
}
