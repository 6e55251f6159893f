/**
 * Turns a gazellectl command line into an oclif one. Options may stand anywhere: before the command
 * words (`gazellectl --profile v1.0.2 lstack show IP`), between them, after them. oclif only takes
 * flags after the command id, so options in front are moved behind it. The C grammar is positional
 * (`lstack show IP -r`, `-u PREFIX` anywhere), which oclif's flag parser would reject, so C-style
 * lines are routed to their command with the C words after `--`; our own long options (`--json`,
 * `--run-dir DIR`, ...) are lifted out wherever they stand and given to oclif as flags.
 */
import { extractUnixPrefix } from './grammar.js';

/**
 * Options (of any command) that take a value, so the word after them belongs to them and is not a
 * command word. bin/run.js passes the list read from oclif's manifest when it has one; this copy is
 * the fallback, and a test keeps it equal to the manifest.
 */
export const VALUE_FLAGS: readonly string[] = [
  '--run-dir',
  '--unix-prefix',
  '-u',
  '--config',
  '--profile',
  '--arch',
  '--cache-line',
  '--timeout',
  '--count',
  '--interval',
  '--listen',
  '--poll-interval',
  '--view',
  '--sort',
  '--filter',
  '--seed',
  '--pps',
  '--instance',
  '--dpdk-dir',
  '--file-prefix',
  '--proc-root',
  '--out',
  '--max-size',
  '--retain',
  '--snmp-every',
  '--conn-every',
  '--key-every',
  '--from',
  '--to',
  '--script',
  '--replay',
  '--at',
  '--speed',
];

const C_VERBS: Record<string, readonly string[]> = {
  ltran: ['show', 'quit', 'set'],
  lstack: ['show', 'set'],
};

const HELP_OR_VERSION = new Set(['--help', '-h', '--version', '-v']);

/** Options in front of the first command word, and the rest of the line. */
function splitLeading(
  args: readonly string[],
  valueFlags: ReadonlySet<string>,
): { lead: string[]; rest: string[] } {
  let i = 0;
  while (i < args.length && args[i].startsWith('-') && args[i] !== '--' && args[i] !== '-') {
    if (valueFlags.has(args[i]) && i + 1 < args.length) i++;
    i++;
  }
  return { lead: args.slice(0, i), rest: args.slice(i) };
}

export function prepareArgv(
  args: readonly string[],
  valueFlagList: readonly string[] = VALUE_FLAGS,
): string[] {
  // The usage text advertises `gazellectl [-h | help]`; the C tool prints it for them (exit 0).
  if (args.length === 0 || (args.length === 1 && (args[0] === '-h' || args[0] === 'help'))) return ['usage'];
  const valueFlags = new Set(valueFlagList);
  const { lead, rest } = splitLeading(args, valueFlags);
  // `gazellectl --help`, `gazellectl --version`: oclif's own, untouched.
  if (lead.some((a) => HELP_OR_VERSION.has(a))) return [...args];
  // Options and no command (`gazellectl -u 07`): what the C tool does with no command.
  if (rest.length === 0) return ['usage'];
  // `gazellectl help lstack show`: what oclif's help plugin would do, the command's own --help
  if (rest[0] === 'help') return [...rest.slice(1), ...lead, '--help'];
  const target = rest[0];
  if (target !== 'ltran' && target !== 'lstack') {
    // oclif commands take flags anywhere after their id; in front of a `--` so they stay flags.
    const sep = rest.indexOf('--');
    return sep < 0 ? [...rest, ...lead] : [...rest.slice(0, sep), ...lead, ...rest.slice(sep)];
  }
  const { words, prefix } = extractUnixPrefix([...rest, ...lead]);
  const ours: string[] = [];
  const plain: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i >= 1 && w.startsWith('--') && w.length > 2) {
      ours.push(w);
      if (valueFlags.has(w) && i + 1 < words.length) ours.push(words[++i]);
    } else {
      plain.push(w);
    }
  }
  const verb = plain[1];
  // `gazellectl lstack --help`: the topic's help.
  if (!C_VERBS[target].includes(verb ?? '') && ours.includes('--help')) return [target, '--help'];
  if (prefix !== undefined) ours.push('--unix-prefix', prefix);
  // Unknown or missing verbs still go through the C grammar, which explains what is wrong.
  if (verb !== undefined && C_VERBS[target].includes(verb)) {
    return [target, verb, ...ours, '--', ...plain.slice(2)];
  }
  return ['compat', ...ours, '--', ...plain];
}
