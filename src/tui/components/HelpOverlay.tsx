import { Box, Text } from 'ink';
import { KEY_HELP } from '../state/keymap.js';

export function HelpOverlay() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>gazellectl top: keys</Text>
      {KEY_HELP.map(([keys, what]) => (
        <Text key={keys}>
          <Text color="cyan">{keys.padEnd(16)}</Text>
          {what}
        </Text>
      ))}
      <Text dimColor>any key closes this help</Text>
    </Box>
  );
}
