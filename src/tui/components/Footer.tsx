/** The bottom line: an open prompt (filter, loglevel) or the last message. */
import { Text } from 'ink';
import type { Prompt } from '../state/viewState.js';
import { label } from '../../monitor/label.js';

export function Footer({ prompt, message }: { prompt: Prompt | null; message: string | null }) {
  if (prompt?.kind === 'filter')
    return <Text color="yellow">{`/${prompt.text}_   (Enter keeps, Esc clears)`}</Text>;
  if (prompt?.kind === 'goto')
    return (
      <Text color="yellow">{`go to (HH:MM[:SS] UTC, 2026-11-29T03:14:07Z, +5m): ${prompt.text}_   (Enter goes, Esc cancels)`}</Text>
    );
  if (prompt?.kind === 'loglevel')
    return (
      <Text color="yellow">{`set loglevel of ${label(prompt.prefix)}: [e]rror [i]nfo [d]ebug (Esc cancels)`}</Text>
    );
  if (prompt?.kind === 'confirm-loglevel')
    return (
      <Text color="yellow" bold>{`set loglevel of ${label(prompt.prefix)} to ${prompt.level}? [y/n]`}</Text>
    );
  return <Text dimColor={!message}>{message ?? ' '}</Text>;
}
