/** Flags shared by every command that talks to a daemon. */
import { Flags } from '@oclif/core';
import { ARCHES, PROFILE_NAMES } from '../protocol/profiles.js';

export const connectionFlags = {
  'run-dir': Flags.string({
    summary: 'Directory of the control sockets (default /var/run/gazelle/, env GAZELLE_RUN_DIR).',
    helpGroup: 'CONNECTION',
  }),
  'unix-prefix': Flags.string({
    char: 'u',
    summary: 'unix_prefix of the instance (as in lstack.conf/ltran.conf); `-u PREFIX` may stand anywhere.',
    helpGroup: 'CONNECTION',
  }),
  profile: Flags.string({
    summary: 'Gazelle protocol era (env GAZELLECTL_PROFILE).',
    options: [...PROFILE_NAMES],
    helpGroup: 'CONNECTION',
  }),
  arch: Flags.string({
    summary: 'Architecture of the daemon: sets the DPDK cache line (env GAZELLECTL_ARCH).',
    options: Object.keys(ARCHES),
    helpGroup: 'CONNECTION',
  }),
  'cache-line': Flags.integer({
    summary: 'Override RTE_CACHE_LINE_SIZE (64 or 128) for unusual DPDK builds.',
    options: ['64', '128'] as never,
    helpGroup: 'CONNECTION',
  }),
  timeout: Flags.integer({
    summary: 'Milliseconds to wait for each read (the C tool: 5000).',
    default: 5000,
    min: 1,
    helpGroup: 'CONNECTION',
  }),
};

export const outputFlags = {
  json: Flags.boolean({ summary: 'Print JSON (NDJSON, one object per sample, for -r/burst).' }),
  count: Flags.integer({ summary: 'Stop a -r/burst loop after N samples (the C tool loops forever).', min: 1 }),
  interval: Flags.integer({ summary: 'Seconds between -r/burst samples (default as the C tool).', min: 1 }),
  'compat-exit-codes': Flags.boolean({
    summary: 'Behave like the C tool on errors: its text on stdout, exit 0 for usage, 255 for failures.',
  }),
};

export const gazelleFlags = { ...connectionFlags, ...outputFlags };
