/**
 * What gazellectl needs from lstack.conf / ltran.conf: the unix_prefix the daemon built its socket
 * names from, and (lstack.conf) use_ltran, which says whether lstack listens itself or talks through
 * ltran. Pure over the parsed tree.
 */
import { UsageError } from '../errors.js';
import { unixPrefixProblem } from '../transport/paths.js';
import { parseLibconfig, type ConfigGroup, type ConfigValue } from './libconfig.js';

export type ConfKind = 'lstack' | 'ltran';

export interface GazelleConf {
  readonly file: string;
  /** Which daemon's file this is (lstack.conf or ltran.conf). */
  readonly kind: ConfKind;
  /** unix_prefix, '' when the file does not set it (the daemons' default). */
  readonly unixPrefix: string;
  /** lstack.conf's use_ltran; undefined for ltran.conf or when the file does not set it. */
  readonly useLtran?: boolean;
  readonly settings: ConfigGroup;
}

/** Settings only ltran.conf has, and settings only lstack.conf has (Gazelle's example files). */
const LTRAN_ONLY = [
  'forward_kit',
  'forward_kit_args',
  'dispatch_subnet',
  'dispatch_max_clients',
  'bond_ports',
];
const LSTACK_ONLY = ['use_ltran', 'dpdk_args', 'host_addr', 'num_cpus', 'stack_thread_mode'];

function kindOf(file: string, settings: ConfigGroup): ConfKind {
  if (LTRAN_ONLY.some((k) => settings.has(k))) return 'ltran';
  if (LSTACK_ONLY.some((k) => settings.has(k))) return 'lstack';
  return /ltran[^/]*$/.test(file) ? 'ltran' : 'lstack';
}

const where = (file: string, v: ConfigValue): string => `${file}:${v.line}:${v.column}`;

export function gazelleConf(text: string, file: string): GazelleConf {
  const settings = parseLibconfig(text, file);
  const kind = kindOf(file, settings);
  let unixPrefix = '';
  const prefix = settings.get('unix_prefix');
  if (prefix) {
    if (prefix.kind !== 'string') {
      throw new UsageError(`${where(file, prefix)}: unix_prefix: expected a string, found ${prefix.kind}`);
    }
    const problem = unixPrefixProblem(prefix.value);
    if (problem) throw new UsageError(`${where(file, prefix)}: unix_prefix ${problem}`);
    unixPrefix = prefix.value;
  }
  let useLtran: boolean | undefined;
  const ul = kind === 'lstack' ? settings.get('use_ltran') : undefined;
  if (ul) {
    if (ul.kind === 'bool') useLtran = ul.value;
    else if (ul.kind === 'int' && (ul.value === 0n || ul.value === 1n)) useLtran = ul.value === 1n;
    else throw new UsageError(`${where(file, ul)}: use_ltran: expected 0 or 1`);
  }
  return { file, kind, unixPrefix, useLtran, settings };
}
