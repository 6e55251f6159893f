/**
 * Fast path for `gazellectl ltran|lstack ...`: operators run these in loops and scripts, so they
 * must start about as fast as node itself. The argv has already been normalised by argv.ts; here
 * our long flags are parsed with node's util.parseArgs from the same specs oclif uses, and the line
 * runs without loading oclif. --help and anything unusual fall back to oclif.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { C_COMMAND_FLAGS } from './flag-spec.js';
import { runGazelle, type GazelleFlags } from './gazelle.js';
import { reportFailure } from './fail.js';
import { processIo } from './stdio.js';
import { usageText } from '../format/c/index.js';

const C_IDS = new Set(['lstack show', 'lstack set', 'ltran show', 'ltran set', 'ltran quit', 'compat']);

/** Returns the exit code, or null when oclif should handle this line. */
export async function runFast(argv: readonly string[]): Promise<number | null> {
  const sep = argv.indexOf('--');
  if (sep < 0) return null;
  const head = argv.slice(0, sep);
  const id = head[0] === 'compat' ? 'compat' : head.slice(0, 2).join(' ');
  if (!C_IDS.has(id)) return null;
  const flagWords = head.slice(id === 'compat' ? 1 : 2);
  if (flagWords.some((w) => w === '--help' || w === '-h' || w === '--version')) return null;
  const io = processIo();
  const options = Object.fromEntries(
    Object.entries(C_COMMAND_FLAGS).map(([name, s]) => [
      name,
      { type: s.type === 'boolean' ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  let flags: GazelleFlags;
  try {
    const { values } = parseArgs({
      args: attachNegativeValues(flagWords),
      options,
      strict: true,
      allowPositionals: false,
    });
    flags = { timeout: 5000, json: false, 'compat-exit-codes': false } as GazelleFlags;
    for (const [name, raw] of Object.entries(values)) {
      const spec = C_COMMAND_FLAGS[name];
      let v: unknown = raw;
      if (spec.type === 'integer') {
        if (!/^\d+$/.test(String(raw)) || (spec.min !== undefined && Number(raw) < spec.min)) {
          throw new UsageError(
            `--${name} expects a whole number${spec.min ? ` >= ${spec.min}` : ''}, got '${raw}'`,
          );
        }
        v = Number(raw);
      }
      if (spec.options && !spec.options.includes(String(raw))) {
        throw new UsageError(`--${name} must be one of ${spec.options.join(', ')}, got '${raw}'`);
      }
      (flags as unknown as Record<string, unknown>)[name] = v;
    }
  } catch (e) {
    const err =
      e instanceof UsageError
        ? e
        : new UsageError(parseArgsLine(e instanceof Error ? e.message : String(e)), 'see gazellectl --help');
    return reportFailure(err, io, { compat: false, usageText: usageText('v1.0.3') });
  }
  const words = id === 'compat' ? argv.slice(sep + 1) : [...head.slice(0, 2), ...argv.slice(sep + 1)];
  return runGazelle([...words], flags, io);
}

/**
 * `--timeout -5` is a value, not an option: parseArgs refuses it as ambiguous, while our checks
 * below say what a negative number is wrong for.
 */
function attachNegativeValues(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const spec = words[i].startsWith('--') ? C_COMMAND_FLAGS[words[i].slice(2)] : undefined;
    if (spec && spec.type !== 'boolean' && /^-\d/.test(words[i + 1] ?? ''))
      out.push(`${words[i]}=${words[++i]}`);
    else out.push(words[i]);
  }
  return out;
}

/** node's parse errors run to three lines; the first says what is wrong. */
function parseArgsLine(message: string): string {
  const first = message.split('\n')[0];
  const ambiguous = /^Option '(-[^']+)' argument is ambiguous/.exec(first);
  return ambiguous ? `${ambiguous[1]} expects a value` : first;
}
