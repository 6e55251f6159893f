/** The DPDK group of the selected instance as text lines (state/threadLines.ts), scrollable. */
import { Box, Text } from 'ink';

export interface ThreadsViewProps {
  lines: readonly string[];
  scroll: number;
  height: number;
}

export function ThreadsView({ lines, scroll, height }: ThreadsViewProps) {
  const from = Math.max(0, Math.min(scroll, lines.length - height));
  return (
    <Box flexDirection="column">
      {lines.slice(from, from + Math.max(1, height)).map((l, i) => (
        <Text key={from + i} wrap="truncate" bold={l.startsWith('GROUP ')}>
          {l}
        </Text>
      ))}
    </Box>
  );
}
