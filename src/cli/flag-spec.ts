/**
 * The flags of the C-compatible commands as plain data: oclif's definitions (flags.ts) are built
 * from it, and so is the fast path (fast.ts) that runs `ltran`/`lstack` lines without loading oclif.
 */
import { ARCHES, PROFILE_NAMES } from '../protocol/profiles.js';

export interface FlagSpec {
  type: 'boolean' | 'string' | 'integer';
  char?: string;
  summary: string;
  options?: readonly string[];
  min?: number;
  default?: number;
  group?: string;
}

export const CONNECTION_FLAGS = {
  'run-dir': {
    type: 'string',
    summary: 'Directory of the control sockets (default /var/run/gazelle/, env GAZELLE_RUN_DIR).',
  },
  'unix-prefix': {
    type: 'string',
    char: 'u',
    summary: 'unix_prefix of the instance (as in lstack.conf/ltran.conf); `-u PREFIX` may stand anywhere.',
  },
  config: {
    type: 'string',
    summary:
      "lstack.conf or ltran.conf: take unix_prefix (and use_ltran) from it; an explicit -u wins. Long form only: -c is the C tool's connection-table option.",
  },
  profile: {
    type: 'string',
    summary:
      'Gazelle protocol era (env GAZELLECTL_PROFILE); auto: detect it from the socket name and the answer to one read-only request.',
    options: [...PROFILE_NAMES, 'auto'],
  },
  arch: {
    type: 'string',
    summary: 'Architecture of the daemon: sets the DPDK cache line (env GAZELLECTL_ARCH).',
    options: Object.keys(ARCHES),
  },
  'cache-line': {
    type: 'integer',
    summary: 'Override RTE_CACHE_LINE_SIZE (64 or 128) for unusual DPDK builds.',
    options: ['64', '128'],
  },
  timeout: {
    type: 'integer',
    summary: 'Milliseconds to wait for each read (the C tool: 5000).',
    default: 5000,
    min: 1,
  },
} as const satisfies Record<string, FlagSpec>;

export const OUTPUT_FLAGS = {
  json: { type: 'boolean', summary: 'Print JSON (NDJSON, one object per sample, for -r/burst).' },
  count: {
    type: 'integer',
    summary: 'Stop a -r/burst loop after N printed samples (the C tool loops forever).',
    min: 1,
  },
  interval: { type: 'integer', summary: 'Seconds between -r/burst samples (default as the C tool).', min: 1 },
  'compat-exit-codes': {
    type: 'boolean',
    summary: 'Behave like the C tool on errors: its text on stdout, exit 0 for usage, 255 for failures.',
  },
} as const satisfies Record<string, FlagSpec>;

export const C_COMMAND_FLAGS: Record<string, FlagSpec> = { ...CONNECTION_FLAGS, ...OUTPUT_FLAGS };
