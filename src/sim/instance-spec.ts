/**
 * `--instance [PREFIX:]MODE[:STACKS[:CLIENTS]]`: one simulated daemon. MODE is `lstack` (an
 * application with its own lstack_cmd.sock) or `ltran` (ltran_cmd.sock with CLIENTS registered lstack
 * processes of STACKS stacks each).
 */
import { UsageError } from '../errors.js';
import { GAZELLE_CLIENT_NUM, GAZELLE_MAX_STACK_ARRAY_SIZE } from '../protocol/structs-common.js';
import { validateUnixPrefix } from '../transport/paths.js';

export type InstanceMode = 'lstack' | 'ltran';

export interface InstanceSpec {
  /** unix_prefix, pasted between the run dir and the socket file name. */
  readonly prefix: string;
  readonly mode: InstanceMode;
  /** Stack threads of each lstack process. */
  readonly stacks: number;
  /** ltran only: registered lstack processes. */
  readonly clients: number;
}

export const DEFAULT_STACKS = 2;
export const DEFAULT_INSTANCE: InstanceSpec = {
  prefix: '',
  mode: 'lstack',
  stacks: DEFAULT_STACKS,
  clients: 1,
};

const isMode = (w: string | undefined): w is InstanceMode => w === 'lstack' || w === 'ltran';
const SYNTAX = '[PREFIX:]lstack[:STACKS] or [PREFIX:]ltran[:STACKS[:CLIENTS]]';

export function parseInstanceSpec(text: string): InstanceSpec {
  const parts = text.split(':');
  // A leading word that is followed by a mode is the prefix (so even a prefix named "ltran" works).
  const prefix = parts.length >= 2 && isMode(parts[1]) ? parts.shift()! : '';
  const [mode, stacks, clients, ...extra] = parts;
  if (!isMode(mode) || extra.length > 0)
    throw new UsageError(`invalid --instance '${text}'`, `use ${SYNTAX}`);
  if (mode === 'lstack' && clients !== undefined) {
    throw new UsageError(`invalid --instance '${text}': only ltran has CLIENTS`, `use ${SYNTAX}`);
  }
  validateUnixPrefix(prefix);
  return {
    prefix,
    mode,
    stacks: count(stacks, DEFAULT_STACKS, GAZELLE_MAX_STACK_ARRAY_SIZE, 'STACKS', text),
    clients: count(clients, 1, GAZELLE_CLIENT_NUM, 'CLIENTS', text),
  };
}

function count(word: string | undefined, fallback: number, max: number, what: string, text: string): number {
  if (word === undefined) return fallback;
  const n = /^\d+$/.test(word) ? Number(word) : NaN;
  if (!(n >= 1 && n <= max)) throw new UsageError(`invalid --instance '${text}': ${what} must be 1..${max}`);
  return n;
}
