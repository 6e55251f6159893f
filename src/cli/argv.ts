/**
 * Turns a gazellectl command line into an oclif one. The C grammar is positional (`lstack show IP -r`,
 * `-u PREFIX` anywhere), which oclif's flag parser would reject, so C-style lines are routed to their
 * command with the C words after `--`; our own long options (`--json`, `--run-dir DIR`, ...) are
 * lifted out and given to oclif as flags. Other commands (top, sim, ls, ...) pass through untouched.
 */
import { extractUnixPrefix } from './grammar.js';

/** Long options that take a value (so the next word belongs to them, not to the C grammar). */
const VALUE_FLAGS = new Set([
  '--run-dir',
  '--profile',
  '--arch',
  '--cache-line',
  '--timeout',
  '--count',
  '--interval',
  '--unix-prefix',
  '--config',
  '-c', // never: -c is the C connect option; listed here only to document that it is NOT lifted
]);
VALUE_FLAGS.delete('-c');

const C_VERBS: Record<string, readonly string[]> = {
  ltran: ['show', 'quit', 'set'],
  lstack: ['show', 'set'],
};

export function prepareArgv(args: readonly string[]): string[] {
  // No words at all (flags like --compat-exit-codes aside): the classic usage text, exit 0.
  if (args.every((a) => a === '--compat-exit-codes')) return ['usage'];
  const { words, prefix } = extractUnixPrefix(args);
  const [target, verb] = words;
  if (target !== 'ltran' && target !== 'lstack') return [...args];
  const ours: string[] = [];
  const cwords: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i >= 2 && w.startsWith('--') && w.length > 2) {
      ours.push(w);
      if (VALUE_FLAGS.has(w) && i + 1 < words.length) ours.push(words[++i]);
    } else if (i >= 2 || !C_VERBS[target].includes(verb ?? '')) {
      cwords.push(w);
    }
  }
  if (prefix !== undefined) ours.push('--unix-prefix', prefix);
  // Unknown or missing verbs still go through the C grammar, which explains what is wrong.
  const id = verb !== undefined && C_VERBS[target].includes(verb) ? [target, verb] : ['compat'];
  return [...id, ...ours, '--', ...cwords];
}
