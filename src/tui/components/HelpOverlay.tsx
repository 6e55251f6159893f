import { Box, Text } from 'ink';
import { KEY_HELP, REPLAY_KEY_HELP } from '../state/keymap.js';

/** In replay its own keys come first; the live keys they replace are left out. */
const REPLACED = new Set(['p', '+ / -', 'L', 'm', 'g']);

export function HelpOverlay({ replay = false }: { replay?: boolean }) {
  const keys = replay ? [...REPLAY_KEY_HELP, ...KEY_HELP.filter(([k]) => !REPLACED.has(k))] : KEY_HELP;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{replay ? 'gazellectl top --replay: keys' : 'gazellectl top: keys'}</Text>
      {keys.map(([keys, what]) => (
        <Text key={keys}>
          <Text color="cyan">{keys.padEnd(16)}</Text>
          {what}
        </Text>
      ))}
      <Text dimColor>any key closes this help</Text>
    </Box>
  );
}
