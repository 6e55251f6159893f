import { Text } from 'ink';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 16;

export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  return (
    <Text color="yellow">{`Terminal too small (${columns}x${rows}); gazellectl top needs at least ${MIN_COLUMNS}x${MIN_ROWS}. Enlarge it or press q.`}</Text>
  );
}
