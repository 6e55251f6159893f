/**
 * oclif reports flag and argument errors on several lines ("Error: ...", "See more help with
 * --help", the usage text). Every failure of gazellectl is one line and exit 2 for bad usage, so
 * bin/run.js turns oclif's parse errors into that line. Pure.
 */
import { EXIT } from '../errors.js';

interface OclifLikeError {
  name?: string;
  message?: string;
  oclif?: { exit?: number };
  parse?: { input?: { argv?: unknown } };
}

/** oclif's parse errors (bad flag value, unknown flag, missing or unexpected argument). */
export function isParseError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as OclifLikeError;
  // CLIParseError and its subclasses carry `parse`; flag parse functions throw inside them
  return (
    err.parse !== undefined ||
    /^(Nonexistent flag|Flag --\S+ expects a value|Parsing --\S+ \n)/.test(err.message ?? '')
  );
}

/** The command id of oclif's "Command X not found." (its help class throws it for `X --help`). */
export function notFoundCommandId(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return null;
  const m = /^Command (\S+) not found\.?$/.exec(((e as OclifLikeError).message ?? '').trim());
  return m ? m[1] : null;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** One line for an oclif parse error: its message without oclif's help pointers and notes. */
export function parseErrorLine(e: unknown, commandWords: string): string {
  const message = String((e as OclifLikeError).message ?? e).replace(ANSI, '');
  const kept: string[] = [];
  for (const raw of message.split('\n')) {
    const line = raw.trim();
    if (line === 'See more help with --help') continue;
    // the note about multiple-value flags and "--": oclif's advice, not the error
    if (line.startsWith('Note:') || line.startsWith('Alternatively,')) break;
    if (line) kept.push(line.replace(/:$/, ''));
  }
  let text = kept.join(': ').replace(/\s+/g, ' ');
  text = text.replace(/^Parsing (--\S+): /, '$1: ').replace(/^The following error occurred: /, '');
  const help = commandWords ? `gazellectl ${commandWords} --help` : 'gazellectl --help';
  return `gazellectl: ${text} (see '${help}')\n`;
}

export const PARSE_ERROR_EXIT = EXIT.usage;
